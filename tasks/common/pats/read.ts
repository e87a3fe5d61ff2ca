import type { AdoApi } from '../ado/api';
import { isActive, userPages, type RawGraphSubject } from '../ado/graph';
import { tokenPages } from '../ado/token-admin';
import { HttpError, isAccessDenied } from '../http/errors';
import { mapConcurrent } from '../http/gate';
import type { Logger } from '../model/context';
import type { PatOwner, PatToken } from '../model/pat';

export interface TokenReadOptions {
  concurrency: number;
  includeSshKeys: boolean;
}

export interface TokenReadResult {
  users: number;
  /** Users whose tokens could not be read (the audit is then incomplete). */
  missing: { scope: string; reason: string }[];
}

/** The audit identity cannot use token administration at all: nothing can be audited. */
export class TokenAdminAccessError extends Error {
  constructor(signedInAs: string, cause: HttpError) {
    super(
      `${signedInAs} may not read other users' personal access tokens (token admin answered HTTP ${cause.status}). ` +
        'Token administration needs the audit identity to be a member of Project Collection Administrators.',
      { cause },
    );
    this.name = 'TokenAdminAccessError';
  }
}

/**
 * Streams every user's tokens: users page by page, each page's users concurrently, each token handed to
 * `onToken` as it arrives (nothing is held here). Token admin denial fails the run; any other failure on one
 * user is recorded in `missing` and the audit goes on.
 */
export async function readAllTokens(
  ado: AdoApi,
  options: TokenReadOptions,
  signedInAs: string,
  logger: Logger,
  onToken: (token: PatToken, owner: PatOwner) => void,
): Promise<TokenReadResult> {
  const result: TokenReadResult = { users: 0, missing: [] };
  for await (const page of userPages(ado)) {
    result.users += page.length;
    await mapConcurrent(page, options.concurrency, async (user) => {
      try {
        const owner = await ownerOf(ado, user);
        for (const isPublic of options.includeSshKeys ? [false, true] : [false]) {
          for await (const tokens of tokenPages(ado, user.descriptor, isPublic)) {
            for (const token of tokens) onToken(token, owner);
          }
        }
      } catch (error) {
        if (isAccessDenied(error) && /tokenadmin/i.test(error.url)) throw new TokenAdminAccessError(signedInAs, error);
        result.missing.push({ scope: `tokens of ${user.principalName ?? user.displayName ?? user.descriptor}`, reason: (error as Error).message });
      }
    });
    logger.info(`Read the tokens of ${result.users} users so far`);
  }
  return result;
}

async function ownerOf(ado: AdoApi, user: RawGraphSubject): Promise<PatOwner> {
  return {
    descriptor: user.descriptor,
    displayName: user.displayName ?? user.principalName ?? user.descriptor,
    principalName: user.principalName,
    mailAddress: user.mailAddress,
    deletedInOrigin: user.isDeletedInOrigin,
    active: await isActive(ado, user.descriptor),
  };
}

/**
 * Users are read concurrently, so tokens arrive in whatever order the answers come back. Sorting by owner and token
 * id (both stable service ids) makes two runs over the same organization write identical reports.
 */
export function inStableOrder<T extends { owner: { descriptor: string }; token: { authorizationId: string; isPublic?: boolean } }>(entries: readonly T[]): T[] {
  const key = (entry: T) => `${entry.owner.descriptor}\u0000${entry.token.isPublic ? 1 : 0}\u0000${entry.token.authorizationId}`;
  return [...entries].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}
