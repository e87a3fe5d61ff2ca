import { SEVERITIES, type Finding } from '../model/finding';
import { severityRank } from '../policy/outcome';
import { compareFindings, describePrincipal, describeResource, resourceKey } from './describe';
import { escapeMarkdownCell, neutraliseLoggingCommands } from './escape';
import { isNewUnexempted, type AuditReport } from './model';

/** An audit-specific block appended to the summary; every string is escaped, callers pass plain text. */
export interface MarkdownSection {
  title: string;
  /** Plain-text paragraphs. */
  paragraphs?: string[];
  bullets?: string[];
  table?: { headers: string[]; rows: (string | number | boolean | null | undefined)[][] };
}

export interface MarkdownOptions {
  /** Most findings listed in the table (the rest are in the JSON/CSV reports). Default 50. */
  maxFindings?: number;
  /** Most resources in "worst resources". Default 10. */
  maxResources?: number;
}

const TASK_TITLES: Record<AuditReport['task'], string> = {
  PoolRoleAudit: 'Agent pool role audit',
  PatAudit: 'Personal access token audit',
};

/**
 * Renders the pipeline summary (markdown for `##vso[task.uploadsummary]`): result, counts by severity, worst
 * resources first, a findings table, expired exemptions, then the caller's sections. Every name is escaped with
 * {@link escapeMarkdownCell}, so hostile names cannot break the table, inject HTML or a logging command.
 */
export function toMarkdownSummary(report: AuditReport, sections: readonly MarkdownSection[] = [], options: MarkdownOptions = {}): string {
  const maxFindings = options.maxFindings ?? 50;
  const maxResources = options.maxResources ?? 10;
  const cell = escapeMarkdownCell;
  const lines: string[] = [];

  lines.push(`## ${cell(report.tool.name)}: ${cell(TASK_TITLES[report.task] ?? report.task)}`, '');
  lines.push(
    `Organization: **${cell(report.organization.name)}** · generated ${cell(report.generatedAt)} · ${cell(report.tool.name)} ${cell(report.tool.version)}`,
    '',
  );
  if (report.outcome) {
    lines.push(
      `**Result: ${cell(report.outcome.result)}**: ${cell(report.outcome.reason)} (failOnSeverity: ${cell(report.outcome.failOnSeverity)})`,
      '',
    );
  }
  if (!report.complete || report.missing.length > 0) {
    lines.push(`> **Incomplete audit**: ${report.missing.length} scope(s) could not be read, so findings may be missing.`, '');
    for (const missing of report.missing.slice(0, 20)) lines.push(`- ${cell(missing.scope)}: ${cell(missing.reason)}`);
    if (report.missing.length > 20) lines.push(`- … and ${report.missing.length - 20} more (see the JSON report)`);
    lines.push('');
  }

  lines.push('| Severity | Findings |', '|---|---:|');
  for (const severity of [...SEVERITIES].reverse()) lines.push(`| ${capitalise(severity)} | ${report.summary[severity]} |`);
  lines.push(`| Exempted | ${report.summary.exempted} |`, '');

  const unexempted = report.findings.filter((finding) => !finding.exemption);
  if (unexempted.length > 0) {
    lines.push('### Worst resources', '', '| Resource | Critical | High | Medium | Low |', '|---|---:|---:|---:|---:|');
    for (const row of worstResources(unexempted).slice(0, maxResources)) {
      lines.push(`| ${cell(row.label)} | ${row.counts.critical} | ${row.counts.high} | ${row.counts.medium} | ${row.counts.low} |`);
    }
    lines.push('');
  }

  if (report.baseline) lines.push(...baselineLines(report, maxFindings));

  if (report.findings.length > 0) {
    const sorted = [...report.findings].sort(compareFindings);
    lines.push('### Findings', '', '| Severity | Rule | Resource | Principal | Finding | Exemption |', '|---|---|---|---|---|---|');
    for (const finding of sorted.slice(0, maxFindings)) {
      const exemption = finding.exemption ? `${finding.exemption.reason} (until ${finding.exemption.expires})` : '';
      lines.push(`${findingCells(finding)} ${cell(exemption)} |`);
    }
    if (sorted.length > maxFindings)
      lines.push(
        '',
        `… and ${sorted.length - maxFindings} more findings: the run's **Pool Warden** tab (in a pipeline) and the JSON, CSV and SARIF reports list them all.`,
      );
    lines.push('');
  } else {
    lines.push('No findings.', '');
  }

  if (report.expiredExemptions.length > 0) {
    lines.push('### Expired exemptions', '', '| Rule | Target | Reason | Expired | Findings it matches |', '|---|---|---|---|---:|');
    for (const expired of report.expiredExemptions) {
      const target = [expired.resource, expired.principal, expired.tokenName, expired.authorizationId].filter(Boolean).join(' / ');
      lines.push(
        `| ${cell(expired.rule)} | ${cell(target)} | ${cell(expired.reason)} | ${cell(expired.expires)} | ${expired.matchedFindings} |`,
      );
    }
    lines.push('');
  }

  for (const section of sections) lines.push(...renderSection(section));
  // Defence in depth: every value above is already escaped, and this makes sure no line can carry a command.
  return neutraliseLoggingCommands(lines.join('\n'), '#&#35;');
}

/** "New since baseline" and "Resolved since baseline" (with the baseline run's date), before the full list. */
function baselineLines(report: AuditReport, maxFindings: number): string[] {
  const baseline = report.baseline!;
  const cell = escapeMarkdownCell;
  const fresh = report.findings.filter(isNewUnexempted).sort(compareFindings);
  const resolved = [...(report.absent ?? [])].sort(compareFindings);
  const notJudged = [...(report.notJudged ?? [])].sort(compareFindings);
  const of = baseline.file
    ? `the baseline of ${baseline.generatedAt ?? 'an unknown date'}`
    : baseline.carried
      ? "each audit's own baseline"
      : 'no baseline (first run: every finding is new)';
  const lines = [
    `Compared with ${cell(of)}: ${baseline.new} new, ${baseline.updated} updated, ${baseline.unchanged} unchanged, ${baseline.absent} resolved${notJudged.length > 0 ? `, ${notJudged.length} not judged this run` : ''} · failOn: ${baseline.failOn}`,
    '',
  ];
  const table = (title: string, findings: Finding[]) => {
    lines.push(`### ${cell(title)}`, '');
    if (findings.length === 0) return lines.push('None.', '');
    lines.push('| Severity | Rule | Resource | Principal | Finding |', '|---|---|---|---|---|');
    for (const finding of findings.slice(0, maxFindings)) {
      lines.push(findingCells(finding));
    }
    if (findings.length > maxFindings) lines.push('', `… and ${findings.length - maxFindings} more in the JSON, CSV and SARIF reports.`);
    lines.push('');
  };
  table('New since baseline', fresh);
  table(`Resolved since baseline${baseline.generatedAt ? ` (baseline run ${baseline.generatedAt})` : ''}`, resolved);
  if (notJudged.length > 0) {
    lines.push(
      `Not judged this run (${cell((report.notJudgedRules ?? []).join(', '))}: their reads were refused or skipped): these baseline findings are carried, not resolved.`,
      '',
    );
    table('Not judged this run', notJudged);
  }
  return lines;
}

/** The Severity, Rule, Resource, Principal and Finding cells of one finding's table row (ends with `|`). */
function findingCells(finding: Finding): string {
  const cell = escapeMarkdownCell;
  return `| ${capitalise(finding.severity)} | ${cell(finding.ruleId)} | ${cell(describeResource(finding.resource, finding.organization))} | ${cell(describePrincipal(finding))} | ${cell(finding.message, 300)} |`;
}

function renderSection(section: MarkdownSection): string[] {
  const lines = [`### ${escapeMarkdownCell(section.title)}`, ''];
  for (const paragraph of section.paragraphs ?? []) lines.push(escapeMarkdownCell(paragraph, 2000), '');
  if (section.bullets?.length) lines.push(...section.bullets.map((bullet) => `- ${escapeMarkdownCell(bullet, 500)}`), '');
  if (section.table) {
    const { headers, rows } = section.table;
    lines.push(`| ${headers.map((header) => escapeMarkdownCell(header)).join(' | ')} |`, `|${headers.map(() => '---').join('|')}|`);
    for (const row of rows) lines.push(`| ${headers.map((_, index) => escapeMarkdownCell(row[index])).join(' | ')} |`);
    lines.push('');
  }
  return lines;
}

interface ResourceRow {
  label: string;
  counts: Record<Finding['severity'], number>;
}

/** Resources ordered by their worst unexempted findings (critical count first, then high, …). */
function worstResources(findings: readonly Finding[]): ResourceRow[] {
  const rows = new Map<string, ResourceRow>();
  for (const finding of findings) {
    const key = resourceKey(finding.resource, finding.organization);
    let row = rows.get(key);
    if (!row) {
      row = { label: describeResource(finding.resource, finding.organization), counts: { critical: 0, high: 0, medium: 0, low: 0 } };
      rows.set(key, row);
    }
    row.counts[finding.severity]++;
  }
  const order = [...SEVERITIES].sort((a, b) => severityRank(b) - severityRank(a));
  return [...rows.values()].sort((a, b) => {
    for (const severity of order) if (a.counts[severity] !== b.counts[severity]) return b.counts[severity] - a.counts[severity];
    return a.label.localeCompare(b.label);
  });
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
