/**
 * Chooses tokens to revoke from audit results. Pure: the caller performs the revocations (and only when not a
 * dry run). A finding with an active exemption never causes a revocation.
 */
import type { Finding } from '../model/finding';
import type { PatOwner } from '../model/pat';
import type { TokenWithFindings } from './summary';

export const REVOCATION_MODES = ['none', 'expired', 'global', 'fullScope', 'violations'] as const;
export type RevocationMode = (typeof REVOCATION_MODES)[number];

export interface RevocationCandidate {
  authorizationId: string;
  owner: PatOwner;
  name: string;
  /** SSH keys are revoked through the same API with `isPublic=true`. */
  sshKey: boolean;
  /** Rule ids and titles that selected the token, e.g. "PAT002 Global (all organizations) personal access token". */
  reason: string;
}

/**
 * Rules that select a token in each mode. `violations` means every rule except PAT005 (expiring soon is a
 * reminder, not a violation).
 */
const RULES_BY_MODE: Record<Exclude<RevocationMode, 'none'>, readonly string[]> = {
  expired: ['PAT006'],
  global: ['PAT002'],
  fullScope: ['PAT001'],
  violations: ['PAT001', 'PAT002', 'PAT003', 'PAT004', 'PAT006', 'PAT007', 'PAT008'],
};

/** Parses a mode string (e.g. a task input); throws listing the valid modes. */
export function parseRevocationMode(value: string): RevocationMode {
  const mode = REVOCATION_MODES.find((m) => m.toLowerCase() === value.trim().toLowerCase());
  if (!mode) throw new Error(`Unknown revocation mode '${value}'; expected one of ${REVOCATION_MODES.join(', ')}`);
  return mode;
}

/** Tokens to revoke under `mode`, once each, in input order. */
export function selectForRevocation(mode: RevocationMode, tokensWithFindings: readonly TokenWithFindings[]): RevocationCandidate[] {
  if (mode === 'none') return [];
  const ruleIds = new Set(RULES_BY_MODE[mode]);
  const selected: RevocationCandidate[] = [];
  const seen = new Set<string>();
  for (const { token, owner, findings } of tokensWithFindings) {
    if (seen.has(token.authorizationId)) continue;
    const reasons = findings.filter(
      (finding: Finding) => ruleIds.has(finding.ruleId) && !finding.exemption && finding.resource.id === token.authorizationId,
    );
    if (reasons.length === 0) continue;
    seen.add(token.authorizationId);
    selected.push({
      authorizationId: token.authorizationId,
      owner,
      name: token.displayName,
      sshKey: token.isPublic,
      reason: [...new Map(reasons.map((f) => [f.ruleId, `${f.ruleId} ${f.title}`])).values()].join('; '),
    });
  }
  return selected;
}
