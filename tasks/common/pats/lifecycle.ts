/**
 * Token life-cycle instants, all UTC. A token is usable while `now < validTo`; at `validTo` exactly it is
 * expired. "Live" = `isValid` and not expired; rules about risk (scope, reach, lifetime, owner) judge only
 * live tokens, and PAT006 reports the dead ones still listed.
 */
import type { PatToken } from '../model/pat';
import { DAY_MS } from './rule';

export function isExpired(token: PatToken, now: Date): boolean {
  return token.validTo.getTime() <= now.getTime();
}

export function isLive(token: PatToken, now: Date): boolean {
  return token.isValid && !isExpired(token, now);
}

/** Milliseconds until `validTo` (negative when expired). */
export function msUntilExpiry(token: PatToken, now: Date): number {
  return token.validTo.getTime() - now.getTime();
}

/** Whole days left, rounded down (0 = expires within a day). */
export function daysUntilExpiry(token: PatToken, now: Date): number {
  return Math.floor(msUntilExpiry(token, now) / DAY_MS);
}

/** `validTo − validFrom` in milliseconds. */
export function lifetimeMs(token: PatToken): number {
  return token.validTo.getTime() - token.validFrom.getTime();
}

/** Whether the listing is an SSH key (`isPublic`) rather than a PAT, for evidence. */
export function tokenType(token: PatToken): 'sshKey' | 'pat' {
  return token.isPublic ? 'sshKey' : 'pat';
}
