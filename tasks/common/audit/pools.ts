/** Pool facts shared by rules. */
import type { Pool } from '../model/pool';
import type { AuditedQueue, PoolAuditSnapshot } from './snapshot';

/**
 * True for pools whose agents run on machines the organization operates: plain self-hosted,
 * VMSS elastic and agent-cloud (Managed DevOps Pools) pools. Microsoft-hosted pools are not.
 */
export function isSelfHostedPool(pool: Pool): boolean {
  return !pool.isHosted && pool.kind !== 'hosted';
}

/** The queues (project pools) that point at `pool`. */
export function queuesOfPool(pool: Pool, snapshot: PoolAuditSnapshot): AuditedQueue[] {
  return snapshot.queues.filter((queue) => queue.poolId === pool.id);
}
