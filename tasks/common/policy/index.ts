/** Policy: one loader, one exemption matcher, one threshold evaluator for every audit. */
export { applyPolicy, type ExpiredExemption, type PolicyApplication } from './apply';
export { isActive, parseExpiryDate } from './dates';
export { PolicyError, type PolicyIssue } from './errors';
export { DEFAULT_POLICY_SOURCE, loadPolicy, overrideSettings } from './load';
export { exemptionMatches } from './match';
export { countBySeverity, evaluateOutcome, severityRank, type Outcome, type SeverityCounts, type TaskResult } from './outcome';
export { definePolicySchema, type PolicySchema, type SettingSpec, type SettingSpecs, type SettingsOf, type SettingValue } from './schema';
export type { Exemption, Policy, RuleOverride } from './types';
