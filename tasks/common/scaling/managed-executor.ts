/**
 * Applies a Managed DevOps Pool plan as read-modify-write: read the pool (and its ETag), plan, PATCH with
 * `If-Match`; on 412 (another run changed the pool) or 409 (its operation still runs) wait, re-read and re-plan, so
 * that concurrent runs each apply their change to the pool as it is, never to a stale copy.
 */
import { ManagedPoolBusyError, ManagedPoolConflictError, type ManagedPoolClient, type ManagedPoolResource } from '../arm/managed-pools';
import type { Clock, Logger } from '../model/context';
import type { ManagedPlan } from './managed-plan';
import { unappliedFields, type UnappliedField } from './managed-verify';

const BUSY_STATES = new Set(['updating', 'provisioning', 'accepted', 'deleting']);

export interface ManagedRunResult {
  plan: ManagedPlan;
  /** The pool after the run (as read before the write on a dry run or when nothing changed). */
  pool: ManagedPoolResource;
  written: boolean;
  attempts: number;
  conflicts: number;
  /** Fields the service returned differently from what was sent (empty when all took effect or nothing was written). */
  unapplied: UnappliedField[];
}

export interface ManagedExecutorOptions {
  clock: Clock;
  logger: Logger;
  pollIntervalMs: number;
  /** Re-reads after a 412/409 before giving up. */
  maxAttempts?: number;
  /** How long to wait for an operation someone else started to finish. */
  busyTimeoutMs?: number;
  signal?: AbortSignal;
}

/** Reads the pool, waiting while another operation on it still runs. */
async function readSettled(
  client: Pick<ManagedPoolClient, 'get'>,
  resourceId: string,
  options: ManagedExecutorOptions,
): Promise<ManagedPoolResource> {
  const deadline = options.clock.now().getTime() + (options.busyTimeoutMs ?? 30 * 60_000);
  for (;;) {
    const pool = await client.get(resourceId);
    const state = (pool.properties.provisioningState ?? '').toLowerCase();
    if (!BUSY_STATES.has(state) || options.clock.now().getTime() >= deadline) return pool;
    options.logger.info(`Managed DevOps Pool ${pool.name} is ${pool.properties.provisioningState}: waiting for that operation to finish`);
    await options.clock.sleep(options.pollIntervalMs, options.signal);
  }
}

export async function runManagedChange(
  client: Pick<ManagedPoolClient, 'get' | 'update'>,
  resourceId: string,
  plan: (pool: ManagedPoolResource) => ManagedPlan,
  dryRun: boolean,
  options: ManagedExecutorOptions,
): Promise<ManagedRunResult> {
  const maxAttempts = options.maxAttempts ?? 6;
  let conflicts = 0;
  for (let attempt = 1; ; attempt++) {
    const pool = await readSettled(client, resourceId, options);
    const current = plan(pool);
    if (dryRun || current.errors.length > 0 || Object.keys(current.patch).length === 0) {
      return { plan: current, pool, written: false, attempts: attempt, conflicts, unapplied: [] };
    }
    try {
      const after = await client.update(resourceId, current.patch, pool.etag);
      // The pool as the long-running operation returned it: every planned field must be there.
      const unapplied = unappliedFields(current, after.properties);
      return { plan: current, pool: after, written: true, attempts: attempt, conflicts, unapplied };
    } catch (error) {
      const retry = error instanceof ManagedPoolConflictError || error instanceof ManagedPoolBusyError;
      if (!retry || attempt >= maxAttempts) throw error;
      conflicts++;
      options.logger.info(`${(error as Error).message}: reading the pool again and re-planning (attempt ${attempt + 1} of ${maxAttempts})`);
      if (error instanceof ManagedPoolBusyError) await options.clock.sleep(options.pollIntervalMs, options.signal);
    }
  }
}
