import { createHash } from 'node:crypto';
import type { Finding } from '../model/finding';

/**
 * A fingerprint stable across runs: built from what identifies the problem (rule, organization, resource kind and
 * id, principal id, the finding's `key` when it has one) and never from names, severity, evidence, message text or
 * dates, which change without the problem changing. `organization` is the report's organization, used when the finding
 * names none (single-organization reports), so a finding has the same fingerprint in its own report and in a merged
 * one. Baselines and work items match on it: changing what goes in is a breaking change (test/unit/report/fingerprint.test.ts pins it).
 */
export function findingFingerprint(finding: Finding, organization?: string): string {
  const parts = [
    finding.ruleId,
    (finding.organization ?? organization ?? '').toLowerCase(),
    finding.resource.kind,
    finding.resource.id.toLowerCase(),
    (finding.principal?.id ?? '').toLowerCase(),
    // Only when set, so the fingerprints of findings without a key stay what they were.
    ...(finding.key ? [finding.key] : []),
  ];
  return createHash('sha256').update(parts.join('\u0000')).digest('hex');
}
