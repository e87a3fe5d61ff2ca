import * as fs from 'node:fs';
import { expandPatterns, hasWildcard } from '../inputs/file-patterns';
import { InputError } from '../inputs/read';
import { REPORT_TOOL_NAME, type AuditReport, type AuditTaskName } from '../report/model';

/** The report schema version (major) this build reads and writes. */
const SCHEMA_VERSION = 1;

/** A baseline as read: one report per audit task (a merged baseline can hold both). */
export interface LoadedBaseline {
  /** Absolute path, or null when a pattern matched no file (first run). */
  file: string | null;
  /** When the baseline run wrote its report (ISO), null without a file. */
  generatedAt: string | null;
  reports: AuditReport[];
}

export interface BaselineExpectation {
  /** The task whose report is expected: an audit, or ReportMerge for a merged baseline. */
  task: AuditTaskName | 'ReportMerge';
  /** For an audit: the organization being audited (compared case-insensitively). */
  organization?: string;
}

/**
 * Finds and checks the baseline named by the `baselineFile` input, before any call to Azure DevOps. A plain path must
 * exist; a pattern (`*`, `?`, `**`) may match nothing (the first run of a nightly pipeline: no previous report yet),
 * but never more than one file. A file of another task, organization or report schema version, or one that cannot
 * be read as a Pool Warden report, fails naming the file and why. Undefined when the input is empty.
 */
export function loadBaseline(spec: string | undefined, baseDirectory: string, expected: BaselineExpectation): LoadedBaseline | undefined {
  if (!spec) return undefined;
  const { files } = expandPatterns([spec], baseDirectory, 'baselineFile');
  if (files.length > 1) {
    const listed = files.slice(0, 5).join(', ');
    throw new InputError(
      'baselineFile',
      `matches ${files.length} files (${listed}${files.length > 5 ? ', …' : ''}); it must name one report: narrow the pattern.`,
    );
  }
  if (files.length === 0) {
    if (hasWildcard(spec)) return { file: null, generatedAt: null, reports: [] };
    throw new InputError(
      'baselineFile',
      `names '${spec}', which does not exist (under ${baseDirectory}). A path must exist; give a pattern (e.g. $(Pipeline.Workspace)/baseline/**/*.json) to allow a first run without a baseline.`,
    );
  }
  const file = files[0];
  const fail = (why: string) => new InputError('baselineFile', `names '${file}', which cannot be used as the baseline: ${why}.`);
  let value: unknown;
  try {
    value = JSON.parse(fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
  } catch (error) {
    throw fail(`it cannot be read as JSON (${(error as Error).message.split('\n')[0]})`);
  }
  const report = value as { tool?: { name?: unknown }; schemaVersion?: unknown; task?: unknown; generatedAt?: unknown; reports?: unknown };
  if (!report || typeof report !== 'object' || report.tool?.name !== REPORT_TOOL_NAME) throw fail('it is not a Pool Warden report');
  if (report.schemaVersion !== SCHEMA_VERSION) {
    throw fail(
      `its report schemaVersion is ${String(report.schemaVersion)}, this task reads version ${SCHEMA_VERSION} (a report of another major version)`,
    );
  }
  if (report.task !== expected.task) {
    throw fail(`it is a ${String(report.task)} report; give the ${expected.task} report of an earlier run of this task`);
  }
  const reports = expected.task === 'ReportMerge' ? mergedReports(report.reports, fail) : [checkedAudit(value, fail)];
  if (expected.organization !== undefined) {
    const name = reports[0].organization?.name ?? '';
    if (name.toLowerCase() !== expected.organization.toLowerCase())
      throw fail(`it is the report of organization '${name}', not '${expected.organization}'`);
  }
  return { file, generatedAt: typeof report.generatedAt === 'string' ? report.generatedAt : null, reports };
}

function mergedReports(value: unknown, fail: (why: string) => Error): AuditReport[] {
  if (!Array.isArray(value)) throw fail('it is a ReportMerge report without its reports list');
  return value.map((report) => checkedAudit(report, fail));
}

function checkedAudit(value: unknown, fail: (why: string) => Error): AuditReport {
  const report = value as Partial<AuditReport>;
  if (!report || typeof report !== 'object' || (report.task !== 'PoolRoleAudit' && report.task !== 'PatAudit'))
    throw fail('it holds a report that is neither a PoolRoleAudit nor a PatAudit report');
  if (!Array.isArray(report.findings)) throw fail(`its ${report.task} report has no findings list`);
  for (const finding of report.findings) {
    if (!finding || typeof finding.ruleId !== 'string' || typeof finding.resource?.id !== 'string' || typeof finding.severity !== 'string')
      throw fail(`its ${report.task} report has a finding without a rule id, severity or resource id`);
  }
  return report as AuditReport;
}
