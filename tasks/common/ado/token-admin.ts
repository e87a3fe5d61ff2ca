import { pagesByBody } from '../http/paging';
import type { PatToken } from '../model/pat';
import { parseTokenAdminDate } from './dates';
import { API_VERSIONS, type AdoApi } from './api';

interface RawSessionToken {
  authorizationId: string;
  displayName?: string | null;
  scope?: string | null;
  targetAccounts?: string[] | null;
  validFrom?: string;
  validTo?: string;
  isValid?: boolean;
  isPublic?: boolean;
}

export function mapSessionToken(raw: RawSessionToken): PatToken {
  return {
    authorizationId: raw.authorizationId,
    displayName: raw.displayName ?? '',
    scopes: (raw.scope ?? '').split(/\s+/).filter(Boolean),
    targetAccounts: raw.targetAccounts === undefined ? null : raw.targetAccounts,
    validFrom: parseTokenAdminDate(raw.validFrom ?? ''),
    validTo: parseTokenAdminDate(raw.validTo ?? ''),
    isValid: raw.isValid !== false,
    isPublic: Boolean(raw.isPublic),
  };
}

/** A user's PATs (or SSH keys with `isPublic`), page by page (body continuation tokens). */
export async function* tokenPages(api: AdoApi, userDescriptor: string, isPublic = false, pageSize = 100): AsyncGenerator<PatToken[]> {
  const url = await api.areaUrl('tokenAdmin', `_apis/tokenadmin/personalaccesstokens/${encodeURIComponent(userDescriptor)}`);
  for await (const page of pagesByBody<RawSessionToken>(api.client, url, {
    query: { pageSize, isPublic, 'api-version': API_VERSIONS.tokenAdmin },
  })) {
    yield page.map(mapSessionToken);
  }
}

/** Revokes tokens by authorization id (204 No Content). */
export async function revokeTokens(api: AdoApi, authorizationIds: string[], isPublic = false): Promise<void> {
  if (authorizationIds.length === 0) return;
  const url = await api.areaUrl('tokenAdmin', '_apis/tokenadmin/revocations', { isPublic, 'api-version': API_VERSIONS.tokenAdmin });
  await api.client.send('POST', url, { body: authorizationIds.map((authorizationId) => ({ authorizationId })), idempotent: true });
}
