/**
 * The removal step: drain (disable) chosen agents, wait until they are not busy, re-check with fresh state right
 * before each deletion, delete the VMSS instance and then the registration. Agents that picked up a job are
 * waited for until the drain timeout; anything drained and not removed is re-enabled (by the caller's safety net
 * for errors and cancellation, here for timeouts and bounds).
 */
import type { RemovalCandidate, ScaleStep } from './plan';
import { describeArmError } from '../arm/errors';
import type { RunContext } from './runContext';
import { isBusy } from './state';
import { describeJob } from './victims';

type RemoveStep = Extract<ScaleStep, { kind: 'removeAgents' }>;

export async function removeAgents(ctx: RunContext, step: RemoveStep): Promise<void> {
  const queue = [...step.candidates];
  const pending: RemovalCandidate[] = [];
  let done = 0;
  let floorReached = false;
  const deadline = ctx.clock.now().getTime() + step.drainTimeoutMinutes * 60_000;

  const fill = async (): Promise<void> => {
    while (!floorReached && done + pending.length < step.wanted && queue.length > 0) {
      ctx.throwIfAborted();
      const candidate = queue.shift() as RemovalCandidate;
      const claim = await claimCandidate(ctx, step, candidate, pending.length);
      if (claim === 'floor') floorReached = true;
      if (claim !== 'claimed') continue;
      if (step.deletedBy === 'service') {
        // Azure DevOps deletes a disabled agent of a managed pool once its current job (if any) is done.
        ctx.drained.delete(candidate.agentId);
        ctx.setOutcome(candidate, 'drainedForService', `${candidate.reason}; disabled, Azure DevOps deletes it`);
        ctx.result.agentsRemoved += 1;
        done += 1;
      } else {
        pending.push(candidate);
      }
    }
  };

  await fill();
  const waitingLogged = new Set<number>();
  while (pending.length > 0) {
    ctx.throwIfAborted();
    for (const candidate of [...pending]) {
      const outcome = await tryDelete(ctx, step, candidate, waitingLogged);
      if (outcome === 'wait') continue;
      pending.splice(pending.indexOf(candidate), 1);
      if (outcome === 'deleted') done += 1;
      if (outcome === 'floor') floorReached = true;
    }
    await fill();
    if (pending.length === 0) break;
    if (ctx.clock.now().getTime() >= deadline) {
      for (const candidate of pending) {
        ctx.setOutcome(candidate, 'skippedBusy', `still running a job after drainTimeoutMinutes=${step.drainTimeoutMinutes}`);
        await ctx.reEnable(candidate, 'drain timeout: still running a job');
      }
      pending.length = 0;
      break;
    }
    await ctx.sleep();
  }
  if (done < step.wanted && floorReached && ctx.plan.action === 'setCount') {
    // The floor of setCount is its target: reaching it (another run removed agents meanwhile) meets the request.
    ctx.logger.info(`Removed ${done} of ${step.wanted} planned agent(s): the count reached the target ${step.floor} with fresh state`);
  } else if (done < step.wanted) {
    ctx.result.shortfalls.push(
      `removed ${done} of ${step.wanted} agent(s)${floorReached ? ` (count reached ${step.floor} with fresh state)` : ''}`,
    );
  }
}

/**
 * Re-reads the agent and the pool, then disables it. Returns why it was not claimed otherwise.
 * Every disable is logged before it is sent, so a killed run leaves a record of what to re-enable.
 */
async function claimCandidate(
  ctx: RunContext,
  step: RemoveStep,
  candidate: RemovalCandidate,
  pendingCount: number,
): Promise<'claimed' | 'skipped' | 'floor'> {
  if (candidate.reducesCount) {
    // Done first so the agent re-check below is the last read before the disable. Fresh count minus agents
    // already being drained (by us or a concurrent run): do not start a drain the bound would forbid finishing.
    const { count, draining } = await freshCountAndDraining(ctx, pendingCount);
    if (count - draining - 1 < step.floor) {
      ctx.setOutcome(candidate, 'notNeeded', `the count is already at ${step.floor} with fresh state`);
      return 'floor';
    }
  }
  const { poolId } = ctx.plan;
  const fresh = await ctx.ports.agents.getAgent(poolId, candidate.agentId);
  if (!fresh) {
    ctx.setOutcome(candidate, 'gone', 'no longer registered');
    return 'skipped';
  }
  if (step.requireOffline && fresh.status === 'online') {
    ctx.setOutcome(candidate, 'skippedOnline', 'came back online: left alone');
    return 'skipped';
  }
  if (isBusy(fresh)) {
    ctx.setOutcome(candidate, 'skippedBusy', `picked up ${describeJob(fresh)} before it could be drained`);
    return 'skipped';
  }
  if (!fresh.enabled && (fresh.status === 'online' || step.deletedBy === 'service')) {
    // Online: someone else is draining it. Managed pool: disabling is all we would do, and it is already done.
    ctx.setOutcome(candidate, 'skippedDisabled', 'already disabled by someone else (another run or an administrator)');
    return 'skipped';
  }
  if (!fresh.enabled) return 'claimed'; // offline and already disabled: nothing to drain, and not ours to re-enable
  const target = `agent ${candidate.agentName} (id ${candidate.agentId})`;
  ctx.logger.info(`Disabling (draining) ${target} at ${ctx.clock.now().toISOString()}; it is re-enabled if not removed`);
  ctx.drained.set(candidate.agentId, candidate);
  await ctx.ports.agents.setAgentEnabled(poolId, candidate.agentId, false);
  ctx.record({ action: 'drainAgent', target, before: 'enabled=true', after: 'enabled=false', ok: true, detail: candidate.reason });
  return 'claimed';
}

async function tryDelete(
  ctx: RunContext,
  step: RemoveStep,
  candidate: RemovalCandidate,
  waitingLogged: Set<number>,
): Promise<'deleted' | 'wait' | 'dropped' | 'floor'> {
  const { poolId } = ctx.plan;
  const target = `agent ${candidate.agentName} (id ${candidate.agentId})`;
  if (candidate.reducesCount && (await freshBoundedCount(ctx)) - 1 < step.floor) {
    ctx.setOutcome(candidate, 'notNeeded', `the count reached ${step.floor} with fresh state (a concurrent change?)`);
    await ctx.reEnable(candidate, 'not needed any more');
    return 'floor';
  }
  if (candidate.instanceId !== undefined && (await instanceGone(ctx, candidate.instanceId))) {
    // A concurrent run claimed the same agent and got there first; it also deletes the registration.
    return dropGone(ctx, candidate, `instance ${candidate.instanceId} was deleted by someone else while draining`);
  }
  // The re-check right before deletion: nothing else is awaited between it and the delete call.
  const fresh = await ctx.ports.agents.getAgent(poolId, candidate.agentId);
  if (!fresh) return dropGone(ctx, candidate, 'deleted by someone else while draining');
  if (isBusy(fresh)) {
    if (!waitingLogged.has(candidate.agentId)) {
      waitingLogged.add(candidate.agentId);
      ctx.logger.info(`Waiting for ${target} to finish ${describeJob(fresh)}`);
    }
    return 'wait';
  }
  if (step.requireOffline && fresh.status === 'online') {
    ctx.setOutcome(candidate, 'skippedOnline', 'came back online: left alone');
    await ctx.reEnable(candidate, 'came back online');
    return 'dropped';
  }
  if (candidate.instanceId !== undefined && !(await deleteInstance(ctx, candidate, candidate.instanceId, target))) {
    // A concurrent run deleted the same instance a moment earlier: not a failure of ours.
    return dropGone(ctx, candidate, `instance ${candidate.instanceId} was deleted by someone else at the same time`);
  }
  let deletion: 'deleted' | 'alreadyGone';
  try {
    deletion = await ctx.ports.agents.deleteAgent(poolId, candidate.agentId);
  } catch (error) {
    if (candidate.instanceId === undefined) throw error;
    // The VM is gone; the registration will just show offline. Report it, nothing to re-enable.
    ctx.drained.delete(candidate.agentId);
    const text = `instance ${candidate.instanceId} deleted but the registration of ${target} remains: ${
      error instanceof Error ? error.message : String(error)
    }`;
    ctx.setOutcome(candidate, 'failed', text);
    ctx.result.errors.push(text);
    ctx.result.agentsRemoved += 1;
    return 'deleted';
  }
  if (deletion === 'alreadyGone') {
    // A concurrent run claimed the same agent and deleted it a moment earlier: that removal is its, not ours,
    // so this run goes on with an alternate to remove its own share.
    return dropGone(ctx, candidate, 'removed by a concurrent run at the same time');
  }
  ctx.drained.delete(candidate.agentId);
  ctx.record({ action: 'deleteAgent', target, before: 'registered', after: 'deleted', ok: true });
  ctx.logger.info(`Removed ${target}${candidate.instanceId !== undefined ? ` and instance ${candidate.instanceId}` : ''}`);
  ctx.setOutcome(candidate, 'removed', candidate.reason);
  ctx.result.agentsRemoved += 1;
  return 'deleted';
}

/**
 * Deletes the candidate's VMSS instance. False when it failed because the instance is already gone; any other
 * failure is recorded and stops the run (the executor re-enables what is still drained).
 */
async function deleteInstance(ctx: RunContext, candidate: RemovalCandidate, instanceId: string, target: string): Promise<boolean> {
  const resourceId = ctx.plan.resourceId as string;
  const instance = `${resourceId} instance ${instanceId}`;
  try {
    await requireScaleSet(ctx).deleteInstances(resourceId, [instanceId]);
  } catch (error) {
    if (await instanceGone(ctx, instanceId)) return false;
    const { code, message } = describeArmError(error);
    const text = `deleting instance ${instanceId} of ${target} failed: ${code ? `${code}: ` : ''}${message}`;
    ctx.record({ action: 'deleteInstance', target: instance, ok: false, detail: text });
    ctx.setOutcome(candidate, 'failed', text);
    ctx.result.errors.push(text);
    throw new Error(text);
  }
  ctx.record({ action: 'deleteInstance', target: instance, before: 'exists', after: 'deleted', ok: true });
  return true;
}

/** A drained candidate someone else removed: nothing left to re-enable, and not counted as this run's removal. */
function dropGone(ctx: RunContext, candidate: RemovalCandidate, reason: string): 'dropped' {
  ctx.drained.delete(candidate.agentId);
  ctx.setOutcome(candidate, 'gone', reason);
  return 'dropped';
}

async function instanceGone(ctx: RunContext, instanceId: string): Promise<boolean> {
  try {
    const instances = await requireScaleSet(ctx).listInstances(ctx.plan.resourceId as string);
    return !instances.some((instance) => instance.instanceId === instanceId);
  } catch {
    return false;
  }
}

function requireScaleSet(ctx: RunContext) {
  if (!ctx.ports.scaleSet) throw new Error(`pool ${ctx.plan.poolId}: no ARM client given for a self-managed scale set`);
  return ctx.ports.scaleSet;
}

/** The bounded count read fresh: VMSS capacity (self-managed) or registered agents (managed pool). */
async function freshBoundedCount(ctx: RunContext): Promise<number> {
  if (ctx.plan.poolKind === 'scaleSet') return (await requireScaleSet(ctx).get(ctx.plan.resourceId as string)).capacity;
  return (await ctx.ports.agents.listAgents(ctx.plan.poolId)).length;
}

/**
 * The fresh bounded count and the agents being drained, from one agent list: online and disabled (anyone's), plus
 * this run's drained offline ones, and never fewer than this run's pending deletions.
 */
async function freshCountAndDraining(ctx: RunContext, pendingCount: number): Promise<{ count: number; draining: number }> {
  const agents = await ctx.ports.agents.listAgents(ctx.plan.poolId);
  const count = ctx.plan.poolKind === 'scaleSet' ? await freshBoundedCount(ctx) : agents.length;
  const drainingOnline = agents.filter((agent) => !agent.enabled && agent.status === 'online').length;
  const ownOffline = [...ctx.drained.values()].filter((candidate) => candidate.status === 'offline').length;
  return { count, draining: Math.max(drainingOnline + ownOffline, pendingCount) };
}
