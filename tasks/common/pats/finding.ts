/** Builds PAT findings consistently. */
import type { Finding, RuleInfo, Severity } from '../model/finding';
import type { PatOwner, PatToken } from '../model/pat';
import { ruleFinding } from '../rules/finding';
import { RuleResultBuilder } from '../rules/result';
import { ownerPrincipal, patResource, tokenEvidence } from './refs';
import type { RuleResult } from './rule';

export function patFinding(
  info: RuleInfo,
  severity: Severity,
  message: string,
  token: PatToken,
  owner: PatOwner,
  evidence: Finding['evidence'] = {},
): Finding {
  return ruleFinding(info, {
    severity,
    message,
    resource: patResource(token, owner),
    principal: ownerPrincipal(owner),
    evidence: { ...tokenEvidence(token), ...evidence },
  });
}

/** Result for one token: evaluated when `applies`, plus the findings given. */
export function tokenResult(info: RuleInfo, token: PatToken, owner: PatOwner, applies: boolean, findings: Finding[] = []): RuleResult {
  const out = new RuleResultBuilder(info.id);
  if (applies) out.evaluatedOn(patResource(token, owner));
  for (const finding of findings) out.add(finding);
  return out.build();
}
