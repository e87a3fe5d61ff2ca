/**
 * `planScaling` turns (pool state, request, now) into a `ScalePlan`. Pure: no I/O, no clock reads. Dry run prints
 * this object and a real run executes this same object, so what you preview is what runs.
 */
import type { Agent } from '../model/pool';
import type { ElasticSettings } from './ports';
import { type ScaleAction, type ScaleRequest, validateScaleRequest } from './request';
import { type PoolState, boundedCount, instanceByAgentName, isBusy } from './state';
import { type Exclusion, type RankedAgent, offlineLongerThan, rankRemovalCandidates } from './victims';

export type AgentAction = 'drainAgent' | 'deleteInstance' | 'deleteAgent';

/** One agent the removal step may take, in order. `alternate` ones are used only if a chosen one drops out. */
export interface RemovalCandidate {
  agentId: number;
  agentName: string;
  reason: string;
  status: 'online' | 'offline';
  instanceId?: string;
  actions: AgentAction[];
  /** False for a registration without a VMSS instance: deleting it does not change the scale set's size. */
  reducesCount: boolean;
  alternate: boolean;
}

export interface SettingChange {
  name: keyof ElasticSettings;
  from: number | boolean;
  to: number | boolean;
}

export type ScaleStep =
  | { kind: 'raiseStandby'; from: number; to: number; delta: number }
  | { kind: 'lowerStandby'; from: number; to: number; delta: number }
  | { kind: 'updateElasticSettings'; changes: SettingChange[] }
  | {
      kind: 'raiseCapacity';
      from: number;
      to: number;
      /** ETag read with the plan; a 412 means someone changed the scale set since. */
      etag: string;
      /** How to recompute the target after a 412: keep the delta (`add`) or the absolute target (`setCount`). */
      recompute: { mode: 'add'; delta: number } | { mode: 'target'; capacity: number };
      /** maxAgents; the recomputed capacity never exceeds it. */
      ceiling?: number;
    }
  | { kind: 'waitForAgentsOnline'; count: number; timeoutMinutes: number }
  | {
      kind: 'removeAgents';
      /** How many agents to remove. */
      wanted: number;
      /** The bounded count must stay at or above this (minAgents, or the setCount target). */
      floor: number;
      /** `service`: Azure DevOps deletes drained agents of a managed pool; `task`: this task deletes them. */
      deletedBy: 'task' | 'service';
      /** removeOffline: an agent that came back online is left alone. */
      requireOffline: boolean;
      drainTimeoutMinutes: number;
      candidates: RemovalCandidate[];
    };

export interface CountSnapshot {
  /** Count the bounds apply to: registered agents (managed pool) or VMSS capacity (self-managed). */
  boundedCount: number;
  agents: number;
  online?: number;
  busy?: number;
  idle?: number;
  offline?: number;
  desiredIdle?: number;
  maxCapacity?: number;
  timeToLiveMinutes?: number;
  recycleAfterEachUse?: boolean;
  capacity?: number;
}

export interface SkippedAgent {
  agentId: number;
  agentName: string;
  reason: string;
}

export interface ScalePlan {
  action: ScaleAction;
  poolId: number;
  poolName?: string;
  poolKind: PoolState['kind'];
  resourceId?: string;
  dryRun: boolean;
  plannedAt: Date;
  bounds: { minAgents: number; maxAgents?: number };
  /** What was asked, e.g. `add 5`, `setCount 3`. */
  requested: string;
  before: CountSnapshot;
  /** Projected state once every step succeeded. */
  after: CountSnapshot;
  steps: ScaleStep[];
  skipped: SkippedAgent[];
  /** How many agents the request fell short by because they were busy. */
  shortfallBusy: number;
  /** Where the request was reduced, e.g. `requested 5, clipped to 3 by maxAgents=10`. */
  clipping: string[];
  warnings: string[];
  /** Non-empty = the plan must not be executed. */
  errors: string[];
}

/** Computes the plan. Never throws for bad input: problems land in `errors`. */
export function planScaling(state: PoolState, request: ScaleRequest, now: Date): ScalePlan {
  const plan = emptyPlan(state, request, now);
  plan.errors.push(...validateScaleRequest(request).map((error) => `${error.input}: ${error.message}`));
  if (plan.errors.length > 0) return plan;
  addStateWarnings(state, plan);
  const current = boundedCount(state);
  const { minAgents, maxAgents } = request;

  if (state.kind === 'scaleSet' && state.scaleSet.managedByAzureDevOps) {
    plan.errors.push(
      `scaleSetResourceId: ${state.resourceId} is the scale set of a pool managed by Azure DevOps (tag __AzureDevOpsElasticPool): ` +
        'Azure DevOps owns its capacity and instances. Scale that pool by its name without scaleSetResourceId.',
    );
    return plan;
  }
  if (state.kind === 'selfHosted' && request.action !== 'removeOffline') {
    plan.errors.push(
      `action: ${request.action} needs a scale set pool: pool '${state.poolName ?? state.poolId}' is a plain self-hosted pool. ` +
        'Give scaleSetResourceId for a self-managed scale set, or use removeOffline to clean up offline agents.',
    );
    return plan;
  }
  switch (request.action) {
    case 'add':
      planGrow(state, request, plan, request.count ?? 0, 'add');
      break;
    case 'remove':
      planShrink(state, request, plan, request.count ?? 0, minAgents, now);
      break;
    case 'setCount': {
      const asked = request.targetCount ?? current;
      let target = Math.max(asked, minAgents);
      if (maxAgents !== undefined) target = Math.min(target, maxAgents);
      if (target !== asked) {
        const by = asked < minAgents ? `minAgents=${minAgents}` : `maxAgents=${maxAgents}`;
        plan.clipping.push(`requested targetCount ${asked}, clipped to ${target} by ${by}`);
      }
      if (target > current) planGrow(state, request, plan, target - current, 'target');
      else if (target < current) planShrink(state, request, plan, current - target, target, now);
      else plan.warnings.push(`pool already has ${current} agents: nothing to do`);
      break;
    }
    case 'removeOffline':
      planRemoveOffline(state, request, plan, now);
      break;
    case 'configure':
      planConfigure(state, request, plan);
      break;
  }
  if (plan.steps.length === 0 && plan.errors.length === 0 && plan.warnings.every((w) => !w.includes('nothing'))) {
    plan.warnings.push('nothing to do');
  }
  return plan;
}

function emptyPlan(state: PoolState, request: ScaleRequest, now: Date): ScalePlan {
  const online = state.agents.filter((agent) => agent.status === 'online');
  const busy = state.agents.filter(isBusy);
  const before: CountSnapshot = {
    boundedCount: boundedCount(state),
    agents: state.agents.length,
    online: online.length,
    busy: busy.length,
    idle: online.filter((agent) => !isBusy(agent)).length,
    offline: state.agents.length - online.length,
  };
  if (state.kind === 'elastic') {
    before.desiredIdle = state.elasticPool.desiredIdle;
    before.maxCapacity = state.elasticPool.maxCapacity;
    before.timeToLiveMinutes = state.elasticPool.timeToLiveMinutes;
    before.recycleAfterEachUse = state.elasticPool.recycleAfterEachUse;
  } else if (state.kind === 'scaleSet') {
    before.capacity = state.scaleSet.capacity;
  }
  const requested =
    request.action === 'add' || request.action === 'remove'
      ? `${request.action} ${request.count}`
      : request.action === 'setCount'
        ? `setCount ${request.targetCount}`
        : request.action === 'removeOffline'
          ? `removeOffline (offline ≥ ${request.offlineForHours} h)`
          : `configure ${JSON.stringify(request.settings ?? {})}`;
  return {
    action: request.action,
    poolId: state.poolId,
    poolName: state.poolName,
    poolKind: state.kind,
    resourceId: state.kind === 'scaleSet' ? state.resourceId : undefined,
    dryRun: request.dryRun,
    plannedAt: now,
    bounds: { minAgents: request.minAgents, maxAgents: request.maxAgents },
    requested,
    before,
    after: pickProjection(before),
    steps: [],
    skipped: [],
    shortfallBusy: 0,
    clipping: [],
    warnings: [],
    errors: [],
  };
}

function pickProjection(before: CountSnapshot): CountSnapshot {
  const { boundedCount: count, agents, desiredIdle, maxCapacity, timeToLiveMinutes, recycleAfterEachUse, capacity } =
    before;
  const after: CountSnapshot = { boundedCount: count, agents };
  if (desiredIdle !== undefined) Object.assign(after, { desiredIdle, maxCapacity, timeToLiveMinutes, recycleAfterEachUse });
  if (capacity !== undefined) after.capacity = capacity;
  return after;
}

function addStateWarnings(state: PoolState, plan: ScalePlan): void {
  if (state.kind === 'elastic') {
    const poolState = state.elasticPool.state;
    if (poolState && poolState !== 'online') {
      plan.warnings.push(`elastic pool state is '${poolState}': the service may not act on changes until it is online`);
    }
    return;
  }
  if (state.kind === 'selfHosted') return;
  const { scaleSet, instances } = state;
  if (scaleSet.provisioningState !== 'Succeeded') {
    plan.warnings.push(`scale set provisioningState is '${scaleSet.provisioningState}' (another operation may be running)`);
  }
  if (scaleSet.capacity !== instances.length) {
    plan.warnings.push(`scale set capacity ${scaleSet.capacity} differs from its ${instances.length} listed instances`);
  }
  const agentNames = new Set(state.agents.map((agent) => agent.name.toLowerCase()));
  const unregistered = instances.filter((instance) => !agentNames.has(instance.computerName.toLowerCase()));
  if (unregistered.length > 0) {
    plan.warnings.push(
      `${unregistered.length} instance(s) have no agent registration yet (booting or failed): ${unregistered
        .map((instance) => `${instance.computerName}#${instance.instanceId}`)
        .join(', ')}`,
    );
  }
}

function planGrow(state: PoolState, request: ScaleRequest, plan: ScalePlan, asked: number, mode: 'add' | 'target'): void {
  const current = boundedCount(state);
  let allowed = asked;
  const clip = (limit: number, by: string): void => {
    const room = Math.max(0, limit);
    if (room < allowed) {
      allowed = room;
      plan.clipping.push(`requested ${asked}, clipped to ${allowed} by ${by}`);
    }
  };
  if (request.maxAgents !== undefined) clip(request.maxAgents - current, `maxAgents=${request.maxAgents}`);

  if (state.kind === 'elastic') {
    const pool = state.elasticPool;
    clip(pool.maxCapacity - Math.max(current, pool.desiredIdle), `the pool's maxCapacity=${pool.maxCapacity}`);
    if (allowed === 0) return;
    plan.steps.push({ kind: 'raiseStandby', from: pool.desiredIdle, to: pool.desiredIdle + allowed, delta: allowed });
    plan.after.desiredIdle = pool.desiredIdle + allowed;
    plan.after.boundedCount = current + allowed;
    plan.after.agents = state.agents.length + allowed;
    plan.warnings.push('Azure DevOps provisions standby agents on its own schedule (it samples every 5 minutes)');
    return;
  }
  if (allowed === 0 || state.kind !== 'scaleSet') return;
  const from = state.scaleSet.capacity;
  plan.steps.push({
    kind: 'raiseCapacity',
    from,
    to: from + allowed,
    etag: state.scaleSet.etag,
    recompute: mode === 'add' ? { mode: 'add', delta: allowed } : { mode: 'target', capacity: from + allowed },
    ceiling: request.maxAgents,
  });
  plan.steps.push({ kind: 'waitForAgentsOnline', count: allowed, timeoutMinutes: request.onlineTimeoutMinutes });
  plan.after.capacity = from + allowed;
  plan.after.boundedCount = from + allowed;
  plan.after.agents = state.agents.length + allowed;
}

function toCandidate(state: PoolState, ranked: RankedAgent, alternate: boolean, deletedBy: 'task' | 'service'): RemovalCandidate {
  const { agent, reason } = ranked;
  const base = { agentId: agent.id, agentName: agent.name, reason, status: agent.status, alternate };
  if (deletedBy === 'service') return { ...base, actions: ['drainAgent'], reducesCount: true };
  if (state.kind !== 'scaleSet') return { ...base, actions: ['drainAgent', 'deleteAgent'], reducesCount: true };
  const instance = instanceByAgentName(state.instances).get(agent.name.toLowerCase());
  return instance
    ? { ...base, instanceId: instance.instanceId, actions: ['drainAgent', 'deleteInstance', 'deleteAgent'], reducesCount: true }
    : { ...base, actions: ['drainAgent', 'deleteAgent'], reducesCount: false };
}

function recordExclusions(plan: ScalePlan, excluded: Exclusion[]): void {
  for (const { agent, reason } of excluded) plan.skipped.push({ agentId: agent.id, agentName: agent.name, reason });
}

function planShrink(state: PoolState, request: ScaleRequest, plan: ScalePlan, asked: number, floor: number, now: Date): void {
  const current = boundedCount(state);
  let allowed = Math.min(asked, Math.max(0, current - floor));
  if (allowed < asked && floor === request.minAgents) {
    plan.clipping.push(`requested ${asked}, clipped to ${allowed} by minAgents=${request.minAgents}`);
  }
  const byName = state.kind === 'scaleSet' ? instanceByAgentName(state.instances) : undefined;
  const noInstance = (agent: Agent): Exclusion | undefined =>
    byName && !byName.has(agent.name.toLowerCase())
      ? { agent, kind: 'noInstance', reason: 'no scale set instance with this computer name (use removeOffline for stale registrations)' }
      : undefined;
  const { candidates, excluded } = rankRemovalCandidates(state.agents, now, noInstance);
  recordExclusions(plan, excluded);
  if (candidates.length < allowed) {
    const busy = excluded.filter((exclusion) => exclusion.kind === 'busy').length;
    plan.shortfallBusy = Math.min(busy, allowed - candidates.length);
    plan.clipping.push(
      `requested ${allowed} removable, only ${candidates.length} agent(s) can be removed now (${busy} busy agent(s) are never removed)`,
    );
    allowed = candidates.length;
  }
  const deletedBy = state.kind === 'elastic' ? 'service' : 'task';
  if (state.kind === 'elastic') {
    const pool = state.elasticPool;
    // Lower standby first, or the service would just provision replacements for the drained agents.
    const lower = Math.min(Math.min(asked, Math.max(0, current - floor)), pool.desiredIdle);
    if (lower > 0) {
      plan.steps.push({ kind: 'lowerStandby', from: pool.desiredIdle, to: pool.desiredIdle - lower, delta: lower });
      plan.after.desiredIdle = pool.desiredIdle - lower;
    }
  }
  if (allowed === 0) return;
  plan.steps.push({
    kind: 'removeAgents',
    wanted: allowed,
    floor,
    deletedBy,
    requireOffline: false,
    drainTimeoutMinutes: request.drainTimeoutMinutes,
    candidates: candidates.map((ranked, index) => toCandidate(state, ranked, index >= allowed, deletedBy)),
  });
  plan.after.boundedCount = current - allowed;
  plan.after.agents = state.agents.length - allowed;
  if (state.kind === 'scaleSet') plan.after.capacity = current - allowed;
  if (deletedBy === 'service') plan.warnings.push('Azure DevOps deletes drained agents of a managed pool within minutes');
}

function planRemoveOffline(state: PoolState, request: ScaleRequest, plan: ScalePlan, now: Date): void {
  const { candidates, excluded } = offlineLongerThan(state.agents, request.offlineForHours, now);
  recordExclusions(plan, excluded);
  const current = boundedCount(state);
  let room = Math.max(0, current - request.minAgents);
  const chosen: RemovalCandidate[] = [];
  let reducing = 0;
  for (const ranked of candidates) {
    const candidate = toCandidate(state, ranked, false, 'task');
    if (candidate.reducesCount) {
      if (room === 0) {
        plan.skipped.push({ agentId: candidate.agentId, agentName: candidate.agentName, reason: `kept: minAgents=${request.minAgents}` });
        continue;
      }
      room -= 1;
      reducing += 1;
    }
    chosen.push(candidate);
  }
  if (chosen.length < candidates.length) {
    plan.clipping.push(
      `requested removal of ${candidates.length} offline agent(s), clipped to ${chosen.length} by minAgents=${request.minAgents}`,
    );
  }
  if (chosen.length === 0) return;
  plan.steps.push({
    kind: 'removeAgents',
    wanted: chosen.length,
    floor: request.minAgents,
    deletedBy: 'task',
    requireOffline: true,
    drainTimeoutMinutes: request.drainTimeoutMinutes,
    candidates: chosen,
  });
  plan.after.boundedCount = current - reducing;
  plan.after.agents = state.agents.length - chosen.length;
  if (state.kind === 'scaleSet') plan.after.capacity = current - reducing;
}

function planConfigure(state: PoolState, request: ScaleRequest, plan: ScalePlan): void {
  if (state.kind !== 'elastic') {
    plan.errors.push(
      'action: configure applies to Azure DevOps-managed (elastic) pools only; use add, remove or setCount for a self-managed scale set',
    );
    return;
  }
  const pool = state.elasticPool;
  const wanted: Partial<ElasticSettings> = { ...request.settings };
  const { minAgents, maxAgents } = request;
  const clipNumber = (name: 'desiredIdle' | 'maxCapacity', value: number | undefined): number | undefined => {
    if (value === undefined) return undefined;
    let clipped = value;
    if (maxAgents !== undefined && clipped > maxAgents) clipped = maxAgents;
    if (name === 'maxCapacity' && clipped < minAgents) clipped = minAgents;
    if (clipped !== value) {
      const by = clipped < value ? `maxAgents=${maxAgents}` : `minAgents=${minAgents}`;
      plan.clipping.push(`requested ${name} ${value}, clipped to ${clipped} by ${by}`);
    }
    return clipped;
  };
  wanted.desiredIdle = clipNumber('desiredIdle', wanted.desiredIdle);
  wanted.maxCapacity = clipNumber('maxCapacity', wanted.maxCapacity);
  const finalIdle = wanted.desiredIdle ?? pool.desiredIdle;
  const finalMax = wanted.maxCapacity ?? pool.maxCapacity;
  if (finalIdle > finalMax) {
    plan.errors.push(`settings: standby agents (desiredIdle ${finalIdle}) would exceed maxCapacity ${finalMax}`);
    return;
  }
  const changes: SettingChange[] = [];
  for (const name of ['desiredIdle', 'maxCapacity', 'timeToLiveMinutes', 'recycleAfterEachUse'] as const) {
    const to = wanted[name];
    if (to !== undefined && to !== pool[name]) changes.push({ name, from: pool[name], to });
  }
  if (changes.length === 0) {
    plan.warnings.push('elastic pool settings already as requested: nothing to change');
    return;
  }
  plan.steps.push({ kind: 'updateElasticSettings', changes });
  for (const change of changes) (plan.after as unknown as Record<string, unknown>)[change.name] = change.to;
  if (finalMax < state.agents.length) {
    plan.warnings.push(`maxCapacity ${finalMax} is below the current ${state.agents.length} agents: the service scales in as agents go idle`);
  }
}

export { renderPlan } from './render';
