/** Shared builders for scaling tests. */
import type { ScaleRequest } from '../../../tasks/common/scaling/request';
import { readPoolState, type ScaleTarget } from '../../../tasks/common/scaling/state';
import { planScaling, type ScalePlan } from '../../../tasks/common/scaling/plan';
import { executePlan } from '../../../tasks/common/scaling/executor';
import type { ScaleResult } from '../../../tasks/common/scaling/result';
import { type FakePool, POOL_ID, RESOURCE_ID, memoryLogger } from './fakePool';

export function request(fields: Partial<ScaleRequest>): ScaleRequest {
  return { action: 'add', minAgents: 0, offlineForHours: 24, drainTimeoutMinutes: 30, onlineTimeoutMinutes: 15, dryRun: false, ...fields };
}

export function targetOf(pool: FakePool): ScaleTarget {
  return pool.kind === 'elastic'
    ? { kind: 'elastic', poolId: POOL_ID, poolName: 'linux' }
    : { kind: 'scaleSet', poolId: POOL_ID, poolName: 'linux', resourceId: RESOURCE_ID };
}

export async function planFor(pool: FakePool, req: ScaleRequest): Promise<ScalePlan> {
  return planScaling(await readPoolState(pool.ports(), targetOf(pool)), req, pool.clock.now());
}

/** Plans from fresh state and executes, like the task does. */
export async function run(
  pool: FakePool,
  req: ScaleRequest,
  signal?: AbortSignal,
): Promise<{ plan: ScalePlan; result: ScaleResult; log: string[] }> {
  const plan = await planFor(pool, req);
  const logger = memoryLogger();
  const result = await executePlan(plan, pool.ports(), { clock: pool.clock, logger, signal, pollIntervalMs: 30_000 });
  return { plan, result, log: logger.lines };
}
