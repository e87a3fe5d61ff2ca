/** Purpose profiles: which profiles a token's name matches and what scopes they allow. */
import type { PatToken } from '../model/pat';
import { normalizeScope } from './scopes';
import type { PatAuditSettings, PurposeProfile } from './settings';

export function matchingProfiles(token: PatToken, settings: PatAuditSettings): PurposeProfile[] {
  return settings.purposeProfiles.filter((profile) => new RegExp(profile.namePattern, 'i').test(token.displayName));
}

/** Union of scopes allowed by every profile the token's name matches (normalised). */
export function allowedScopesFor(token: PatToken, settings: PatAuditSettings): Set<string> {
  return new Set(matchingProfiles(token, settings).flatMap((profile) => profile.allowedScopes.map(normalizeScope)));
}
