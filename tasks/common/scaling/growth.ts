/**
 * Steps that add capacity or change settings: standby for managed pools, ETag-guarded VMSS capacity for
 * self-managed scale sets, and waiting for the new agents to come online.
 */
import type { ScaleStep } from './plan';
import { EtagConflictError } from '../arm/errors';
import type { RunContext } from './runContext';

type StepOf<K extends ScaleStep['kind']> = Extract<ScaleStep, { kind: K }>;

function elasticPort(ctx: RunContext) {
  if (!ctx.ports.elastic) throw new Error(`pool ${ctx.plan.poolId}: no elastic pool client given for a managed pool`);
  return ctx.ports.elastic;
}

function scaleSetPort(ctx: RunContext) {
  if (!ctx.ports.scaleSet || !ctx.plan.resourceId) {
    throw new Error(`pool ${ctx.plan.poolId}: no ARM client or resource id given for a self-managed scale set`);
  }
  return { port: ctx.ports.scaleSet, resourceId: ctx.plan.resourceId };
}

/** Raises desiredIdle by the planned delta on top of the fresh value, never above maxCapacity. */
export async function raiseStandby(ctx: RunContext, step: StepOf<'raiseStandby'>): Promise<void> {
  const port = elasticPort(ctx);
  const fresh = await port.get(ctx.plan.poolId);
  const to = Math.min(fresh.desiredIdle + step.delta, fresh.maxCapacity);
  const target = `elastic pool ${ctx.plan.poolId}`;
  if (to <= fresh.desiredIdle) {
    ctx.result.shortfalls.push(`standby already ${fresh.desiredIdle} with maxCapacity ${fresh.maxCapacity}: nothing added`);
    return;
  }
  await port.update(ctx.plan.poolId, { desiredIdle: to });
  ctx.record({ action: 'raiseStandby', target, before: `desiredIdle=${fresh.desiredIdle}`, after: `desiredIdle=${to}`, ok: true });
  ctx.logger.info(`Raised standby agents of ${target}: ${fresh.desiredIdle} → ${to}`);
  ctx.result.agentsAdded += to - fresh.desiredIdle;
  if (to - fresh.desiredIdle < step.delta) {
    ctx.result.shortfalls.push(`added ${to - fresh.desiredIdle} of ${step.delta}: maxCapacity ${fresh.maxCapacity} reached`);
  }
}

/** Lowers desiredIdle by the planned delta from the fresh value (not below 0). */
export async function lowerStandby(ctx: RunContext, step: StepOf<'lowerStandby'>): Promise<void> {
  const port = elasticPort(ctx);
  const fresh = await port.get(ctx.plan.poolId);
  const to = Math.max(0, fresh.desiredIdle - step.delta);
  if (to === fresh.desiredIdle) return;
  await port.update(ctx.plan.poolId, { desiredIdle: to });
  const target = `elastic pool ${ctx.plan.poolId}`;
  ctx.record({ action: 'lowerStandby', target, before: `desiredIdle=${fresh.desiredIdle}`, after: `desiredIdle=${to}`, ok: true });
  ctx.logger.info(`Lowered standby agents of ${target}: ${fresh.desiredIdle} → ${to}`);
}

export async function updateElasticSettings(ctx: RunContext, step: StepOf<'updateElasticSettings'>): Promise<void> {
  const port = elasticPort(ctx);
  const fresh = await port.get(ctx.plan.poolId);
  const settings = Object.fromEntries(step.changes.map((change) => [change.name, change.to]));
  await port.update(ctx.plan.poolId, settings);
  for (const change of step.changes) {
    ctx.record({
      action: 'updateElasticSettings',
      target: `elastic pool ${ctx.plan.poolId}`,
      before: `${change.name}=${String(fresh[change.name])}`,
      after: `${change.name}=${String(change.to)}`,
      ok: true,
    });
    ctx.logger.info(`Set ${change.name} of elastic pool ${ctx.plan.poolId}: ${String(fresh[change.name])} → ${String(change.to)}`);
  }
}

/**
 * PATCHes sku.capacity with If-Match. On 412 re-reads the scale set and recomputes the target from the fresh
 * capacity (keep the delta for `add`, the absolute target for `setCount`), at most `maxEtagRetries` times.
 * Returns how many instances were added and the agent ids registered before the change.
 */
export async function raiseCapacity(
  ctx: RunContext,
  step: StepOf<'raiseCapacity'>,
): Promise<{ added: number; knownAgentIds: Set<number> }> {
  const { port, resourceId } = scaleSetPort(ctx);
  const knownAgentIds = new Set((await ctx.ports.agents.listAgents(ctx.plan.poolId)).map((agent) => agent.id));
  let current = { capacity: step.from, etag: step.etag };
  for (let attempt = 0; attempt <= ctx.maxEtagRetries; attempt += 1) {
    ctx.throwIfAborted();
    let to = step.recompute.mode === 'add' ? current.capacity + step.recompute.delta : step.recompute.capacity;
    if (step.ceiling !== undefined) to = Math.min(to, step.ceiling);
    if (to <= current.capacity) {
      ctx.result.shortfalls.push(`scale set capacity is already ${current.capacity}: nothing added (target ${to})`);
      return { added: 0, knownAgentIds };
    }
    try {
      ctx.logger.info(`Setting capacity of ${resourceId}: ${current.capacity} → ${to} (If-Match ${current.etag})`);
      await port.setCapacity(resourceId, to, current.etag);
      ctx.record({
        action: 'raiseCapacity',
        target: resourceId,
        before: `capacity=${current.capacity}`,
        after: `capacity=${to}`,
        ok: true,
      });
      const added = to - current.capacity;
      ctx.result.agentsAdded += added;
      const planned = step.to - step.from;
      if (added < planned) ctx.result.shortfalls.push(`added ${added} of ${planned} instances (fresh state / maxAgents)`);
      return { added, knownAgentIds };
    } catch (error) {
      if (!(error instanceof EtagConflictError)) throw error;
      ctx.record({
        action: 'raiseCapacity',
        target: resourceId,
        before: `capacity=${current.capacity}`,
        after: `capacity=${to}`,
        ok: false,
        detail: 'ETag conflict (412): re-reading',
      });
      ctx.logger.warn(`Scale set changed concurrently (412); re-reading and recomputing the target`);
      const fresh = await port.get(resourceId);
      current = { capacity: fresh.capacity, etag: fresh.etag };
    }
  }
  throw new Error(
    `capacity update of ${resourceId} gave up after ${ctx.maxEtagRetries + 1} ETag conflicts (someone keeps changing the scale set)`,
  );
}

/** Polls listAgents until `count` agents that were not registered before are online, or the timeout runs out. */
export async function waitForAgentsOnline(
  ctx: RunContext,
  step: StepOf<'waitForAgentsOnline'>,
  count: number,
  knownAgentIds: Set<number>,
): Promise<void> {
  if (count <= 0) return;
  const deadline = ctx.clock.now().getTime() + step.timeoutMinutes * 60_000;
  for (;;) {
    ctx.throwIfAborted();
    const agents = await ctx.ports.agents.listAgents(ctx.plan.poolId);
    const online = agents.filter((agent) => !knownAgentIds.has(agent.id) && agent.status === 'online');
    if (online.length >= count) {
      ctx.record({ action: 'waitForAgentsOnline', target: `pool ${ctx.plan.poolId}`, after: `${online.length} new online`, ok: true });
      ctx.logger.info(`${online.length} new agent(s) online: ${online.map((agent) => agent.name).join(', ')}`);
      return;
    }
    if (ctx.clock.now().getTime() >= deadline) {
      ctx.result.shortfalls.push(`only ${online.length} of ${count} new agent(s) came online within ${step.timeoutMinutes} min`);
      ctx.record({
        action: 'waitForAgentsOnline',
        target: `pool ${ctx.plan.poolId}`,
        after: `${online.length} of ${count} online`,
        ok: false,
        detail: 'online timeout',
      });
      return;
    }
    await ctx.sleep();
  }
}
