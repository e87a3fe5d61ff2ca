/** The shape every PAT rule file exports. Rules judge one token (with its owner) at a time. */
import type { RuleInfo } from '../model/finding';
import type { PatOwner, PatToken } from '../model/pat';
import type { RuleResult } from '../rules/result';
import type { PatAuditSettings } from './settings';

export { DAY_MS, type EvaluatedPair, type RuleResult } from '../rules/result';

export interface PatRule {
  info: RuleInfo;
  /** Pure. `evaluated` holds the token when the rule applied to it (risk rules skip dead tokens). */
  evaluate(token: PatToken, owner: PatOwner, settings: PatAuditSettings, now: Date): RuleResult;
}
