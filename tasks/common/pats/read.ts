import { AreaNotFoundError, type AdoApi } from '../ado/api';
import { isActive, userPages, type RawGraphSubject } from '../ado/graph';
import { tokenPages } from '../ado/token-admin';
import { HttpError, isAccessDenied } from '../http/errors';
import { mapConcurrent } from '../http/gate';
import type { Logger } from '../model/context';
import type { PatOwner, PatToken } from '../model/pat';
import { isLive } from './lifecycle';

export interface TokenReadOptions {
  concurrency: number;
  includeSshKeys: boolean;
  /** Decides which tokens are live (only their owners' membership state is read). */
  now: Date;
}

export interface TokenReadResult {
  users: number;
  /** Users whose tokens could not be read (the audit is then incomplete). */
  missing: { scope: string; reason: string }[];
}

const EVERY_USER = 'tokens of every user';

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
 * Streams every user's tokens: users page by page (the next page is fetched while this one's users are read), each
 * page's users concurrently, each user's tokens handed to `onToken` once that user is read (nothing else is held).
 * The owner's membership state costs one request per user and matters only to PAT007 on live tokens of owners it
 * can still tell apart, so it is asked only for those (see needsMembershipState); nothing is read twice. Token admin denial fails the run; any other failure on one user is
 * recorded in `missing` and the audit goes on.
 */
export async function readAllTokens(
  ado: AdoApi,
  options: TokenReadOptions,
  signedInAs: string,
  logger: Logger,
  onToken: (token: PatToken, owner: PatOwner) => void,
): Promise<TokenReadResult> {
  const result: TokenReadResult = { users: 0, missing: [] };
  const pages = userPages(ado)[Symbol.asyncIterator]();
  let next = pages.next();
  for (;;) {
    // A failed prefetch surfaces when awaited below, never as an unhandled rejection meanwhile.
    next.catch(() => undefined);
    const page = await next;
    if (page.done) break;
    next = pages.next();
    result.users += page.value.length;
    await mapConcurrent(page.value, options.concurrency, async (user) => {
      try {
        const tokens: PatToken[] = [];
        for (const isPublic of options.includeSshKeys ? [false, true] : [false]) {
          for await (const batch of tokenPages(ado, user.descriptor, isPublic)) tokens.push(...batch);
        }
        const owner = ownerOf(user, needsMembershipState(user, tokens, options.now) ? await isActive(ado, user.descriptor) : undefined);
        for (const token of tokens) onToken(token, owner);
      } catch (error) {
        if (isAccessDenied(error) && /tokenadmin/i.test(error.url)) throw new TokenAdminAccessError(signedInAs, error);
        // An unknown resource area is a fact about the organization, not about this user: said once, asked once.
        if (error instanceof AreaNotFoundError) {
          if (!result.missing.some((entry) => entry.scope === EVERY_USER))
            result.missing.push({ scope: EVERY_USER, reason: error.message });
          return;
        }
        result.missing.push({
          scope: `tokens of ${user.principalName ?? user.displayName ?? user.descriptor}`,
          reason: (error as Error).message,
        });
      }
    });
    logger.info(`Read the tokens of ${result.users} users so far`);
  }
  return result;
}

/**
 * Whether a rule can still judge this owner's tokens by the membership state: only PAT007 reads it, only on live
 * tokens, and an owner deleted in the directory is already "gone" for PAT007 whatever the state says.
 */
export function needsMembershipState(user: RawGraphSubject, tokens: readonly PatToken[], now: Date): boolean {
  return user.isDeletedInOrigin !== true && tokens.some((token) => isLive(token, now));
}

/** The owner as the rules see it; `active` undefined = not asked (no live token) or unknown to the service. */
function ownerOf(user: RawGraphSubject, active: boolean | undefined): PatOwner {
  return {
    descriptor: user.descriptor,
    displayName: user.displayName ?? user.principalName ?? user.descriptor,
    principalName: user.principalName,
    mailAddress: user.mailAddress,
    deletedInOrigin: user.isDeletedInOrigin,
    active,
  };
}

/**
 * Users are read concurrently, so tokens arrive in whatever order the answers come back. Sorting by owner and token
 * id (both stable service ids) makes two runs over the same organization write identical reports.
 */
export function inStableOrder<T extends { owner: { descriptor: string }; token: { authorizationId: string; isPublic?: boolean } }>(
  entries: readonly T[],
): T[] {
  const key = (entry: T) => `${entry.owner.descriptor}\u0000${entry.token.isPublic ? 1 : 0}\u0000${entry.token.authorizationId}`;
  return [...entries].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}
