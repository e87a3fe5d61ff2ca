/** Runs the PAT rules over one token. */
import type { PatOwner, PatToken } from '../model/pat';
import { PAT_RULES } from './catalog';
import type { RuleResult } from './rule';
import type { PatAuditSettings } from './settings';

export interface RunPatRulesOptions {
  /** Only these rule ids (default: all). Unknown ids throw. */
  ruleIds?: readonly string[];
}

/** Evaluates every rule (or `options.ruleIds`) on one token; findings in catalog order. Pure. */
export function runPatRules(
  token: PatToken,
  owner: PatOwner,
  settings: PatAuditSettings,
  now: Date,
  options: RunPatRulesOptions = {},
): RuleResult {
  const wanted = options.ruleIds ? new Set(options.ruleIds) : undefined;
  if (wanted) {
    const unknown = [...wanted].filter((id) => !PAT_RULES.some((rule) => rule.info.id === id));
    if (unknown.length > 0) throw new Error(`Unknown PAT audit rule id(s): ${unknown.join(', ')}`);
  }
  const result: RuleResult = { findings: [], evaluated: [] };
  for (const rule of PAT_RULES) {
    if (wanted && !wanted.has(rule.info.id)) continue;
    const { findings, evaluated } = rule.evaluate(token, owner, settings, now);
    result.findings.push(...findings);
    result.evaluated.push(...evaluated);
  }
  return result;
}
