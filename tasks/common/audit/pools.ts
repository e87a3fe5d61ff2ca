/** Pool facts shared by rules. */
import type { Agent, Pool } from '../model/pool';
import type { AuditedQueue, PoolAuditSnapshot } from './snapshot';

/**
 * True for pools whose agents run on machines the organization operates: plain self-hosted,
 * VMSS elastic and agent-cloud (Managed DevOps Pools) pools. Microsoft-hosted pools are not.
 */
export function isSelfHostedPool(pool: Pool): boolean {
  return !pool.isHosted && pool.kind !== 'hosted';
}

/** Every agent of the snapshot's self-hosted pools, with its pool (a pool whose agents were not read has none). */
export function* selfHostedAgents(snapshot: PoolAuditSnapshot): Generator<{ pool: Pool; agent: Agent }> {
  for (const pool of snapshot.pools) {
    if (!isSelfHostedPool(pool)) continue;
    for (const agent of snapshot.agentsByPool[String(pool.id)] ?? []) yield { pool, agent };
  }
}

/** The queues (project pools) that point at `pool`. */
export function queuesOfPool(pool: Pool, snapshot: PoolAuditSnapshot): AuditedQueue[] {
  return snapshot.queues.filter((queue) => queue.poolId === pool.id);
}

/**
 * The pool a role assignment row is about: the org pool for `orgPool`, the queue's pool for `projectQueue`,
 * undefined for the "All agent pools" scopes (or when the pool/queue is not in the snapshot).
 */
export function poolOfAssignment(
  row: { scope: string; resourceId: string; poolId?: number; projectId?: string; queueId?: number },
  snapshot: PoolAuditSnapshot,
): Pool | undefined {
  if (row.scope === 'orgPool') {
    const poolId = row.poolId ?? Number(row.resourceId);
    return snapshot.pools.find((pool) => pool.id === poolId);
  }
  if (row.scope === 'projectQueue') {
    const [projectId, queueText] = row.resourceId.split('_');
    const queueId = row.queueId ?? Number(queueText);
    const queue = snapshot.queues.find((q) => q.id === queueId && q.projectId === (row.projectId ?? projectId));
    return queue ? snapshot.pools.find((pool) => pool.id === queue.poolId) : undefined;
  }
  return undefined;
}

/**
 * Whether a self-hosted pool's agents run job after job (POOL019): false when the pool says its agents are single use
 * (`singleUseAgents` option), it is a stateless Managed DevOps Pool (read from ARM), or an elastic pool that recycles
 * each machine after use; true for a stateful Managed DevOps Pool, plain self-hosted pools and elastic pools that keep
 * machines; undefined when it cannot be told (elastic settings not read; an agent-cloud pool without ARM data).
 * Without ARM data a Managed DevOps Pool whose Azure DevOps pool looks self-hosted is judged like one: which fields
 * mark such a pool in Azure DevOps is unverified, so POOL019 says in its evidence that the agent profile was not read.
 */
export function agentsReusedAcrossJobs(pool: Pool, snapshot: PoolAuditSnapshot): boolean | undefined {
  if (pool.options.includes('singleUseAgents')) return false;
  const managed = managedAgentProfile(pool, snapshot);
  if (managed === 'Stateless') return false;
  if (managed === 'Stateful') return true;
  if (pool.kind === 'elastic') {
    const elastic = snapshot.elasticPools?.[String(pool.id)];
    return elastic === undefined ? undefined : !elastic.recycleAfterEachUse;
  }
  if (pool.kind === 'agentCloud') return undefined;
  return true;
}

/** The agent profile kind of the Managed DevOps Pool serving `pool`, when ARM data was read and says it. */
export function managedAgentProfile(pool: Pool, snapshot: PoolAuditSnapshot): string | undefined {
  return snapshot.managedPools?.[String(pool.id)]?.agentProfile;
}
