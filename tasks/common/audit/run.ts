/** Runs the pool audit rules over one snapshot. */
import type { RuleResult } from './rule';
import { POOL_RULES } from './catalog';
import type { PoolAuditSettings } from './settings';
import type { PoolAuditSnapshot } from './snapshot';

export interface RunPoolRulesOptions {
  /** Only these rule ids (default: all). Unknown ids throw, so a typo in YAML is not a silent no-op. */
  ruleIds?: readonly string[];
}

/**
 * Evaluates every rule (or `options.ruleIds`) and concatenates findings and evaluated pairs in catalog order.
 * Pure: the policy layer grades and exempts the findings afterwards.
 */
export function runPoolRules(
  snapshot: PoolAuditSnapshot,
  settings: PoolAuditSettings,
  now: Date,
  options: RunPoolRulesOptions = {},
): RuleResult {
  const wanted = options.ruleIds ? new Set(options.ruleIds) : undefined;
  if (wanted) {
    const unknown = [...wanted].filter((id) => !POOL_RULES.some((rule) => rule.info.id === id));
    if (unknown.length > 0) throw new Error(`Unknown pool audit rule id(s): ${unknown.join(', ')}`);
  }
  const result: RuleResult = { findings: [], evaluated: [] };
  for (const rule of POOL_RULES) {
    if (wanted && !wanted.has(rule.info.id)) continue;
    const { findings, evaluated } = rule.evaluate(snapshot, settings, now);
    result.findings.push(...findings);
    result.evaluated.push(...evaluated);
  }
  return result;
}
