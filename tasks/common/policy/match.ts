import type { Finding } from '../model/finding';
import { compileNamePattern } from '../patterns/names';
import type { Exemption } from './types';

/** The pattern (the one language of patterns/names.ts: `*`, `?`, case-insensitive) matches one of the candidates. */
function matchesAny(pattern: string, candidates: readonly (string | undefined)[]): boolean {
  const matches = compileNamePattern(pattern);
  return candidates.some((candidate) => candidate !== undefined && candidate !== '' && matches(candidate));
}

/**
 * True when the exemption covers the finding: same rule id (exact) and every matcher it gives matches.
 * resource → resource id or name; principal → principal id, descriptor, display name, principal name or mail;
 * tokenName / authorizationId → a `pat` resource's name / id (the PAT audit puts the token there).
 * Ignores expiry: the caller decides whether the exemption is active.
 */
export function exemptionMatches(exemption: Exemption, finding: Finding): boolean {
  if (exemption.rule !== finding.ruleId) return false;
  const { resource, principal } = finding;
  if (exemption.resource !== undefined && !matchesAny(exemption.resource, [resource.id, resource.name])) return false;
  if (exemption.principal !== undefined) {
    if (!principal) return false;
    const names = [principal.id, principal.descriptor, principal.displayName, principal.principalName, principal.mailAddress];
    if (!matchesAny(exemption.principal, names)) return false;
  }
  const isPat = resource.kind === 'pat';
  if (exemption.tokenName !== undefined && !(isPat && matchesAny(exemption.tokenName, [resource.name]))) return false;
  if (exemption.authorizationId !== undefined && !(isPat && resource.id.toLowerCase() === exemption.authorizationId.toLowerCase())) {
    return false;
  }
  return true;
}
