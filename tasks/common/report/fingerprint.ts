import { createHash } from 'node:crypto';
import type { Finding } from '../model/finding';

/**
 * A fingerprint stable across runs: built from what identifies the problem (rule, organization, resource kind and
 * id, principal id, the finding's `key` when it has one) and never from names, severity or message text, which change without the problem changing.
 */
export function findingFingerprint(finding: Finding): string {
  const parts = [
    finding.ruleId,
    (finding.organization ?? '').toLowerCase(),
    finding.resource.kind,
    finding.resource.id.toLowerCase(),
    (finding.principal?.id ?? '').toLowerCase(),
    // Only when set, so the fingerprints of findings without a key stay what they were.
    ...(finding.key ? [finding.key] : []),
  ];
  return createHash('sha256').update(parts.join('\u0000')).digest('hex');
}
