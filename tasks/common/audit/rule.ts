/** The shape every pool audit rule file exports, and the result type shared with the PAT audit. */
import type { RuleInfo } from '../model/finding';
import type { PoolAuditSettings } from './settings';
import type { PoolAuditSnapshot } from './snapshot';

import type { RuleResult } from '../rules/result';

// The result types and helpers every rule family shares live in rules/result.ts (the PAT audit uses them too).
export { concatResults, DAY_MS, RuleResultBuilder, type EvaluatedPair, type RuleResult } from '../rules/result';

export interface PoolRule {
  info: RuleInfo;
  /** Pure: same snapshot, settings and `now` give the same result. */
  evaluate(snapshot: PoolAuditSnapshot, settings: PoolAuditSettings, now: Date): RuleResult;
}
