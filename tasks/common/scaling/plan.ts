/**
 * `planScaling` turns (pool state, request, now) into a `ScalePlan`. Pure: no I/O, no clock reads. Dry run prints
 * this object and a real run executes this same object, so what you preview is what runs.
 */
import { planRemoveOffline, planShrink } from './plan-removal';
import type { ElasticSettings } from '../model/scale-set-ports';
import { type ScaleAction, type ScaleRequest, validateScaleRequest } from './request';
import { type PoolState, boundedCount, isBusy } from './state';

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
  const stateWarnings = plan.warnings.length;

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
      planShrink(state, request, plan, request.count ?? 0, request.minAgents, now);
      break;
    case 'setCount':
      planSetCount(state, request, plan, now);
      break;
    case 'removeOffline':
      planRemoveOffline(state, request, plan, now);
      break;
    case 'configure':
      planConfigure(state, request, plan);
      break;
  }
  // A planner that finds nothing to do says why (e.g. settings already as requested); otherwise say it here.
  if (plan.steps.length === 0 && plan.errors.length === 0 && plan.warnings.length === stateWarnings) {
    plan.warnings.push('nothing to do');
  }
  return plan;
}

function emptyPlan(state: PoolState, request: ScaleRequest, now: Date): ScalePlan {
  const before = snapshotOf(state);
  return {
    action: request.action,
    poolId: state.poolId,
    poolName: state.poolName,
    poolKind: state.kind,
    resourceId: state.kind === 'scaleSet' ? state.resourceId : undefined,
    dryRun: request.dryRun,
    plannedAt: now,
    bounds: { minAgents: request.minAgents, maxAgents: request.maxAgents },
    requested: describeRequest(request),
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

function snapshotOf(state: PoolState): CountSnapshot {
  const online = state.agents.filter((agent) => agent.status === 'online');
  const snapshot: CountSnapshot = {
    boundedCount: boundedCount(state),
    agents: state.agents.length,
    online: online.length,
    busy: state.agents.filter(isBusy).length,
    idle: online.filter((agent) => !isBusy(agent)).length,
    offline: state.agents.length - online.length,
  };
  if (state.kind === 'elastic') {
    const { desiredIdle, maxCapacity, timeToLiveMinutes, recycleAfterEachUse } = state.elasticPool;
    Object.assign(snapshot, { desiredIdle, maxCapacity, timeToLiveMinutes, recycleAfterEachUse });
  } else if (state.kind === 'scaleSet') {
    snapshot.capacity = state.scaleSet.capacity;
  }
  return snapshot;
}

function describeRequest(request: ScaleRequest): string {
  switch (request.action) {
    case 'add':
    case 'remove':
      return `${request.action} ${request.count}`;
    case 'setCount':
      return `setCount ${request.targetCount}`;
    case 'removeOffline':
      return `removeOffline (offline ≥ ${request.offlineForHours} h)`;
    case 'configure':
      return `configure ${JSON.stringify(request.settings ?? {})}`;
    default:
      return String(request.action); // not a valid action: the plan carries the error
  }
}

function pickProjection(before: CountSnapshot): CountSnapshot {
  const { boundedCount: count, agents, desiredIdle, maxCapacity, timeToLiveMinutes, recycleAfterEachUse, capacity } = before;
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

/** setCount: grows or shrinks to the target, clipped to the bounds; the target is the floor of its scale-in. */
function planSetCount(state: PoolState, request: ScaleRequest, plan: ScalePlan, now: Date): void {
  const { minAgents, maxAgents } = request;
  const current = boundedCount(state);
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
    plan.warnings.push(
      `maxCapacity ${finalMax} is below the current ${state.agents.length} agents: the service scales in as agents go idle`,
    );
  }
}
