/**
 * The run-summary markdown of a scaling run, and the read-only snapshot of what the service is doing with an
 * Azure DevOps-managed pool (node states and its elastic pool log) that goes into it.
 */
import type { Logger } from '../model/context';
import type { ElasticNode, ElasticPoolLog } from '../model/pool';
import { escapeMarkdownCell as cell } from '../report/escape';
import type { ScalePlan } from './plan';
import { renderPlan } from './render';
import type { ElasticPoolPort } from '../model/scale-set-ports';
import type { ScaleResult } from './result';

/** Node states and the newest log entries of a managed pool, read after the run. */
export interface ElasticActivity {
  nodes: ElasticNode[];
  logs: ElasticPoolLog[];
}

/** How many log entries the summary shows (newest first). */
export const ELASTIC_LOG_ENTRIES = 10;
/** Nodes listed in the summary; the JSON report has them all. */
const SUMMARY_NODE_ROWS = 50;

/** Reads nodes and the newest log entries. Never throws: the run already happened, a failed read is a warning. */
export async function readElasticActivity(port: ElasticPoolPort, poolId: number, logger: Logger): Promise<ElasticActivity | undefined> {
  try {
    const [nodes, logs] = await Promise.all([port.nodes(poolId), port.logs(poolId, ELASTIC_LOG_ENTRIES)]);
    return { nodes, logs };
  } catch (error) {
    logger.warn(
      `Could not read the node states and log of scale set pool ${poolId}: ${error instanceof Error ? error.message : String(error)}`,
    );
    return undefined;
  }
}

/** The run-summary markdown: the plan, what happened to each agent and why, and the managed pool's activity. */
export function scalingSummary(plan: ScalePlan, result: ScaleResult, elastic?: ElasticActivity): string {
  const lines = [
    `# Pool Warden: ${plan.dryRun ? 'scaling plan (dry run, nothing changed)' : 'scaling'} for pool ${cell(plan.poolName ?? String(plan.poolId))}`,
    '',
    `Request: ${cell(plan.requested)}; outcome **${result.outcome}**: ${result.agentsAdded} added, ${result.agentsRemoved} removed, ${result.agentsSkippedBusy} skipped because busy; ${result.finalAgentCount} agents now.`,
    '',
    '| | Before | Planned after |',
    '|---|---:|---:|',
    `| Counted agents | ${plan.before.boundedCount} | ${plan.after.boundedCount} |`,
    `| Online | ${plan.before.online} | |`,
    `| Busy | ${plan.before.busy} | |`,
  ];
  if (plan.before.desiredIdle !== undefined)
    lines.push(`| Standby agents | ${plan.before.desiredIdle} | ${plan.after.desiredIdle ?? plan.before.desiredIdle} |`);
  if (plan.before.capacity !== undefined)
    lines.push(`| Scale set capacity | ${plan.before.capacity} | ${plan.after.capacity ?? plan.before.capacity} |`);
  lines.push('');
  for (const note of [...plan.clipping, ...plan.warnings, ...result.shortfalls, ...result.errors]) lines.push(`- ${cell(note, 400)}`);
  lines.push('', '## Plan', '', ...renderPlan(plan).map(planListItem), '');
  if (result.agents.length > 0) {
    lines.push('## Agents', '', '| Agent | Outcome | Why |', '|---|---|---|');
    for (const agent of result.agents) {
      const outcome = agent.reEnabled ? `${agent.outcome} (re-enabled)` : agent.outcome;
      lines.push(`| ${cell(agent.agentName)} | ${outcome} | ${cell(agent.reason, 300)} |`);
    }
    lines.push('');
  }
  if (plan.skipped.length > 0) {
    lines.push('## Left alone', '', '| Agent | Why |', '|---|---|');
    for (const skipped of plan.skipped) lines.push(`| ${cell(skipped.agentName)} | ${cell(skipped.reason, 300)} |`);
    lines.push('');
  }
  if (elastic) lines.push(...elasticSection(elastic));
  return lines.join('\n');
}

/**
 * One plan line as an escaped list item, nested by its indent. Not a code block: names stay escaped like every
 * other cell (no raw HTML or links from a pool or agent name, whatever renders the summary).
 */
function planListItem(line: string): string {
  const indent = line.length - line.trimStart().length;
  const text = line.trimStart().replace(/^- /, '');
  return `${' '.repeat(indent)}- ${cell(text, 1000)}`;
}

function elasticSection({ nodes, logs }: ElasticActivity): string[] {
  const lines = ['## What Azure DevOps is doing with the pool', ''];
  if (nodes.length === 0) lines.push('No nodes.', '');
  else {
    lines.push('| Node | State | Agent | Agent state | Compute | Since |', '|---|---|---|---|---|---|');
    for (const node of nodes.slice(0, SUMMARY_NODE_ROWS)) {
      const since = node.stateChangedOn ? node.stateChangedOn.toISOString() : '';
      lines.push(
        `| ${cell(node.name)} | ${cell(node.state)} | ${node.agentId ?? ''} | ${cell(node.agentState.join(', '))} | ${cell(node.computeState ?? '')} | ${since} |`,
      );
    }
    if (nodes.length > SUMMARY_NODE_ROWS) lines.push('', `… and ${nodes.length - SUMMARY_NODE_ROWS} more (see the JSON report).`);
    lines.push('');
  }
  if (logs.length > 0) {
    lines.push(`### Scale set pool log (newest ${logs.length})`, '', '| Time | Level | Operation | Message |', '|---|---|---|---|');
    for (const log of logs)
      lines.push(`| ${log.timestamp.toISOString()} | ${cell(log.level)} | ${cell(log.operation)} | ${cell(log.message, 300)} |`);
    lines.push('');
  }
  return lines;
}
