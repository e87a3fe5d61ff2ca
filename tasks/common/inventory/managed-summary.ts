import { describeTimeSpan } from '../arm/time-span';
import { escapeMarkdownCell as cell } from '../report/escape';
import { quotaWarning } from './managed';
import type { InventoryManaged, InventoryPool, InventoryReport } from './report';

/** Statuses listed first (the ones that tell whether the pool runs jobs); others follow alphabetically. */
const STATUS_ORDER = [
  'Allocated',
  'Ready',
  'Starting',
  'Provisioning',
  'NotReady',
  'PendingReimage',
  'Reimaging',
  'PendingReturn',
  'Returned',
];

export function machinesInWords(machines: Record<string, number>): string {
  const known = STATUS_ORDER.filter((status) => machines[status]);
  const other = Object.keys(machines)
    .filter((status) => !STATUS_ORDER.includes(status))
    .sort();
  const parts = [...known, ...other].map((status) => `${machines[status]} ${status}`);
  return parts.length > 0 ? parts.join(', ') : 'no machines';
}

export function standbyInWords(standby: InventoryManaged['standby']): string {
  if (standby.mode === 'manual') return `manual (${standby.timeZone}): ${standby.schedule}`;
  if (standby.mode === 'automatic') return `automatic (${standby.predictionPreference})`;
  return 'off';
}

/** The "Scale set" cell of a managed pool in the pools table. */
export function managedCell(managed: InventoryManaged): string {
  return `managed: max ${managed.maximumConcurrency}, standby ${managed.standby.mode}; machines: ${machinesInWords(managed.machines)}`;
}

/** Notes at the top of the summary: why managed pools were not read, and every quota that cannot fit. */
export function managedNotes(report: InventoryReport): string[] {
  const lines: string[] = [];
  if (report.managedPools?.note) lines.push(`> ${cell(report.managedPools.note)}`, '');
  const warnings = report.pools.flatMap((pool) => {
    const warning = pool.managed && quotaWarning(pool.name, pool.managed);
    return warning ? [warning] : [];
  });
  for (const warning of warnings) lines.push(`> **Quota:** ${cell(warning)}`, '');
  return lines;
}

/** The managed block of a pool's section. */
export function managedSection(pool: InventoryPool): string[] {
  const m = pool.managed;
  if (!m) return [];
  const agent =
    m.agentProfile.kind === 'stateful'
      ? `stateful (agents live up to ${describeTimeSpan(m.agentProfile.maxAgentLifetime)}${m.agentProfile.gracePeriodTimeSpan ? `, grace period ${describeTimeSpan(m.agentProfile.gracePeriodTimeSpan)}` : ''})`
      : 'stateless (a fresh agent for every job)';
  const orgs = m.organizations
    .map(
      (org) =>
        `${org.url}${org.parallelism !== undefined ? ` (parallelism ${org.parallelism})` : ''}: ${org.projects === 'all' ? 'all projects' : org.projects.join(', ')}${org.openAccess ? ', open access' : ''}`,
    )
    .join('; ');
  const images = m.images.map((image) => `${image.name}${image.buffer !== '*' ? ` (buffer ${image.buffer}%)` : ''}`).join(', ');
  const lines = [
    `Managed DevOps Pool ${cell(m.resourceId)} (${cell(m.location)}, ${cell(m.provisioningState)}):`,
    '',
    `- Maximum concurrency: ${m.maximumConcurrency}; agents ${agent}`,
    `- Standby: ${cell(standbyInWords(m.standby))}`,
    `- SKU ${cell(m.sku ?? 'unknown')}; images: ${cell(images || 'none')}`,
    `- Organizations: ${cell(orgs)}`,
    `- Permission profile: ${cell(m.permissionProfile)}; open access: ${m.openAccess ? 'yes' : 'no'}`,
    `- Machines: ${m.machinesUnreadable ? `could not be read: ${cell(m.machinesUnreadable)}` : cell(machinesInWords(m.machines))} (Azure DevOps agents: ${pool.counts.agents}, ${pool.counts.busy} busy)`,
  ];
  if (m.quota) {
    lines.push(
      `- vCPU quota ${cell(m.quota.family)}: ${m.quota.used} of ${m.quota.limit} in use; the maximum needs ${m.quota.needed} (${m.maximumConcurrency} × ${m.quota.vCPUsPerMachine})${m.quota.fits ? '' : ' — **does not fit**'}`,
    );
  }
  lines.push('');
  return lines;
}
