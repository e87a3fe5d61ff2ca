/**
 * ScaleSetAgents on a Managed DevOps Pool: find the pool's ARM resource, refuse what does not apply, plan from the
 * current resource, print before → after, PATCH (unless dry run) as a long-running operation, report.
 */
import { servingPool, organizationEntry, organizationNameOf } from '../arm/managed-pool-join';
import type { ManagedPoolClient, ManagedPoolResource } from '../arm/managed-pools';
import { subscriptionOf } from '../inputs/managed-pools';
import { HttpError } from '../http/errors';
import { InputError } from '../inputs/read';
import type { TaskHost } from '../host';
import type { Clock } from '../model/context';
import type { Pool } from '../model/pool';
import { organizationNameOf as reportOrganizationNameOf } from '../report';
import { reportAttachmentName } from '../report-files';
import type { Session } from '../session';
import { setScalingOutputs, writeScalingReport } from './report';
import { hasManagedSettings } from './managed-inputs';
import { runManagedChange } from './managed-executor';
import { planManagedChange, type QuotaBound } from './managed-plan';
import { managedScalingSummary, renderManagedPlan } from './managed-render';
import { describeUnapplied } from './managed-verify';
import type { ScaleInputs } from './inputs';

export interface ManagedTarget {
  client: ManagedPoolClient;
  resource: ManagedPoolResource;
}

/**
 * The Managed DevOps Pool behind `pool`, or undefined when it is not one. `managedPoolResourceId` must name a pool
 * the connection can read and that serves this organization; without it the subscription (or the resource groups
 * given) is listed. Managed-only settings on a pool that is not managed are refused.
 */
export async function findManagedTarget(
  host: TaskHost,
  session: Session,
  inputs: ScaleInputs,
  pool: Pool,
): Promise<ManagedTarget | undefined> {
  const endpoint = host.endpoint('azureSubscription');
  const client = session.managedPools(endpoint, inputs.managed.pools.apiVersion);
  const orgName = organizationNameOf(inputs.organizationUrl) ?? '';
  const wantsManaged = inputs.managed.resourceId !== undefined || hasManagedSettings(inputs.managed.settings);
  if (inputs.managed.resourceId) {
    if (!client) {
      throw new InputError(
        'azureSubscription',
        'is required with managedPoolResourceId: choose an Azure Resource Manager service connection that may change the Managed DevOps Pool.',
      );
    }
    let resource: ManagedPoolResource;
    try {
      resource = await client.get(inputs.managed.resourceId);
    } catch (error) {
      if (error instanceof HttpError && [401, 403, 404].includes(error.status)) {
        throw new InputError(
          'managedPoolResourceId',
          `names a Managed DevOps Pool the Azure Resource Manager connection cannot reach (${error.code ?? `HTTP ${error.status}`}: ${error.serviceMessage ?? error.message}). ` +
            'Give the id of an existing pool and a connection with Reader (to plan) and Contributor (to change) on it.',
        );
      }
      throw error;
    }
    if (!organizationEntry(resource, orgName)) {
      throw new InputError(
        'managedPoolResourceId',
        `names Managed DevOps Pool '${resource.name}', which does not serve organization ${orgName}.`,
      );
    }
    return { client, resource };
  }
  if (client && pool.kind !== 'elastic') {
    const subscriptionId = subscriptionOf(endpoint ?? session.armEndpoint);
    if (subscriptionId) {
      try {
        const found = servingPool(await client.list(subscriptionId, inputs.managed.pools.resourceGroups), orgName, pool.name);
        if (found) return { client, resource: found };
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        if (wantsManaged) {
          throw new InputError(
            'azureSubscription',
            `cannot list the Managed DevOps Pools of subscription ${subscriptionId} (${reason}). Give managedPoolResourceId, or managedPoolResourceGroups the connection can read.`,
          );
        }
        // With scaleSetResourceId the pool is a self-managed scale set by the user's word: no warning for a role that
        // reads the scale set only.
        const note = `Could not tell whether pool '${pool.name}' is a Managed DevOps Pool: ${reason}`;
        if (inputs.scaleSetResourceId) host.logger.debug(note);
        else host.logger.warn(note);
      }
    }
  }
  if (hasManagedSettings(inputs.managed.settings)) {
    const name = Object.keys(inputs.managed.settings)[0] === 'daysData' ? 'standbySchedule' : Object.keys(inputs.managed.settings)[0];
    throw new InputError(
      name === 'timeZone' ? 'standbyTimeZone' : name,
      `applies to Managed DevOps Pools only, and no Managed DevOps Pool serving '${pool.name}' was found${client ? '' : ' (no azureSubscription connection to look with)'}. ` +
        'For a scale set pool use standbyAgents, maxCapacity, timeToLiveMinutes or recycleAfterEachUse.',
    );
  }
  return undefined;
}

/** What ScaleSetAgents refuses on a Managed DevOps Pool, with what to use instead. */
function refuseUnsupported(inputs: ScaleInputs, poolName: string): void {
  if (inputs.request.action === 'removeOffline') {
    throw new InputError(
      'action',
      `removeOffline does not apply to Managed DevOps Pool '${poolName}': the service returns and deletes its agents itself. ` +
        'Use add, remove or setCount to change its maximum concurrency, or configure for standby agents.',
    );
  }
  if (inputs.scaleSetResourceId) {
    throw new InputError(
      'scaleSetResourceId',
      `must be empty for Managed DevOps Pool '${poolName}': its machines run in a Microsoft subscription, not in your scale set. Leave it empty (or give managedPoolResourceId).`,
    );
  }
  const elastic = Object.entries(inputs.request.settings ?? {}).find(([, value]) => value !== undefined);
  if (elastic) {
    const input = {
      desiredIdle: 'standbyAgents',
      maxCapacity: 'maxCapacity',
      timeToLiveMinutes: 'timeToLiveMinutes',
      recycleAfterEachUse: 'recycleAfterEachUse',
    }[elastic[0]]!;
    const instead: Record<string, string> = {
      standbyAgents: 'standbyMode with standbySchedule (manual) or automatic',
      maxCapacity: 'action add, remove or setCount (they change maximumConcurrency)',
      timeToLiveMinutes: 'maxAgentLifetime and gracePeriod (stateful agents)',
      recycleAfterEachUse: "the pool's agent profile in Azure (stateless agents get a fresh machine for every job)",
    };
    throw new InputError(
      input,
      `is a scale set pool setting and does not apply to Managed DevOps Pool '${poolName}': use ${instead[input]} instead.`,
    );
  }
}

async function readQuota(client: ManagedPoolClient, resource: ManagedPoolResource, host: TaskHost): Promise<QuotaBound | undefined> {
  const subscriptionId = resource.id.split('/')[2];
  const skuName = resource.properties.fabricProfile?.sku?.name;
  try {
    const [skus, usages] = await Promise.all([
      client.skus(subscriptionId, resource.location),
      client.usages(subscriptionId, resource.location),
    ]);
    const sku = skus.find((s) => s.name.toLowerCase() === (skuName ?? '').toLowerCase());
    const usage = usages.find((u) => sku?.family && u.family.toLowerCase() === sku.family.toLowerCase());
    if (!sku?.vCPUs || !usage || !sku.family) return undefined;
    return { family: sku.family, vCPUsPerMachine: sku.vCPUs, limit: usage.limit, maxMachines: Math.floor(usage.limit / sku.vCPUs) };
  } catch (error) {
    host.warning(
      `The vCPU quota of ${resource.location} could not be read, so the maximum is not bounded by it: ${(error as Error).message}`,
    );
    return undefined;
  }
}

export async function runManagedScaling(
  host: TaskHost,
  session: Session,
  inputs: ScaleInputs,
  pool: Pool,
  target: ManagedTarget,
  clock: Clock,
  signal: AbortSignal,
): Promise<void> {
  refuseUnsupported(inputs, pool.name);
  const { client } = target;
  const resourceId = target.resource.id;
  const quota = ['add', 'setCount'].includes(inputs.request.action) ? await readQuota(client, target.resource, host) : undefined;
  const planFor = (resource: ManagedPoolResource) => planManagedChange(resource, pool.name, inputs.request, inputs.managed.settings, quota);

  // Plan once from what was just read: bad input fails here, before any write.
  const first = planFor(target.resource);
  host.logger.group?.('Managed DevOps Pool plan');
  for (const line of renderManagedPlan(first)) host.logger.info(line);
  host.logger.endGroup?.();
  if (first.errors.length > 0) {
    const error = first.errors[0];
    throw new InputError(
      error.input,
      `cannot be applied to Managed DevOps Pool '${pool.name}': ${first.errors.map((e) => e.message).join('; ')}`,
    );
  }
  const run = await runManagedChange(client, resourceId, planFor, inputs.request.dryRun, {
    clock,
    logger: host.logger,
    pollIntervalMs: inputs.pollIntervalSeconds * 1000,
    signal,
  });
  if (run.plan.errors.length > 0) {
    throw new InputError(
      run.plan.errors[0].input,
      `cannot be applied to Managed DevOps Pool '${pool.name}' as it is now: ${run.plan.errors.map((e) => e.message).join('; ')}`,
    );
  }
  if (run.conflicts > 0) for (const line of renderManagedPlan(run.plan)) host.logger.info(line);
  const machines = await client
    .listMachines(resourceId)
    .then((list) => {
      const counts: Record<string, number> = {};
      for (const machine of list) counts[machine.status] = (counts[machine.status] ?? 0) + 1;
      return counts;
    })
    .catch((error: unknown) => {
      host.logger.warn(`Could not read the machines of ${target.resource.name}: ${(error as Error).message}`);
      return undefined;
    });
  const maximum = run.plan.dryRun ? run.plan.maximumBefore : run.pool.properties.maximumConcurrency;
  const reportPath = writeScalingReport(
    host,
    inputs,
    { generatedAt: clock.now(), signedInAs: session.signIn.description },
    {
      managedPool: { resourceId, poolName: pool.name },
      plan: run.plan,
      result: {
        outcome: run.unapplied.length > 0 ? 'notApplied' : 'succeeded',
        unapplied: run.unapplied,
        dryRun: run.plan.dryRun,
        written: run.written,
        attempts: run.attempts,
        conflicts: run.conflicts,
        maximumConcurrency: maximum,
        machines,
      },
    },
  );
  host.uploadSummary(
    'scale-set-agents.md',
    managedScalingSummary(run.plan, {
      written: run.written,
      maximumConcurrency: maximum,
      conflicts: run.conflicts,
      machines,
      unapplied: run.unapplied,
    }),
  );
  host.attachReport(reportAttachmentName('ScaleSetAgents', reportOrganizationNameOf(inputs.organizationUrl)), reportPath);
  const active = machines
    ? Object.entries(machines)
        .filter(([status]) => status !== 'Returned')
        .reduce((sum, [, n]) => sum + n, 0)
    : 0;
  setScalingOutputs(host, { agentsAdded: 0, agentsRemoved: 0, agentsSkippedBusy: 0, agentCount: active }, reportPath, {
    maximumConcurrency: maximum,
  });
  const headline = `${run.plan.dryRun ? 'Dry run: ' : ''}${run.plan.requested} on Managed DevOps Pool '${target.resource.name}': maximum concurrency ${run.plan.maximumBefore} → ${run.plan.maximumAfter}${run.written ? '' : ' (nothing written)'}`;
  if (run.unapplied.length > 0) host.setResult('Failed', describeUnapplied(target.resource.name, run.unapplied));
  else if (run.plan.clipping.length > 0) host.setResult('SucceededWithIssues', `${headline}. ${run.plan.clipping.join('; ')}`);
  else host.setResult('Succeeded', headline);
}
