import * as fs from 'node:fs';
import type { TaskHost } from '../host';
import {
  loadPolicy,
  overrideSettings,
  PolicyError,
  type Policy,
  type PolicyIssue,
  type PolicySchema,
  type SettingSpecs,
  type SettingsOf,
} from '../policy';
import { reportAttachmentName } from '../report-files';
import { isNewUnexempted, type AuditReport } from './model';
import type { MarkdownSection } from './markdown';
import { writeReports } from './write';

/** Output variables and files every audit publishes. */
export interface PublishedAudit {
  jsonPath: string;
  sarifPath: string;
  junitPath: string;
  csvPath: string;
  markdownPath: string;
}

/**
 * Writes the audit's reports, attaches the markdown summary, sets the shared output variables and the task
 * result from the report's outcome. Extra output variables are the caller's.
 */
export async function publishAudit(
  host: TaskHost,
  report: AuditReport,
  directory: string,
  baseName: string,
  sections: MarkdownSection[],
): Promise<PublishedAudit> {
  const written = await writeReports(report, directory, baseName, sections);
  host.uploadSummary(`${baseName}.md`, fs.readFileSync(written.markdownPath, 'utf8'));
  host.attachReport(reportAttachmentName(report.task, report.organization.name), written.jsonPath);
  const unexempted = report.findings.filter((finding) => !finding.exemption);
  host.setOutput('findingCount', unexempted.length);
  host.setOutput('criticalCount', report.summary.critical);
  host.setOutput('highCount', report.summary.high);
  host.setOutput('mediumCount', report.summary.medium);
  host.setOutput('lowCount', report.summary.low);
  host.setOutput('reportPath', written.jsonPath);
  host.setOutput('sarifPath', written.sarifPath);
  host.setOutput('junitPath', written.junitPath);
  // Without a baseline every unexempted finding is new and nothing is resolved.
  host.setOutput('newFindingCount', report.findings.filter(isNewUnexempted).length);
  host.setOutput('resolvedFindingCount', report.absent?.length ?? 0);
  for (const item of report.missing) host.warning(`Not audited: ${item.scope}: ${item.reason}`);
  for (const expired of report.expiredExemptions) {
    host.warning(`Exemption for ${expired.rule} expired on ${expired.expires} and no longer applies`);
  }
  if (report.outcome) host.setResult(report.outcome.result, report.outcome.reason);
  return written;
}

/**
 * Reads the policy file input. The agent fills an empty filePath input with the working directory, so a
 * directory means "no policy file".
 */
export function readPolicyFile(path: string | undefined): { text: string | undefined; source: string } {
  if (!path) return { text: undefined, source: 'built-in defaults' };
  let stat: fs.Stats;
  try {
    stat = fs.statSync(path);
  } catch {
    throw new Error(
      `Input 'policyFile': file '${path}' does not exist. Give the path of a YAML or JSON policy file, or leave it empty for the defaults.`,
    );
  }
  if (stat.isDirectory()) return { text: undefined, source: 'built-in defaults' };
  return { text: fs.readFileSync(path, 'utf8'), source: path };
}

/**
 * Reads and validates the policy named by the `policyFile` input, then lets the task inputs given override its
 * settings (undefined = not given). An invalid file fails with every problem on its own line, each naming the input
 * and the file, so the message says which input to fix and what is allowed.
 */
export function loadPolicyInput<T extends SettingSpecs>(
  path: string | undefined,
  schema: PolicySchema<T>,
  now: Date,
  inputSettings: Partial<SettingsOf<T>> = {},
): Policy<T> {
  const file = readPolicyFile(path);
  let policy: Policy<T>;
  try {
    policy = loadPolicy(file.text, file.source, schema, now);
  } catch (error) {
    if (error instanceof PolicyError) throw policyInputError(error.source, error.issues);
    throw error;
  }
  return overrideSettings(policy, inputSettings);
}

/** A problem in the policy file named by the `policyFile` input (`source` is the file), one line per issue. */
export function policyInputError(source: string, issues: readonly PolicyIssue[]): PolicyError {
  return new PolicyError(`Input 'policyFile' (${source})`, issues);
}
