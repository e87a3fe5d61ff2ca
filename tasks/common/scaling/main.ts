import { explainAccessFailure } from '../auth/access-errors';
import { findPool } from '../ado/pools';
import { HttpError } from '../http/errors';
import { InputError } from '../inputs/read';
import type { TaskHost } from '../host';
import type { Clock } from '../model/context';
import { reportAttachmentName } from '../report-files';
import { organizationNameOf } from '../report';
import { openTaskSession } from '../session';
import { adoAgentPort, adoElasticPort } from './ado-ports';
import { executePlan } from './executor';
import { parseScaleInputs, taskInputName } from './inputs';
import { planScaling } from './plan';
import type { ScalingPorts } from '../model/scale-set-ports';
import { renderPlan } from './render';
import { setScalingOutputs, writeScalingReport } from './report';
import { readPoolState, type PoolState, type ScaleTarget } from './state';
import { readElasticActivity, scalingSummary } from './summary';
import { findManagedTarget, runManagedScaling } from './managed-main';

/** ScaleSetAgents end to end: inputs → fresh state → plan (printed) → execute unless dry run → report. */
export async function runScaleSetAgents(host: TaskHost, clock: Clock, signal: AbortSignal): Promise<void> {
  const inputs = parseScaleInputs(host.input, host.variable('System.CollectionUri'));
  const session = openTaskSession(host, inputs, clock, { armPollIntervalMs: inputs.pollIntervalSeconds * 1000 });

  const pool = await findPool(session.ado, inputs.pool).catch((error: unknown) => {
    throw explainAccessFailure(
      error,
      session.signIn,
      'read agent pools: give it the Administrator role on the pools it scales (Organization settings > Agent pools > Security)',
    );
  });
  if (!pool)
    throw new InputError('pool', `names no agent pool of ${inputs.organizationUrl}: '${inputs.pool}'. Give the pool's name or id.`);
  if (pool.isHosted)
    throw new InputError(
      'pool',
      `names the Microsoft-hosted pool '${pool.name}', which cannot be scaled. Choose a scale set or self-hosted pool.`,
    );
  const managed = await findManagedTarget(host, session, inputs, pool);
  if (managed) return runManagedScaling(host, session, inputs, pool, managed, clock, signal);
  const ports: ScalingPorts = { agents: adoAgentPort(session.ado) };
  let target: ScaleTarget;
  if (inputs.scaleSetResourceId) {
    if (pool.kind === 'elastic') {
      throw new InputError(
        'scaleSetResourceId',
        `must be empty for '${pool.name}': Azure DevOps manages that scale set's capacity itself (never resized through ARM).`,
      );
    }
    const armEndpoint = host.endpoint('azureSubscription');
    const scaleSets = session.scaleSets(armEndpoint);
    if (!scaleSets) {
      throw new InputError(
        'azureSubscription',
        'is required for a self-managed scale set (scaleSetResourceId): choose an Azure Resource Manager service connection that may change the scale set.',
      );
    }
    ports.scaleSet = scaleSets;
    target = { kind: 'scaleSet', poolId: pool.id, poolName: pool.name, resourceId: inputs.scaleSetResourceId };
  } else if (pool.kind === 'elastic') {
    ports.elastic = adoElasticPort(session.ado);
    target = { kind: 'elastic', poolId: pool.id, poolName: pool.name };
  } else {
    target = { kind: 'selfHosted', poolId: pool.id, poolName: pool.name };
  }

  const plan = planScaling(await readStateOrExplain(ports, target), inputs.request, clock.now());
  if (plan.errors.length > 0) {
    // A valid plan is printed by executePlan; an invalid one never gets there.
    host.logger.group?.('Scaling plan');
    for (const line of renderPlan(plan)) host.logger.info(line);
    host.logger.endGroup?.();
    const problem = plan.errors.join('; ');
    const input = taskInputName(/^(\w+):/.exec(problem)?.[1] ?? 'action');
    throw new InputError(input, `cannot be applied to pool '${pool.name}': ${problem}`);
  }
  const result = await executePlan(plan, ports, { clock, logger: host.logger, signal, pollIntervalMs: inputs.pollIntervalSeconds * 1000 });
  // What the service is doing with a managed pool (nodes, its log): read only, after the run.
  const elastic = ports.elastic ? await readElasticActivity(ports.elastic, pool.id, host.logger) : undefined;

  const reportPath = writeScalingReport(
    host,
    inputs,
    { generatedAt: clock.now(), signedInAs: session.signIn.description },
    { plan, result, elastic },
  );
  host.uploadSummary('scale-set-agents.md', scalingSummary(plan, result, elastic));
  host.attachReport(reportAttachmentName('ScaleSetAgents', organizationNameOf(inputs.organizationUrl)), reportPath);
  setScalingOutputs(host, { ...result, agentCount: result.finalAgentCount }, reportPath);
  const headline = `${plan.dryRun ? 'Dry run: ' : ''}${plan.requested} on pool '${pool.name}': ${result.agentsAdded} added, ${result.agentsRemoved} removed, ${result.agentsSkippedBusy} skipped busy; ${result.finalAgentCount} agents now`;
  if (result.outcome === 'failed') host.setResult('Failed', `${headline}. ${result.errors.join('; ')}`);
  else if (result.outcome === 'partial' || plan.clipping.length > 0) {
    host.setResult('SucceededWithIssues', `${headline}. ${[...plan.clipping, ...result.shortfalls, ...result.errors].join('; ')}`);
  } else host.setResult('Succeeded', headline);
}

/** Reads the pool state; a scale set ARM does not know becomes an input error naming `scaleSetResourceId`. */
async function readStateOrExplain(ports: ScalingPorts, target: ScaleTarget): Promise<PoolState> {
  try {
    return await readPoolState(ports, target);
  } catch (error) {
    if (
      target.kind === 'scaleSet' &&
      error instanceof HttpError &&
      error.status === 404 &&
      /\/providers\/Microsoft\.Compute\//i.test(error.url)
    ) {
      throw new InputError(
        'scaleSetResourceId',
        `names no scale set the Azure Resource Manager connection can see (${error.code ?? 'HTTP 404'}: ${error.serviceMessage ?? error.message}). ` +
          'Give the resource id of an existing virtual machine scale set.',
      );
    }
    throw error;
  }
}
