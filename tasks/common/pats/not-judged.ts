/** The PAT rules a run could not judge: their baseline findings are carried and their work items kept open. */
import { PAT_RULES, POSTURE_RULES } from './catalog';
import type { EventRead } from './events-read';
import type { PolicyPosture } from './posture';
import { PAT014 } from './rules/PAT014';
import type { PatAuditSettings } from './settings';

/**
 * Token rules when some token lists could not be read; a policy rule when the policies were skipped
 * (`checkPolicies: false`) or its policy was unknown (it neither passed nor found anything); PAT014 when the audit log
 * was skipped (`auditLookbackDays: 0`) or is unknown (refused, or audit logging off or unknown). Pure.
 */
export function patRulesNotJudged(input: {
  tokensComplete: boolean;
  posture: PolicyPosture | undefined;
  events: EventRead;
  settings: PatAuditSettings;
}): Set<string> {
  const rules = new Set<string>();
  if (!input.tokensComplete) for (const rule of PAT_RULES) rules.add(rule.info.id);
  for (const rule of POSTURE_RULES) {
    if (!input.posture) {
      rules.add(rule.info.id);
      continue;
    }
    const result = rule.evaluate(input.posture, input.settings);
    if (result.findings.length === 0 && result.evaluated.length === 0) rules.add(rule.info.id);
  }
  if (input.events.state !== 'read') rules.add(PAT014.info.id);
  return rules;
}
