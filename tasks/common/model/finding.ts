/**
 * One finding shape for both audits (pool roles and PATs). Rules produce these; policy grades and
 * exempts them; reporters render them.
 */

export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** `failOnSeverity` values: a severity, or `none` to never fail on findings. */
export type SeverityThreshold = Severity | 'none';

export interface ResourceRef {
  /** e.g. 'pool', 'queue', 'organization', 'project', 'agent', 'pat'. */
  kind: string;
  id: string;
  name: string;
  /** Optional parent context (pool of an agent, project of a queue, owner of a token). */
  parent?: { kind: string; id: string; name: string };
}

export interface PrincipalRef {
  id: string;
  /** Graph subject descriptor (e.g. `aad.…`), when known; exemptions can match on it. */
  descriptor?: string;
  displayName: string;
  kind?: string;
  principalName?: string;
  mailAddress?: string;
}

export interface ExemptionMark {
  reason: string;
  /** ISO date (YYYY-MM-DD). */
  expires: string;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  title: string;
  message: string;
  resource: ResourceRef;
  principal?: PrincipalRef;
  /**
   * What tells apart findings of one rule on the same resource and principal (e.g. `check 12` when a queue has two
   * loose branch control checks). Part of the fingerprint when set; absent for rules that find one thing per resource.
   */
  key?: string;
  /** Facts that led to the finding; values are never secrets. */
  evidence: Record<string, string | number | boolean | null>;
  /** Set when an active exemption covers this finding; exempted findings stay in reports. */
  exemption?: ExemptionMark;
  /** Organization the finding came from (set by multi-organization merges). */
  organization?: string;
  /** Compared with a baseline report (set only when the task was given one). */
  baselineState?: BaselineState;
  /** ISO time of the first report that had this finding (the baseline's, carried over; else this run's). */
  firstSeen?: string;
  /** The severity the baseline had, when it differs (an `updated` finding). */
  previousSeverity?: Severity;
}

/**
 * SARIF 2.1.0 `result.baselineState` values: `new` (not in the baseline), `unchanged` (same fingerprint, same
 * severity and evidence), `updated` (same fingerprint, other severity or evidence), `absent` (only in the baseline:
 * resolved).
 */
export const BASELINE_STATES = ['new', 'unchanged', 'updated', 'absent'] as const;
export type BaselineState = (typeof BASELINE_STATES)[number];

/** Static description of a rule: id never changes meaning once released. */
export interface RuleInfo {
  id: string;
  title: string;
  defaultSeverity: Severity;
  rationale: string;
  fix: string;
}
