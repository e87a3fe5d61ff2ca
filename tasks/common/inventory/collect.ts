import { listAgents } from '../ado/agents';
import type { AdoApi } from '../ado/api';
import { listElasticLogs, listElasticNodes, listElasticPools } from '../ado/elastic';
import { listPools } from '../ado/pools';
import { listProjects, listQueues } from '../ado/projects';
import type { ScaleSetClient } from '../arm/vmss';
import { compileSecretPatterns, DEFAULT_SECRET_PATTERNS, secretReason } from '../patterns/secrets';
import { mapConcurrent } from '../http/gate';
import type { Clock, Logger } from '../model/context';
import type { Agent, ElasticPool, Pool, Queue } from '../model/pool';
import { selectPools, type PoolTypeFilter } from './filters';
import { organizationNameOf } from '../arm/managed-pool-join';
import { readManagedPools, type ManagedPoolsSource } from './managed';
import { queueAccessKey, readPipelineAccess } from './pipeline-access';
import type { AgentCounts, InventoryAgent, InventoryJob, InventoryPool, InventoryReport } from './report';

export interface InventoryOptions {
  poolNameFilter: string;
  poolType: PoolTypeFilter;
  includeHosted: boolean;
  includeCapabilities: boolean;
  includeScaleSets: boolean;
  /** Read who may use each self-hosted queue and its checks (needs more than agent pool Reader). Default true. */
  includePipelineAccess?: boolean;
  staleAfterHours: number;
  /** How many pools are read at once (requests are bounded again by the HTTP layer). */
  maxConcurrency: number;
}

export interface InventoryDeps {
  ado: AdoApi;
  /** Present when an ARM connection is available: lets the inventory read the VMSS behind elastic pools. */
  scaleSets?: Pick<ScaleSetClient, 'get'>;
  /** Present when an ARM connection is available: lists the Managed DevOps Pools of its subscription. */
  managedPools?: ManagedPoolsSource;
  clock: Clock;
  logger: Logger;
  signedInAs: string;
  version: string;
}

/**
 * Reads pools, queues, agents and scale-set state. The number of requests per pool is constant
 * (agents in one call; elastic nodes and logs one call each), whatever the number of agents.
 */
export async function collectInventory(deps: InventoryDeps, options: InventoryOptions): Promise<InventoryReport> {
  const { ado, logger } = deps;
  const missing: InventoryReport['missing'] = [];
  const now = deps.clock.now();

  const [allPools, elasticPools, queues] = await Promise.all([
    listPools(ado),
    listElasticPools(ado).catch((error) => {
      missing.push({ scope: 'elastic pools', reason: (error as Error).message });
      return [] as ElasticPool[];
    }),
    readQueues(deps, missing, options.maxConcurrency),
  ]);
  const pools = selectPools(allPools, options);
  logger.info(`Reading ${pools.length} of ${allPools.length} pools`);
  const elasticById = new Map(elasticPools.map((pool) => [pool.poolId, pool]));
  const queuesByPool = groupBy(queues, (queue) => queue.poolId);

  const selfHostedQueues = pools.filter((pool) => !pool.isHosted).flatMap((pool) => queuesByPool.get(pool.id) ?? []);
  const [inventoryPools, access] = await Promise.all([
    mapConcurrent(pools, options.maxConcurrency, (pool) =>
      readPool(deps, pool, elasticById.get(pool.id), queuesByPool.get(pool.id) ?? [], options, now, missing),
    ),
    options.includePipelineAccess === false
      ? Promise.resolve(new Map())
      : readPipelineAccess(ado, selfHostedQueues, options.maxConcurrency, missing),
  ]);
  for (const pool of inventoryPools) {
    for (const queue of pool.queues) {
      const found = access.get(queueAccessKey({ projectId: queue.projectId, id: queue.queueId }));
      if (found) queue.pipelineAccess = found;
    }
  }

  const managedPools = await attachManagedPools(deps, inventoryPools, missing, options.maxConcurrency);
  const totals = sumCounts(inventoryPools.map((pool) => pool.counts));
  return {
    schemaVersion: 1,
    tool: { name: 'Pool Warden', version: deps.version },
    task: 'PoolInventory',
    organization: { url: ado.orgUrl },
    generatedAt: now.toISOString(),
    signedInAs: deps.signedInAs,
    complete: missing.length === 0,
    missing,
    filters: {
      poolNameFilter: options.poolNameFilter,
      poolType: options.poolType,
      includeHosted: options.includeHosted,
      includeCapabilities: options.includeCapabilities,
      staleAfterHours: options.staleAfterHours,
    },
    totals: { pools: inventoryPools.length, ...totals },
    pools: inventoryPools,
    managedPools,
    staleAgents: inventoryPools.flatMap((pool) =>
      pool.agents
        .filter((agent) => agent.stale)
        .map((agent) => ({
          poolId: pool.id,
          poolName: pool.name,
          agentId: agent.id,
          agentName: agent.name,
          offlineSince: agent.statusChangedOn,
          offlineHours: agent.offlineHours,
        })),
    ),
  };
}

/** Marks the pools that are Managed DevOps Pools (`kind: "managed"` with the `managed` block). */
async function attachManagedPools(
  deps: InventoryDeps,
  pools: InventoryPool[],
  missing: InventoryReport['missing'],
  concurrency: number,
): Promise<InventoryReport['managedPools']> {
  if (!deps.managedPools) {
    return {
      read: false,
      count: 0,
      note: 'Managed DevOps Pools were not read: set the azureSubscription input to an Azure Resource Manager service connection (Reader on the subscription, or on the resource groups named in managedPoolResourceGroups) and keep includeScaleSets true.',
    };
  }
  const orgName = organizationNameOf(deps.ado.orgUrl) ?? '';
  const read = await readManagedPools(
    deps.managedPools,
    orgName,
    pools.map((pool) => pool.name),
    missing,
    deps.logger,
    concurrency,
  );
  for (const pool of pools) {
    const managed = read.byPoolName.get(pool.name.toLowerCase());
    if (!managed) continue;
    pool.kind = 'managed';
    pool.managed = managed;
  }
  return {
    read: read.listed,
    count: read.byPoolName.size,
    ...(read.unmatched.length > 0 ? { unmatched: read.unmatched } : {}),
  };
}

async function readQueues(deps: InventoryDeps, missing: InventoryReport['missing'], concurrency: number): Promise<Queue[]> {
  try {
    const projects = await listProjects(deps.ado);
    const perProject = await mapConcurrent(projects, concurrency, async (project) => {
      try {
        return await listQueues(deps.ado, project);
      } catch (error) {
        missing.push({ scope: `queues of project ${project.name}`, reason: (error as Error).message });
        return [];
      }
    });
    return perProject.flat();
  } catch (error) {
    missing.push({ scope: 'projects', reason: (error as Error).message });
    return [];
  }
}

async function readPool(
  deps: InventoryDeps,
  pool: Pool,
  elastic: ElasticPool | undefined,
  queues: Queue[],
  options: InventoryOptions,
  now: Date,
  missing: InventoryReport['missing'],
): Promise<InventoryPool> {
  const agentsRead = listAgents(deps.ado, pool.id, { capabilities: options.includeCapabilities }).catch((error) => {
    missing.push({ scope: `agents of pool ${pool.name}`, reason: (error as Error).message });
    return [] as Agent[];
  });
  const elasticRead = elastic ? readElastic(deps, pool, elastic, missing) : Promise.resolve(undefined);
  const scaleSetRead =
    elastic && options.includeScaleSets && deps.scaleSets
      ? readScaleSet(deps.scaleSets, pool, elastic.azureId, missing)
      : Promise.resolve(undefined);
  const [agents, elasticInfo, scaleSet] = await Promise.all([agentsRead, elasticRead, scaleSetRead]);
  const inventoryAgents = agents.map((agent) => toInventoryAgent(agent, now, options));
  return {
    id: pool.id,
    name: pool.name,
    kind: pool.kind,
    poolType: pool.poolType,
    options: pool.options,
    size: pool.size,
    autoProvision: pool.autoProvision,
    autoUpdate: pool.autoUpdate,
    queues: queues.map((queue) => ({
      projectId: queue.projectId,
      projectName: queue.projectName,
      queueId: queue.id,
      queueName: queue.name,
    })),
    counts: countAgents(inventoryAgents),
    agents: inventoryAgents,
    elastic: elasticInfo,
    scaleSet,
  };
}

async function readElastic(
  deps: InventoryDeps,
  pool: Pool,
  elastic: ElasticPool,
  missing: InventoryReport['missing'],
): Promise<InventoryPool['elastic']> {
  const [nodes, logs] = await Promise.all([
    listElasticNodes(deps.ado, pool.id).catch((error) => {
      missing.push({ scope: `elastic nodes of pool ${pool.name}`, reason: (error as Error).message });
      return [];
    }),
    listElasticLogs(deps.ado, pool.id, 5).catch((error) => {
      missing.push({ scope: `elastic pool log of pool ${pool.name}`, reason: (error as Error).message });
      return [];
    }),
  ]);
  const nodeStates: Record<string, number> = {};
  for (const node of nodes) nodeStates[node.state] = (nodeStates[node.state] ?? 0) + 1;
  return {
    desiredIdle: elastic.desiredIdle,
    maxCapacity: elastic.maxCapacity,
    timeToLiveMinutes: elastic.timeToLiveMinutes,
    recycleAfterEachUse: elastic.recycleAfterEachUse,
    state: elastic.state,
    desiredSize: elastic.desiredSize,
    azureId: elastic.azureId,
    nodeStates,
    nodes: nodes.map((node) => ({
      name: node.name,
      state: node.state,
      agentState: node.agentState,
      computeState: node.computeState,
      agentId: node.agentId,
    })),
    recentLogs: logs.map((log) => ({
      timestamp: log.timestamp.toISOString(),
      level: log.level,
      operation: log.operation,
      message: log.message,
    })),
  };
}

/**
 * The VMSS behind an elastic pool, read-only. An unreadable scale set is noted on the pool and makes the
 * inventory incomplete (as the includeScaleSets input promises), but is not fatal.
 */
async function readScaleSet(
  scaleSets: Pick<ScaleSetClient, 'get'>,
  pool: Pool,
  azureId: string,
  missing: InventoryReport['missing'],
): Promise<InventoryPool['scaleSet']> {
  try {
    const state = await scaleSets.get(azureId);
    return {
      resourceId: azureId,
      capacity: state.capacity,
      provisioningState: state.provisioningState,
      orchestrationMode: state.orchestrationMode,
    };
  } catch (error) {
    const reason = (error as Error).message;
    missing.push({ scope: `scale set of pool ${pool.name}`, reason });
    return { resourceId: azureId, unreadable: reason };
  }
}

function toJob(job: Agent['assignedRequest']): InventoryJob | undefined {
  if (!job) return undefined;
  return {
    requestId: job.requestId,
    jobName: job.jobName,
    definitionName: job.definitionName,
    projectId: job.projectId,
    assignTime: job.assignTime?.toISOString(),
    finishTime: job.finishTime?.toISOString(),
    result: job.result,
  };
}

export function toInventoryAgent(
  agent: Agent,
  now: Date,
  options: Pick<InventoryOptions, 'staleAfterHours' | 'includeCapabilities'>,
): InventoryAgent {
  const offlineMs = agent.status === 'offline' && agent.statusChangedOn ? now.getTime() - agent.statusChangedOn.getTime() : undefined;
  const offlineHours = offlineMs === undefined ? undefined : Math.floor(offlineMs / 360_000) / 10;
  const stale = offlineMs !== undefined && offlineMs > options.staleAfterHours * 3_600_000;
  return {
    id: agent.id,
    name: agent.name,
    status: agent.status,
    enabled: agent.enabled,
    version: agent.version,
    osDescription: agent.osDescription,
    busy: Boolean(agent.assignedRequest),
    currentJob: toJob(agent.assignedRequest),
    lastJob: toJob(agent.lastCompletedRequest),
    createdOn: agent.createdOn?.toISOString(),
    statusChangedOn: agent.statusChangedOn?.toISOString(),
    stale,
    offlineHours,
    systemCapabilities: options.includeCapabilities ? redactSecrets(agent.systemCapabilities) : undefined,
    userCapabilities: options.includeCapabilities ? redactSecrets(agent.userCapabilities) : undefined,
  };
}

const SECRET_PATTERNS = compileSecretPatterns(DEFAULT_SECRET_PATTERNS);

/** Capability values that look like secrets never reach the report (same detection as audit rule POOL010). */
function redactSecrets(capabilities: Record<string, string> | undefined): Record<string, string> | undefined {
  if (!capabilities) return undefined;
  const safe: Record<string, string> = {};
  for (const [key, value] of Object.entries(capabilities)) {
    safe[key] = secretReason(key, value, SECRET_PATTERNS) ? '[redacted: looks like a secret]' : value;
  }
  return safe;
}

export function countAgents(agents: InventoryAgent[]): AgentCounts {
  const online = agents.filter((agent) => agent.status === 'online').length;
  const busy = agents.filter((agent) => agent.busy).length;
  return {
    agents: agents.length,
    online,
    offline: agents.length - online,
    busy,
    idle: agents.filter((agent) => agent.status === 'online' && !agent.busy && agent.enabled).length,
    disabled: agents.filter((agent) => !agent.enabled).length,
    stale: agents.filter((agent) => agent.stale).length,
  };
}

function sumCounts(all: AgentCounts[]): AgentCounts {
  const total: AgentCounts = { agents: 0, online: 0, offline: 0, busy: 0, idle: 0, disabled: 0, stale: 0 };
  for (const counts of all) {
    for (const key of Object.keys(total) as (keyof AgentCounts)[]) total[key] += counts[key];
  }
  return total;
}

function groupBy<T, K>(items: T[], key: (item: T) => K): Map<K, T[]> {
  const map = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}
