import type { Finding, ResourceRef, RuleInfo, SeverityThreshold } from '../model/finding';
import type { ExpiredExemption } from '../policy/apply';
import { countBySeverity, type Outcome, type SeverityCounts } from '../policy/outcome';

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
