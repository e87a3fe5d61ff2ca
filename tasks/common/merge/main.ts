import * as fs from 'node:fs';
import * as path from 'node:path';
import type { TaskHost } from '../host';
import { InputError } from '../inputs/read';
import type { Outcome, TaskResult } from '../policy/outcome';
import { countBySeverity } from '../policy/outcome';
import { createAuditReport, joinJUnitSuites, SARIF_SCHEMA_URI, toCsv, toJUnitSuites, toSarif } from '../report';
import { writeSafeJsonFile } from '../report/json-stream';
import { isNewUnexempted } from '../report/model';
import { reportAttachmentName, reportDirectoryOf } from '../report-files';
import { TOOL_VERSION } from '../version';
import { loadBaseline } from '../baseline/load';
import { expandPatterns } from '../inputs/file-patterns';
import { mergedWithBaseline } from './baseline';
import { parseMergeInputs } from './inputs';
import { latestInventories, mergeAudits } from './merge';
import { readReportFile, type AuditSource, type InventorySource, type SkippedFile } from './read';
import { mergedSummary } from './summary';

const BASE_NAME = 'pool-warden-merged';
const RESULT_ORDER: TaskResult[] = ['Succeeded', 'SucceededWithIssues', 'Failed'];

/**
 * ReportMerge end to end: report files of several organizations (a matrix job's artifacts) → one JSON, SARIF,
 * JUnit, CSV and summary, every finding naming its organization; the result is decided again over all findings.
 */
export async function runReportMerge(host: TaskHost, now: () => Date = () => new Date()): Promise<void> {
  const inputs = parseMergeInputs(host.input);
  const base = inputs.searchFolder || host.variable('System.DefaultWorkingDirectory') || process.cwd();
  // A merged baseline (ReportMerge's own JSON of an earlier run) is checked before any report is read.
  const baseline = loadBaseline(inputs.baselineFile, base, { task: 'ReportMerge' });
  const { files, unmatched } = expandPatterns(inputs.reportFiles, base);
  for (const pattern of unmatched) host.warning(`reportFiles: '${pattern}' matched no file (under ${base})`);
  if (files.length === 0) {
    throw new InputError(
      'reportFiles',
      `matched no files under ${base}: ${inputs.reportFiles.join(', ')}. Give paths, folders or patterns (*, ?, **) of the JSON reports PoolInventory, PoolRoleAudit or PatAudit wrote, e.g. $(Pipeline.Workspace)/**/*.json.`,
    );
  }

  const audits: AuditSource[] = [];
  const inventories: InventorySource[] = [];
  const skipped: SkippedFile[] = [];
  const outputDirectory = reportDirectoryOf(host, inputs.reportDirectory);
  for (const file of files) {
    // Our own earlier output may sit under the same pattern: never merge a merge.
    if (path.basename(file).startsWith(BASE_NAME) || file === baseline?.file) continue;
    const source = readReportFile(file);
    if ('reason' in source) skipped.push(source);
    else if (source.kind === 'audit') audits.push(source);
    else inventories.push(source);
  }
  for (const file of skipped) host.logger.info(`Not merged: ${file.file}: ${file.reason}`);
  if (audits.length === 0 && inventories.length === 0) {
    throw new InputError(
      'reportFiles',
      `matched ${files.length} files, but none is a PoolRoleAudit, PatAudit or PoolInventory report (${skipped
        .slice(0, 3)
        .map((s) => `${path.basename(s.file)}: ${s.reason}`)
        .join('; ')}).`,
    );
  }

  const merged = mergeAudits(audits, { failOnSeverity: inputs.failOnSeverity, toolVersion: TOOL_VERSION, now: now() });
  merged.reports = mergedWithBaseline(merged.reports, baseline, {
    failOn: inputs.failOn,
    failOnSeverity: inputs.failOnSeverity,
    now: now(),
  });
  for (const { file, keptFile } of merged.superseded)
    host.warning(`${file} is older than ${keptFile} for the same task and organization: only the newer one is merged`);
  const inventory = latestInventories(inventories);
  const outcome = overallOutcome(
    merged.reports.map((report) => ({ task: report.task, outcome: report.outcome! })),
    inventory,
  );
  const allFindings = merged.reports.flatMap((report) => report.findings);
  const summary = countBySeverity(allFindings);
  const organizations = [...new Set([...merged.organizations.map((o) => o.organization), ...inventory.map((i) => i.organization)])].sort();

  const json = {
    schemaVersion: 1,
    tool: { name: 'Pool Warden', version: TOOL_VERSION },
    task: 'ReportMerge',
    generatedAt: now().toISOString(),
    organizations,
    outcome: { ...outcome, failOnSeverity: inputs.failOnSeverity },
    summary,
    audits: merged.organizations,
    inventories: inventory.map(({ organization, generatedAt, complete, totals, file }) => ({
      organization,
      generatedAt,
      complete,
      totals,
      file,
    })),
    skipped,
    reports: merged.reports,
  };
  const sarif = { $schema: SARIF_SCHEMA_URI, version: '2.1.0', runs: merged.reports.flatMap((report) => toSarif(report).runs) };
  const junit = joinJUnitSuites(
    `Pool Warden ${organizations.join(', ')}`,
    merged.reports.flatMap((report) => toJUnitSuites(report)),
  );
  const csv = merged.reports
    .map((report, index) => (index === 0 ? toCsv(report) : toCsv(report, { bom: false }).split('\r\n').slice(1).join('\r\n')))
    .join('');
  const markdown = mergedSummary(merged, inventory, skipped, outcome);

  const write = (extension: string, text: string) => {
    const file = path.join(outputDirectory, `${BASE_NAME}.${extension}`);
    fs.writeFileSync(file, text, 'utf8');
    return file;
  };
  // The two largest files are written piece by piece, as the audits write theirs.
  const reportPath = path.join(outputDirectory, `${BASE_NAME}.json`);
  writeSafeJsonFile(reportPath, json);
  const sarifPath = path.join(outputDirectory, `${BASE_NAME}.sarif`);
  writeSafeJsonFile(sarifPath, sarif);
  const junitPath = write('junit.xml', junit);
  write(
    'csv',
    csv ||
      toCsv(
        createAuditReport({
          toolVersion: TOOL_VERSION,
          generatedAt: now(),
          task: 'PoolRoleAudit',
          organization: { url: '', name: '' },
          complete: true,
          rules: [],
          findings: [],
        }),
      ),
  );
  write('md', `${markdown}\n`);
  host.uploadSummary(`${BASE_NAME}.md`, markdown);
  host.attachReport(reportAttachmentName('ReportMerge', organizations.join('_')), reportPath);

  host.setOutput('organizationCount', organizations.length);
  host.setOutput('findingCount', summary.total);
  host.setOutput('criticalCount', summary.critical);
  host.setOutput('highCount', summary.high);
  host.setOutput('mediumCount', summary.medium);
  host.setOutput('lowCount', summary.low);
  host.setOutput('newFindingCount', allFindings.filter(isNewUnexempted).length);
  host.setOutput(
    'resolvedFindingCount',
    merged.reports.reduce((sum, report) => sum + (report.absent?.length ?? 0), 0),
  );
  host.setOutput('reportPath', reportPath);
  host.setOutput('sarifPath', sarifPath);
  host.setOutput('junitPath', junitPath);
  for (const report of merged.reports)
    for (const missing of report.missing) host.warning(`Not audited: ${missing.scope}: ${missing.reason}`);
  host.logger.info(`Merged ${audits.length + inventories.length} reports of ${organizations.length} organizations into ${outputDirectory}`);
  host.setResult(outcome.result, outcome.reason);
}

/** The worst result over the merged audits (and incomplete inventories), with every audit's reason. */
function overallOutcome(audits: { task: string; outcome: Outcome }[], inventories: readonly InventorySource[]): Outcome {
  let result: TaskResult = 'Succeeded';
  const reasons: string[] = [];
  for (const { task, outcome } of audits) {
    if (RESULT_ORDER.indexOf(outcome.result) > RESULT_ORDER.indexOf(result)) result = outcome.result;
    reasons.push(`${task}: ${outcome.reason}`);
  }
  const incomplete = inventories.filter((inventory) => !inventory.complete).map((inventory) => inventory.organization);
  if (incomplete.length > 0) {
    if (result === 'Succeeded') result = 'SucceededWithIssues';
    reasons.push(`the inventory of ${incomplete.join(', ')} is incomplete`);
  }
  if (reasons.length === 0) reasons.push(`${inventories.length} inventories merged`);
  return { result, reason: reasons.join('; ') };
}
