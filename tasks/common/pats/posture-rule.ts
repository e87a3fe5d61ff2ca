/** The shape of the rules that judge the organization's PAT policies (PAT009–PAT013), and their finding builder. */
import { ruleFinding } from '../rules/finding';
import { RuleResultBuilder, type RuleResult } from '../rules/result';
import type { Finding, ResourceRef, RuleInfo, Severity } from '../model/finding';
import { policyOf, type KnownPolicyName, type PolicyPosture, type PolicyStatus } from './posture';
import type { PatAuditSettings } from './settings';

export interface PostureRule {
  info: RuleInfo;
  /** Pure. A policy whose state is `unknown` is neither a finding nor a pass (not evaluated). */
  evaluate(posture: PolicyPosture, settings: PatAuditSettings): RuleResult;
}

export function policyResource(policy: PolicyStatus): ResourceRef {
  return { kind: 'policy', id: policy.name, name: policy.title };
}

export function policyFinding(
  info: RuleInfo,
  severity: Severity,
  message: string,
  policy: PolicyStatus,
  evidence: Finding['evidence'] = {},
): Finding {
  return ruleFinding(info, {
    severity,
    message,
    resource: policyResource(policy),
    evidence: { policy: policy.name, source: policy.source, state: policy.state, ...evidence },
  });
}

/** What `judge` returns when the policy was read but lacks what the rule needs (e.g. a day limit): not judged. */
export const NOT_JUDGED = Symbol('not judged');

/**
 * Runs `judge` on one policy when it was read: `judge` returns the finding, undefined for a pass, or NOT_JUDGED when
 * the policy lacks what the rule needs. An unknown or absent policy, or NOT_JUDGED, yields an empty result (never a pass).
 */
export function judgePolicy(
  info: RuleInfo,
  posture: PolicyPosture,
  name: KnownPolicyName,
  judge: (policy: PolicyStatus) => Finding | undefined | typeof NOT_JUDGED,
): RuleResult {
  const out = new RuleResultBuilder(info.id);
  const policy = policyOf(posture, name);
  if (!policy || policy.state === 'unknown') return out.build();
  const finding = judge(policy);
  if (finding === NOT_JUDGED) return out.build();
  out.evaluatedOn(policyResource(policy));
  if (finding) out.add(finding);
  return out.build();
}
