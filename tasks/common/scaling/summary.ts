import { escapeMarkdownCell as cell } from '../report/escape';
import type { ScalePlan } from './plan';
import { renderPlan } from './plan';
import type { ScaleResult } from './result';
import type { ServiceView } from './service-view';

/** The run-summary markdown: the plan, what happened to each agent, and why. */
export function scalingSummary(plan: ScalePlan, result: ScaleResult, service?: ServiceView): string {
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
  if (plan.before.desiredIdle !== undefined) lines.push(`| Standby agents | ${plan.before.desiredIdle} | ${plan.after.desiredIdle ?? plan.before.desiredIdle} |`);
  if (plan.before.capacity !== undefined) lines.push(`| Scale set capacity | ${plan.before.capacity} | ${plan.after.capacity ?? plan.before.capacity} |`);
  lines.push('');
  for (const note of [...plan.clipping, ...plan.warnings, ...result.shortfalls, ...result.errors]) lines.push(`- ${cell(note, 400)}`);
  lines.push('', '## Plan', '', '```', ...renderPlan(plan).map((line) => line.replace(/```/g, "'''")), '```', '');
  if (result.agents.length > 0) {
    lines.push('## Agents', '', '| Agent | Outcome | Why |', '|---|---|---|');
    for (const agent of result.agents) lines.push(`| ${cell(agent.agentName)} | ${agent.outcome} | ${cell(agent.reason ?? '', 300)} |`);
    lines.push('');
  }
  if (plan.skipped.length > 0) {
    lines.push('## Left alone', '', '| Agent | Why |', '|---|---|');
    for (const skipped of plan.skipped) lines.push(`| ${cell(skipped.agentName)} | ${cell(skipped.reason, 300)} |`);
    lines.push('');
  }
  if (service) lines.push(...serviceSection(service));
  return lines.join('\n');
}


/** Azure DevOps deletes and creates the machines of a managed pool itself: its node states and log say what it is doing. */
function serviceSection(service: ServiceView): string[] {
  const lines = ['## What Azure DevOps is doing with the scale set', ''];
  if (service.unreadable) return [...lines, `Node states and the scale set log could not be read: ${cell(service.unreadable, 300)}`, ''];
  const states = Object.entries(service.nodeStates).map(([state, count]) => `${count} ${cell(state)}`);
  lines.push(`Nodes: ${states.length > 0 ? states.join(', ') : 'none'}.`, '');
  if (service.nodes.length > 0) {
    lines.push('| Node | State | Agent | Agent state |', '|---|---|---|---|');
    for (const node of service.nodes) lines.push(`| ${cell(node.name)} | ${cell(node.state)} | ${node.agentId ?? ''} | ${cell(node.agentState.join(', '))} |`);
    lines.push('');
  }
  if (service.recentLogs.length > 0) {
    lines.push('Recent scale set log:', '');
    for (const log of service.recentLogs) lines.push(`- ${log.timestamp} ${cell(log.level)} ${cell(log.operation)}: ${cell(log.message, 300)}`);
    lines.push('');
  }
  return lines;
}
