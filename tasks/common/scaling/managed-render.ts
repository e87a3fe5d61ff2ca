/** Log lines and run-summary markdown of a Managed DevOps Pool change. */
import { escapeMarkdownCell as cell } from '../report/escape';
import type { ManagedPlan } from './managed-plan';

export function renderManagedPlan(plan: ManagedPlan): string[] {
  const lines = [
    `Managed DevOps Pool ${plan.resourceId} (Azure DevOps pool '${plan.poolName}'): ${plan.requested}${plan.dryRun ? ' (dry run)' : ''}`,
  ];
  if (plan.changes.length === 0 && plan.errors.length === 0) lines.push('  No change.');
  for (const change of plan.changes) lines.push(`  ${change.field}: ${change.before} → ${change.after}`);
  for (const clip of plan.clipping) lines.push(`  Clipped: ${clip}`);
  for (const note of plan.notes) lines.push(`  ${note}`);
  for (const error of plan.errors) lines.push(`  Cannot apply (${error.input}): ${error.message}`);
  return lines;
}

export interface ManagedSummaryFacts {
  written: boolean;
  maximumConcurrency: number;
  conflicts: number;
  /** Machines by status after the run, when they could be read. */
  machines?: Record<string, number>;
  /** Settings the service did not apply as sent. */
  unapplied?: { field: string; wanted: string; actual: string }[];
}

export function managedScalingSummary(plan: ManagedPlan, facts: ManagedSummaryFacts): string {
  const lines = [
    `# Pool Warden: ${plan.dryRun ? 'Managed DevOps Pool plan (dry run, nothing changed)' : 'Managed DevOps Pool change'} for pool ${cell(plan.poolName)}`,
    '',
    `Resource ${cell(plan.resourceId)}: ${cell(plan.requested)}.`,
    '',
  ];
  if (plan.changes.length > 0) {
    lines.push(`| Setting | Before | ${plan.dryRun ? 'Would be' : 'After'} |`, '|---|---|---|');
    for (const change of plan.changes) lines.push(`| ${cell(change.field)} | ${cell(change.before)} | ${cell(change.after)} |`);
    lines.push('');
  } else lines.push('No change.', '');
  for (const clip of plan.clipping) lines.push(`- Clipped: ${cell(clip)}`);
  for (const note of plan.notes) lines.push(`- ${cell(note)}`);
  for (const u of facts.unapplied ?? []) {
    lines.push(`- **Did not take effect:** ${cell(u.field)}: wanted ${cell(u.wanted)}, the service has ${cell(u.actual)}.`);
  }
  if (facts.conflicts > 0) lines.push(`- Another change reached the pool first ${facts.conflicts} time(s): re-read and re-planned.`);
  lines.push(`- Maximum concurrency now: ${facts.maximumConcurrency}.`);
  if (facts.machines) {
    const allocated = facts.machines.Allocated ?? 0;
    const all = Object.entries(facts.machines)
      .map(([status, count]) => `${count} ${status}`)
      .join(', ');
    lines.push(
      `- Machines: ${all || 'none'}. ${allocated} Allocated machine(s) keep running their jobs: lowering the maximum never stops a job.`,
    );
  }
  lines.push('');
  return lines.join('\n');
}
