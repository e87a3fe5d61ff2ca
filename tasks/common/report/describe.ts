import type { Finding, ResourceRef, RuleInfo } from '../model/finding';
import { severityRank } from '../policy/outcome';

/** Stable, readable label for a resource: `Linux-Prod [pool 12]`, with its parent when there is one. */
export function describeResource(resource: ResourceRef, organization?: string): string {
  const parent = resource.parent ? ` in ${resource.parent.kind} ${resource.parent.name}` : '';
  const org = organization ? `${organization}/` : '';
  return `${org}${resource.name} [${resource.kind} ${resource.id}]${parent}`;
}

/** Identity key of a resource (kind + id + organization), independent of renames. */
export function resourceKey(resource: ResourceRef, organization?: string): string {
  return `${organization ?? ''}\u0000${resource.kind}\u0000${resource.id}`;
}

/** Principal as shown to people: display name, then principal name when it differs. */
export function describePrincipal(finding: Finding): string {
  const principal = finding.principal;
  if (!principal) return '';
  const extra = principal.principalName && principal.principalName !== principal.displayName ? ` (${principal.principalName})` : '';
  return `${principal.displayName}${extra}`;
}

/** Unexempted first, then most severe, then rule id, then resource name: the order people should read. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    Number(Boolean(a.exemption)) - Number(Boolean(b.exemption)) ||
    severityRank(b.severity) - severityRank(a.severity) ||
    a.ruleId.localeCompare(b.ruleId) ||
    a.resource.name.localeCompare(b.resource.name) ||
    (a.principal?.displayName ?? '').localeCompare(b.principal?.displayName ?? '')
  );
}

/** Report rules plus any rule id that appears in findings but is missing from the list (kept, never dropped). */
export function rulesInReport(rules: readonly RuleInfo[], findings: readonly Finding[]): RuleInfo[] {
  const known = new Map(rules.map((rule) => [rule.id, rule]));
  const result = [...rules];
  for (const finding of findings) {
    if (known.has(finding.ruleId)) continue;
    const placeholder: RuleInfo = {
      id: finding.ruleId,
      title: finding.title,
      defaultSeverity: finding.severity,
      rationale: finding.title,
      fix: '',
    };
    known.set(finding.ruleId, placeholder);
    result.push(placeholder);
  }
  return result;
}
