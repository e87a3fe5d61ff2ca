import type { Finding, ResourceRef, RuleInfo, SeverityThreshold } from '../model/finding';
import type { ExpiredExemption } from '../policy/apply';
import { countBySeverity, severityRank, type Outcome, type SeverityCounts } from '../policy/outcome';

export const REPORT_TOOL_NAME = 'Pool Warden';

export type AuditTaskName = 'PoolRoleAudit' | 'PatAudit';

/** A scope the audit could not read (permission, throttling …): the report is then incomplete. */
export interface MissingScope {
  scope: string;
  reason: string;
}

/** A rule × resource pair the audit evaluated: lets JUnit list passing test cases so the Tests tab can trend. */
export interface EvaluatedPair {
  ruleId: string;
  resource: ResourceRef;
  /** Set by multi-organization merges, like `Finding.organization`. */
  organization?: string;
}

/** `failOn` values: every finding at or above the threshold fails, or only new and worsened ones. */
export type FailOn = 'all' | 'new';

/** A finding `failOn: new` counts: not in the baseline, or there with a lower severity. */
export function isNewOrWorsened(finding: Finding): boolean {
  if (finding.baselineState === undefined || finding.baselineState === 'new') return true;
  return (
    finding.baselineState === 'updated' &&
    finding.previousSeverity !== undefined &&
    severityRank(finding.severity) > severityRank(finding.previousSeverity)
  );
}

/** An unexempted finding the baseline did not have (a finding without a baseline state counts as new). */
export function isNewUnexempted(finding: Finding): boolean {
  return !finding.exemption && (finding.baselineState ?? 'new') === 'new';
}

/** Whether a finding fails the report's task result: unexempted, and with `failOn: new` also new or worsened. */
export function failsReport(report: Pick<AuditReport, 'baseline'>): (finding: Finding) => boolean {
  if (report.baseline?.failOn !== 'new') return (finding) => !finding.exemption;
  return (finding) => !finding.exemption && isNewOrWorsened(finding);
}

/** What the comparison with a baseline report found (see tasks/common/baseline). */
export interface BaselineInfo {
  /** The baseline file, or null when the pattern matched none (a first run: every finding is new). */
  file: string | null;
  /** When the baseline report was generated (ISO), null without a file. */
  generatedAt: string | null;
  failOn: FailOn;
  new: number;
  unchanged: number;
  updated: number;
  /** Findings of the baseline that are gone (listed in `AuditReport.absent`). */
  absent: number;
  /** Findings of the baseline whose rule this run could not judge (listed in `AuditReport.notJudged`; not resolved). */
  notJudged?: number;
  /** True in a merged report whose states come from each audit's own baseline (ReportMerge without baselineFile). */
  carried?: boolean;
}

/** The one report both audits produce; every writer renders it. */
export interface AuditReport {
  schemaVersion: 1;
  tool: { name: typeof REPORT_TOOL_NAME; version: string };
  task: AuditTaskName;
  organization: { url: string; name: string };
  /** ISO 8601 timestamp. */
  generatedAt: string;
  /** False when some scopes could not be read (see `missing`). */
  complete: boolean;
  missing: MissingScope[];
  rules: RuleInfo[];
  findings: Finding[];
  /** Optional: rule × resource pairs evaluated, for passing JUnit test cases. */
  evaluated?: EvaluatedPair[];
  summary: SeverityCounts;
  /** The task result and why, when decided before writing. */
  outcome?: Outcome & { failOnSeverity: SeverityThreshold };
  expiredExemptions: ExpiredExemption[];
  /** Audit-specific extras (e.g. token statistics); must hold no secrets. */
  extra?: Record<string, unknown>;
  /** Set when the task was given a baseline. */
  baseline?: BaselineInfo;
  /** Findings of the baseline that are gone (`baselineState: 'absent'`); not counted in `summary`. */
  absent?: Finding[];
  /**
   * Findings of the baseline not seen this run because their rule was not judged (reads refused or skipped):
   * `baselineState: 'unchanged'`, neither counted in `summary` nor resolved.
   */
  notJudged?: Finding[];
  /** Rules this run could not judge (their reads were refused or skipped): a baseline finding of one is never resolved. */
  notJudgedRules?: string[];
}

export type AuditReportInput = Omit<AuditReport, 'schemaVersion' | 'tool' | 'summary' | 'generatedAt' | 'expiredExemptions' | 'missing'> & {
  toolVersion: string;
  generatedAt: Date;
  missing?: MissingScope[];
  expiredExemptions?: ExpiredExemption[];
};

/** Organization name of a URL: the first path segment (dev.azure.com/org), else the host (org.visualstudio.com). */
export function organizationNameOf(url: string): string {
  try {
    const parsed = new URL(url);
    const first = parsed.pathname.split('/').filter(Boolean)[0];
    return first ? decodeURIComponent(first) : parsed.hostname.split('.')[0];
  } catch {
    return url;
  }
}

/** Builds a report, computing the summary from the findings so it can never disagree with them. */
export function createAuditReport(input: AuditReportInput): AuditReport {
  const { toolVersion, generatedAt, missing, expiredExemptions, ...rest } = input;
  return {
    schemaVersion: 1,
    tool: { name: REPORT_TOOL_NAME, version: toolVersion },
    ...rest,
    generatedAt: generatedAt.toISOString(),
    missing: missing ?? [],
    summary: countBySeverity(input.findings),
    expiredExemptions: expiredExemptions ?? [],
  };
}
