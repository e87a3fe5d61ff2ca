import type { Severity } from '../model/finding';
import type { PolicySchema, SettingSpecs, SettingsOf } from './schema';

/** Per-rule override from `rules.<id>`. */
export interface RuleOverride {
  /** False drops the rule's findings. Default true. */
  enabled?: boolean;
  /** Re-grades every finding of the rule. */
  severity?: Severity;
}

/** One entry of `exemptions`, validated. Every matcher that is given must match (logical AND). */
export interface Exemption {
  /** Position in the file's `exemptions` list, for messages (`exemptions[2]`). */
  index: number;
  rule: string;
  /** Resource id or name: a name pattern (patterns/names.ts: `*`, `?`, case-insensitive). */
  resource?: string;
  /** Principal id, descriptor, display name, principal name or mail: a name pattern. */
  principal?: string;
  /** PAT findings only: the token's display name: a name pattern. */
  tokenName?: string;
  /** PAT findings only: the token's authorization id; case-insensitive, exact. */
  authorizationId?: string;
  reason: string;
  /** As written: `YYYY-MM-DD`. */
  expires: string;
  /** End of the expiry day in UTC (23:59:59.999Z): the exemption applies while now ≤ expiresAt. */
  expiresAt: Date;
}

/** A validated policy: typed settings with defaults filled in, rule overrides, exemptions. */
export interface Policy<T extends SettingSpecs = SettingSpecs> {
  /** Where the policy came from (file path, or `(defaults)` when no file was given). */
  source: string;
  version: 1;
  schema: PolicySchema<T>;
  settings: SettingsOf<T>;
  /** Only the rules the file mentions. */
  rules: Readonly<Record<string, RuleOverride>>;
  exemptions: readonly Exemption[];
  /** Non-fatal notes for the log, e.g. exemptions that had already expired when the policy was loaded. */
  warnings: readonly string[];
}
