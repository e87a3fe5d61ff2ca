import { toMarkdownSummary } from '../report';
import { escapeMarkdownCell as cell, neutraliseLoggingCommands } from '../report/escape';
import type { Outcome } from '../policy/outcome';
import type { MergedAudits } from './merge';
import type { InventorySource, SkippedFile } from './read';

const TASK_LABELS: Record<string, string> = { PoolRoleAudit: 'Pool roles', PatAudit: 'PATs' };

/** The merged run summary: one row per organization and audit, the inventory totals, then each merged audit. */
export function mergedSummary(
  merged: MergedAudits,
  inventories: readonly InventorySource[],
  skipped: readonly SkippedFile[],
  outcome: Outcome,
): string {
  const organizations = new Set([...merged.organizations.map((o) => o.organization), ...inventories.map((i) => i.organization)]);
  const lines = [
    `## Pool Warden: ${organizations.size} organization${organizations.size === 1 ? '' : 's'}`,
    '',
    `**Result: ${cell(outcome.result)}**: ${cell(outcome.reason)}`,
    '',
  ];
  if (merged.organizations.length > 0) {
    lines.push(
      '| Organization | Audit | Complete | Critical | High | Medium | Low | Exempted | Result |',
      '|---|---|---|---:|---:|---:|---:|---:|---|',
    );
    for (const row of merged.organizations) {
      const s = row.summary;
      lines.push(
        `| ${cell(row.organization)} | ${TASK_LABELS[row.task] ?? row.task} | ${row.complete ? 'yes' : '**no**'} | ${s.critical} | ${s.high} | ${s.medium} | ${s.low} | ${s.exempted} | ${cell(row.result ?? '')} |`,
      );
    }
    lines.push('');
  }
  if (inventories.length > 0) {
    lines.push(
      '### Agent pools',
      '',
      '| Organization | Pools | Agents | Online | Offline | Busy | Stale | Complete |',
      '|---|---:|---:|---:|---:|---:|---:|---|',
    );
    for (const inventory of inventories) {
      const t = inventory.totals;
      lines.push(
        `| ${cell(inventory.organization)} | ${t.pools ?? 0} | ${t.agents ?? 0} | ${t.online ?? 0} | ${t.offline ?? 0} | ${t.busy ?? 0} | ${t.stale ?? 0} | ${inventory.complete ? 'yes' : '**no**'} |`,
      );
    }
    lines.push('');
  }
  if (skipped.length > 0) {
    lines.push('### Files not merged', '');
    for (const file of skipped) lines.push(`- ${cell(file.file)}: ${cell(file.reason)}`);
    lines.push('');
  }
  // Each merged audit's own summary, one heading level down.
  const audits = merged.reports.map((report) => toMarkdownSummary(report).replace(/^(#+) /gm, '#$1 '));
  return neutraliseLoggingCommands([...lines, ...audits].join('\n'), '#&#35;');
}
