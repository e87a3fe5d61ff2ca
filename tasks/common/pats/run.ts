/** Runs the PAT rules over one token. */
import { concatResults } from '../rules/result';
import type { PatOwner, PatToken } from '../model/pat';
import { PAT_RULES } from './catalog';
import type { RuleResult } from './rule';
import type { PatAuditSettings } from './settings';

/** Evaluates every rule on one token; findings in catalog order. Pure: the policy layer drops disabled rules later. */
export function runPatRules(token: PatToken, owner: PatOwner, settings: PatAuditSettings, now: Date): RuleResult {
  return concatResults(PAT_RULES.map((rule) => rule.evaluate(token, owner, settings, now)));
}
