import { createHash } from 'node:crypto';
import type { Finding } from '../model/finding';

/**
 * A fingerprint stable across runs: built from what identifies the problem (rule, organization, resource kind and
 * id, principal id) and never from names, severity or message text, which change without the problem changing.
 */
export function findingFingerprint(finding: Finding): string {
  const parts = [
    finding.ruleId,
    (finding.organization ?? '').toLowerCase(),
    finding.resource.kind,
    finding.resource.id.toLowerCase(),
    (finding.principal?.id ?? '').toLowerCase(),
  ];
  return createHash('sha256').update(parts.join('\u0000')).digest('hex');
}
