import { describeChecks, describePipelineAccess, type QueueCheck } from '../model/checks';
import { escapeMarkdownCell as cell } from '../report/escape';
import type { InventoryPool, InventoryReport } from './report';
import { managedCell, managedNotes, managedSection } from './managed-summary';

const MAX_AGENT_ROWS = 50;

/** The run-summary markdown: totals, one overview row per pool, stale agents, then a table per pool. */
export function inventorySummary(report: InventoryReport, notes: string[] = []): string {
  const t = report.totals;
  const lines: string[] = [
    '# Pool Warden: agent pool inventory',
    '',
    `Organization ${cell(report.organization.url)}, read ${report.generatedAt} as ${cell(report.signedInAs)}.`,
    '',
    `| Pools | Agents | Online | Offline | Busy | Idle | Disabled | Stale |`,
    `|---:|---:|---:|---:|---:|---:|---:|---:|`,
    `| ${t.pools} | ${t.agents} | ${t.online} | ${t.offline} | ${t.busy} | ${t.idle} | ${t.disabled} | ${t.stale} |`,
    '',
  ];
  for (const note of notes) lines.push(`> ${cell(note)}`, '');
  lines.push(...managedNotes(report));
  if (!report.complete) {
    lines.push('**Incomplete:** some parts could not be read:', '');
    for (const item of report.missing) lines.push(`- ${cell(item.scope)}: ${cell(item.reason)}`);
    lines.push('');
  }
  lines.push(
    '## Pools',
    '',
    '| Pool | Kind | Agents | Online | Busy | Stale | Projects | Scale set |',
    '|---|---|---:|---:|---:|---:|---|---|',
  );
  for (const pool of report.pools) {
    lines.push(
      `| ${cell(pool.name)} | ${pool.kind} | ${pool.counts.agents} | ${pool.counts.online} | ${pool.counts.busy} | ${pool.counts.stale} | ${cell(projectsOf(pool))} | ${cell(scaleSetOf(pool))} |`,
    );
  }
  lines.push('');
  if (report.staleAgents.length > 0) {
    lines.push(
      `## Stale agents (offline longer than ${report.filters.staleAfterHours} h)`,
      '',
      '| Pool | Agent | Offline since | Hours |',
      '|---|---|---|---:|',
    );
    for (const agent of report.staleAgents) {
      lines.push(`| ${cell(agent.poolName)} | ${cell(agent.agentName)} | ${agent.offlineSince ?? ''} | ${agent.offlineHours ?? ''} |`);
    }
    lines.push('');
  }
  lines.push(...pipelineAccessSection(report));
  for (const pool of report.pools) lines.push(...poolSection(pool));
  return lines.join('\n');
}

/** Per queue of a self-hosted pool: the pipelines that may use it and its checks, as read (PoolRoleAudit judges them). */
function pipelineAccessSection(report: InventoryReport): string[] {
  const rows = report.pools.flatMap((pool) =>
    pool.queues
      .filter((queue) => queue.pipelineAccess)
      .map((queue) => {
        const access = queue.pipelineAccess!;
        const pipelines = describePipelineAccess({
          openToAllPipelines: access.openToAllPipelines ?? undefined,
          authorizedPipelineIds: access.authorizedPipelineIds ?? undefined,
        });
        const checks = describeChecks(
          access.checks?.map((check): QueueCheck => ({
            ...check,
            kind: check.kind as QueueCheck['kind'],
            branchControl: check.allowedBranches
              ? { allowedBranches: check.allowedBranches, ensureProtectionOfBranch: false, allowUnknownStatusBranch: false }
              : undefined,
          })),
        );
        return `| ${cell(pool.name)} | ${cell(queue.projectName ?? queue.projectId)} | ${cell(queue.queueName)} | ${cell(pipelines)} | ${cell(checks)} |`;
      }),
  );
  if (rows.length === 0) return [];
  return [
    '## Pipelines and checks per self-hosted queue',
    '',
    '| Pool | Project | Queue | Pipelines | Checks |',
    '|---|---|---|---|---|',
    ...rows,
    '',
  ];
}

function projectsOf(pool: InventoryPool): string {
  return pool.queues.map((queue) => queue.projectName ?? queue.projectId).join(', ');
}

function scaleSetOf(pool: InventoryPool): string {
  if (pool.managed) return managedCell(pool.managed);
  if (pool.elastic) {
    const states = Object.entries(pool.elastic.nodeStates)
      .map(([state, count]) => `${count} ${state}`)
      .join(', ');
    return `standby ${pool.elastic.desiredIdle}, max ${pool.elastic.maxCapacity}${states ? `; nodes: ${states}` : ''}`;
  }
  return '';
}

function poolSection(pool: InventoryPool): string[] {
  const lines = [`### ${cell(pool.name)} (${pool.kind}, id ${pool.id})`, '', ...managedSection(pool)];
  if (pool.elastic) {
    lines.push(
      `Scale set pool: standby ${pool.elastic.desiredIdle}, max ${pool.elastic.maxCapacity}, time to live ${pool.elastic.timeToLiveMinutes} min, ` +
        `recycle after each use ${pool.elastic.recycleAfterEachUse ? 'yes' : 'no'}, state ${cell(pool.elastic.state ?? 'unknown')}.`,
      '',
    );
    if (pool.elastic.recentLogs.length > 0) {
      lines.push('Recent scale set log:', '');
      for (const log of pool.elastic.recentLogs) lines.push(`- ${log.timestamp} ${log.level} ${cell(log.operation)}: ${cell(log.message)}`);
      lines.push('');
    }
  }
  if (pool.scaleSet?.unreadable)
    lines.push(`Scale set ${cell(pool.scaleSet.resourceId)} could not be read: ${cell(pool.scaleSet.unreadable)}`, '');
  else if (pool.scaleSet) {
    const { resourceId, capacity, provisioningState, orchestrationMode } = pool.scaleSet;
    lines.push(
      `VM scale set ${cell(resourceId)}: capacity ${capacity ?? '?'}, ${cell(provisioningState ?? 'state unknown')}, ${cell(orchestrationMode ?? '')} orchestration.`,
      '',
    );
  }
  if (pool.agents.length === 0) {
    lines.push('No agents.', '');
    return lines;
  }
  lines.push('| Agent | Status | Enabled | Job | Last job finished | Version |', '|---|---|---|---|---|---|');
  for (const agent of pool.agents.slice(0, MAX_AGENT_ROWS)) {
    const status = agent.stale ? `offline ${agent.offlineHours} h (stale)` : agent.status;
    const job = agent.currentJob
      ? cell(agent.currentJob.definitionName ?? agent.currentJob.jobName ?? String(agent.currentJob.requestId))
      : '';
    lines.push(
      `| ${cell(agent.name)} | ${status} | ${agent.enabled ? 'yes' : 'no'} | ${job} | ${agent.lastJob?.finishTime ?? ''} | ${cell(agent.version ?? '')} |`,
    );
  }
  if (pool.agents.length > MAX_AGENT_ROWS)
    lines.push(
      '',
      `…and ${pool.agents.length - MAX_AGENT_ROWS} more agents: the run's **Pool Warden** tab (in a pipeline) and the JSON report list them all.`,
    );
  lines.push('');
  return lines;
}
