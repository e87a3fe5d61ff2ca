/** The finding every rule family (pool audit, PAT audit) builds: rule id and title from the catalog entry. */
import type { Finding, PrincipalRef, ResourceRef, RuleInfo, Severity } from '../model/finding';

export interface RuleFindingParts {
  severity: Severity;
  message: string;
  resource: ResourceRef;
  /** Left out of the finding when absent (policy findings have no principal). */
  principal?: PrincipalRef;
  evidence: Finding['evidence'];
}

export function ruleFinding(info: RuleInfo, parts: RuleFindingParts): Finding {
  const { severity, message, resource, principal, evidence } = parts;
  return {
    ruleId: info.id,
    severity,
    title: info.title,
    message,
    resource,
    ...(principal ? { principal } : {}),
    evidence,
  };
}
