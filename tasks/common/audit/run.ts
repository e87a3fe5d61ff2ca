/** Runs the pool audit rules over one snapshot. */
import { POOL_RULES } from './catalog';
import { concatResults, type RuleResult } from './rule';
import type { PoolAuditSettings } from './settings';
import type { PoolAuditSnapshot } from './snapshot';

/**
 * Evaluates every rule and concatenates findings and evaluated pairs in catalog order. Pure: the policy layer drops
 * disabled rules, grades and exempts the findings afterwards.
 */
export function runPoolRules(snapshot: PoolAuditSnapshot, settings: PoolAuditSettings, now: Date): RuleResult {
  return concatResults(POOL_RULES.map((rule) => rule.evaluate(snapshot, settings, now)));
}
