import { findPool } from '../ado/pools';
import { InputError } from '../inputs/read';
import type { TaskHost } from '../host';
import type { Clock } from '../model/context';
import { escapeMarkdownCell as cell, neutraliseLoggingCommands, toSingleLine } from '../report/escape';
import { reportDirectoryOf, writeJson } from '../report-files';
import { openSession } from '../session';
import { TOOL_VERSION } from '../version';
import { adoAgentPort, adoElasticPort } from './ado-ports';
import { executePlan } from './executor';
import { parseScaleInputs } from './inputs';
import { planScaling, renderPlan, type ScalePlan } from './plan';
import type { ScalingPorts } from './ports';
import type { ScaleResult } from './result';
import { readPoolState, type ScaleTarget } from './state';

/** ScaleSetAgents end to end: inputs → fresh state → plan (printed) → execute unless dry run → report. */
export async function runScaleSetAgents(host: TaskHost, clock: Clock, signal: AbortSignal): Promise<void> {
  const inputs = parseScaleInputs(host.input, host.variable('System.CollectionUri'));
  const session = openSession({
    signIn: host.readSignIn(),
    organizationUrl: inputs.organizationUrl,
    maxConcurrency: inputs.maxConcurrency,
    logger: host.logger,
    clock,
    mask: host.mask,
  });
  host.logger.info(`Signed in with ${session.signIn.description}`);

  const pool = await findPool(session.ado, inputs.pool);
  if (!pool) throw new InputError('pool', `names no agent pool of ${inputs.organizationUrl}: '${inputs.pool}'. Give the pool's name or id.`);
  if (pool.isHosted) throw new InputError('pool', `names the Microsoft-hosted pool '${pool.name}', which cannot be scaled. Choose a scale set or self-hosted pool.`);
  const ports: ScalingPorts = { agents: adoAgentPort(session.ado) };
  let target: ScaleTarget;
  if (inputs.scaleSetResourceId) {
    if (pool.kind === 'elastic') {
      throw new InputError('scaleSetResourceId', `must be empty for '${pool.name}': Azure DevOps manages that scale set's capacity itself (never resized through ARM).`);
    }
    const armEndpoint = host.endpoint('azureSubscription');
    const scaleSets = session.scaleSets(armEndpoint);
    if (!scaleSets) {
      throw new InputError('azureSubscription', 'is required for a self-managed scale set (scaleSetResourceId): choose an Azure Resource Manager service connection that may change the scale set.');
    }
    ports.scaleSet = scaleSets;
    target = { kind: 'scaleSet', poolId: pool.id, poolName: pool.name, resourceId: inputs.scaleSetResourceId };
  } else if (pool.kind === 'elastic') {
    ports.elastic = adoElasticPort(session.ado);
    target = { kind: 'elastic', poolId: pool.id, poolName: pool.name };
  } else {
    target = { kind: 'selfHosted', poolId: pool.id, poolName: pool.name };
  }

  const plan = planScaling(await readPoolState(ports, target), inputs.request, clock.now());
  host.logger.group?.('Scaling plan');
  for (const line of renderPlan(plan)) host.logger.info(line);
  host.logger.endGroup?.();
  if (plan.errors.length > 0) {
    const problem = plan.errors.join('; ');
    const input = /^(\w+):/.exec(problem)?.[1] ?? 'action';
    throw new InputError(input, `cannot be applied to pool '${pool.name}': ${problem}`);
  }
  const result = await executePlan(plan, ports, { clock, logger: host.logger, signal });

  const report = { schemaVersion: 1, tool: { name: 'Pool Warden', version: TOOL_VERSION }, task: 'ScaleSetAgents', organization: { url: inputs.organizationUrl }, generatedAt: clock.now().toISOString(), signedInAs: session.signIn.description, plan, result };
  const reportPath = writeJson(reportDirectoryOf(host, inputs.reportDirectory), 'scale-set-agents.json', report);
  host.uploadSummary('scale-set-agents.md', scalingSummary(plan, result));
  host.setOutput('agentsAdded', result.agentsAdded);
  host.setOutput('agentsRemoved', result.agentsRemoved);
  host.setOutput('agentsSkippedBusy', result.agentsSkippedBusy);
  host.setOutput('agentCount', result.finalAgentCount);
  host.setOutput('reportPath', reportPath);
  const headline = `${plan.dryRun ? 'Dry run: ' : ''}${plan.requested} on pool '${pool.name}': ${result.agentsAdded} added, ${result.agentsRemoved} removed, ${result.agentsSkippedBusy} skipped busy; ${result.finalAgentCount} agents now`;
  if (result.outcome === 'failed') host.setResult('Failed', `${headline}. ${result.errors.join('; ')}`);
  else if (result.outcome === 'partial' || plan.clipping.length > 0) {
    host.setResult('SucceededWithIssues', `${headline}. ${[...plan.clipping, ...result.shortfalls, ...result.errors].join('; ')}`);
  } else host.setResult('Succeeded', headline);
}

/** The run-summary markdown: the plan, what happened to each agent, and why. */
export function scalingSummary(plan: ScalePlan, result: ScaleResult): string {
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
  // Inside the fence markdown is inert, but a name could still end the fence, add lines or carry a logging command
  // (anyone who prints this file in a later step would run it): one line each, no fence, no command.
  const planLines = renderPlan(plan).map((line) => neutraliseLoggingCommands(toSingleLine(line)).replace(/```/g, "'''"));
  lines.push('', '## Plan', '', '```', ...planLines, '```', '');
  if (result.agents.length > 0) {
    lines.push('## Agents', '', '| Agent | Outcome | Why |', '|---|---|---|');
    for (const agent of result.agents) lines.push(`| ${cell(agent.agentName)} | ${agent.outcome} | ${cell(agent.reason ?? '', 300)} |`);
    lines.push('');
  }
  if (plan.skipped.length > 0) {
    lines.push('## Left alone', '', '| Agent | Why |', '|---|---|');
    for (const skipped of plan.skipped) lines.push(`| ${cell(skipped.agentName)} | ${cell(skipped.reason, 300)} |`);
  }
  return lines.join('\n');
}
