/**
 * Plans a change of a Managed DevOps Pool from its current resource: maximum concurrency (add / remove / setCount,
 * bounded by minAgents / maxAgents and the vCPU quota, organizations' parallelism rewritten to keep their sum),
 * standby (off / manual schedule / automatic) and stateful lifetimes. Pure: no I/O; the executor re-plans on 412.
 */
import type { ManagedPoolProperties, ManagedPoolResource } from '../arm/managed-pools';
import { describeStandbySchedule, highestCount } from '../arm/standby-schedule';
import type { ManagedSettings } from './managed-inputs';
import type { ScaleRequest } from './request';

/** Largest maximum concurrency the service accepts. */
export const MAX_CONCURRENCY_LIMIT = 10_000;

export interface QuotaBound {
  family: string;
  vCPUsPerMachine: number;
  limit: number;
  /** floor(limit / vCPUs per machine). */
  maxMachines: number;
}

export interface ManagedChange {
  field: string;
  before: string;
  after: string;
}

export interface ManagedPlan {
  resourceId: string;
  poolName: string;
  requested: string;
  dryRun: boolean;
  maximumBefore: number;
  /** The maximum the plan sets (= before when it does not change it). */
  maximumAfter: number;
  /** PATCH `properties`: each changed sub-object whole; empty when nothing changes. */
  patch: Partial<ManagedPoolProperties>;
  changes: ManagedChange[];
  /** How maximumConcurrency is split over organizations, when the pool sets `parallelism` and the maximum changes. */
  parallelism?: { url: string; before: number; after: number }[];
  clipping: string[];
  notes: string[];
  errors: { input: string; message: string }[];
}

/**
 * Splits `total` over organizations in proportion to their current `parallelism` by the largest remainder method,
 * then lifts any organization left at 0 to 1 (taken from the largest share). Returns undefined when `total` is
 * below the number of organizations.
 */
export function splitParallelism(current: number[], total: number): number[] | undefined {
  const n = current.length;
  if (n === 0) return [];
  if (total < n) return undefined;
  const weights = current.map((value) => Math.max(0, value));
  const weightSum = weights.reduce((a, b) => a + b, 0);
  const shares = weights.map((w) => (weightSum === 0 ? total / n : (total * w) / weightSum));
  const split = shares.map(Math.floor);
  let left = total - split.reduce((a, b) => a + b, 0);
  const order = shares.map((share, i) => ({ i, rest: share - split[i] })).sort((a, b) => b.rest - a.rest || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    split[i]++;
    left--;
  }
  for (let i = 0; i < n; i++) {
    if (split[i] > 0) continue;
    const donor = split.indexOf(Math.max(...split));
    split[donor]--;
    split[i] = 1;
  }
  return split;
}

function wantedMaximum(request: ScaleRequest, current: number): number | undefined {
  if (request.action === 'add') return current + (request.count ?? 0);
  if (request.action === 'remove') return current - (request.count ?? 0);
  if (request.action === 'setCount') return request.targetCount;
  return undefined;
}

function standbyWords(agent: ManagedPoolProperties['agentProfile']): string {
  const kind = agent?.resourcePredictionsProfile?.kind;
  if (kind === 'Manual') {
    return `manual (${agent?.resourcePredictions?.timeZone ?? 'UTC'}): ${describeStandbySchedule(agent?.resourcePredictions?.daysData)}`;
  }
  if (kind === 'Automatic') return `automatic (${agent?.resourcePredictionsProfile?.predictionPreference ?? 'Balanced'})`;
  return 'off';
}

export function planManagedChange(
  pool: ManagedPoolResource,
  poolName: string,
  request: ScaleRequest,
  settings: ManagedSettings,
  quota: QuotaBound | undefined,
): ManagedPlan {
  const p = pool.properties;
  const before = p.maximumConcurrency;
  const plan: ManagedPlan = {
    resourceId: pool.id,
    poolName,
    requested: describeRequest(request, settings),
    dryRun: request.dryRun,
    maximumBefore: before,
    maximumAfter: before,
    patch: {},
    changes: [],
    clipping: [],
    notes: [],
    errors: [],
  };
  const wanted = wantedMaximum(request, before);
  if (wanted !== undefined) planMaximum(plan, p, request, wanted, quota);
  if (request.action === 'configure') planConfigure(plan, p, settings);
  if (plan.errors.length > 0) {
    plan.patch = {};
    plan.changes = [];
    delete plan.parallelism;
  }
  return plan;
}

function planMaximum(
  plan: ManagedPlan,
  p: ManagedPoolProperties,
  request: ScaleRequest,
  wanted: number,
  quota: QuotaBound | undefined,
): void {
  const input = request.action === 'setCount' ? 'targetCount' : 'count';
  const orgs = p.organizationProfile?.organizations ?? [];
  const withParallelism = orgs.length > 0 && orgs.every((org) => typeof org.parallelism === 'number');
  let target = wanted;
  const clip = (bound: number, below: boolean, why: string) => {
    if (below ? target < bound : target > bound) {
      plan.clipping.push(`requested maximum ${target} clipped to ${bound}: ${why}`);
      target = bound;
    }
  };
  clip(MAX_CONCURRENCY_LIMIT, false, `the service allows at most ${MAX_CONCURRENCY_LIMIT}`);
  if (request.maxAgents !== undefined) clip(request.maxAgents, false, `maxAgents is ${request.maxAgents}`);
  if (quota) {
    // The quota bounds growth; it never lowers a maximum that is already above it.
    clip(
      Math.max(quota.maxMachines, plan.maximumBefore),
      false,
      `the ${quota.family} vCPU quota (${quota.limit}) fits ${quota.maxMachines} machines of ${quota.vCPUsPerMachine} vCPUs`,
    );
  }
  clip(request.minAgents, true, `minAgents is ${request.minAgents}`);
  clip(1, true, 'a Managed DevOps Pool needs a maximum concurrency of at least 1');
  if (withParallelism) clip(orgs.length, true, `each of the ${orgs.length} organizations keeps a parallelism of at least 1`);
  if (request.maxAgents !== undefined && target > request.maxAgents) {
    plan.errors.push({ input: 'maxAgents', message: `maxAgents ${request.maxAgents} is below the smallest possible maximum ${target}` });
    return;
  }
  const scheduleHigh =
    p.agentProfile?.resourcePredictionsProfile?.kind === 'Manual' ? highestCount(p.agentProfile.resourcePredictions?.daysData ?? []) : 0;
  if (target < scheduleHigh) {
    plan.errors.push({
      input,
      message: `the standby schedule keeps up to ${scheduleHigh} agents ready, more than the new maximum ${target}: lower the schedule first (action configure, standbySchedule) or keep the maximum at ${scheduleHigh} or more`,
    });
    return;
  }
  plan.maximumAfter = target;
  if (target === plan.maximumBefore) return;
  plan.patch.maximumConcurrency = target;
  plan.changes.push({ field: 'maximumConcurrency', before: String(plan.maximumBefore), after: String(target) });
  if (withParallelism) {
    const split = splitParallelism(
      orgs.map((org) => org.parallelism as number),
      target,
    )!;
    plan.patch.organizationProfile = {
      ...structuredClone(p.organizationProfile!),
      organizations: orgs.map((org, i) => ({ ...structuredClone(org), parallelism: split[i] })),
    };
    plan.parallelism = orgs.map((org, i) => ({ url: org.url, before: org.parallelism as number, after: split[i] }));
    plan.changes.push({
      field: 'organizations[].parallelism',
      before: orgs.map((org) => `${org.url} ${org.parallelism}`).join(', '),
      after: orgs.map((org, i) => `${org.url} ${split[i]}`).join(', '),
    });
  }
}

function planConfigure(plan: ManagedPlan, p: ManagedPoolProperties, settings: ManagedSettings): void {
  const agent = structuredClone(p.agentProfile ?? { kind: 'Stateless' });
  if (settings.standbyMode === 'off') {
    delete agent.resourcePredictionsProfile;
    delete agent.resourcePredictions;
  } else if (settings.standbyMode === 'manual') {
    const high = highestCount(settings.daysData ?? []);
    if (high > p.maximumConcurrency) {
      plan.errors.push({
        input: 'standbySchedule',
        message: `the schedule asks for ${high} standby agents, above the pool's maximum concurrency ${p.maximumConcurrency}: lower the counts or raise the maximum first (action add or setCount)`,
      });
    }
    agent.resourcePredictionsProfile = { kind: 'Manual' };
    agent.resourcePredictions = { timeZone: settings.timeZone ?? 'UTC', daysData: settings.daysData ?? [] };
  } else if (settings.standbyMode === 'automatic') {
    const current = p.agentProfile?.resourcePredictionsProfile;
    const preference =
      settings.predictionPreference ?? (current?.kind === 'Automatic' ? current.predictionPreference : undefined) ?? 'Balanced';
    agent.resourcePredictionsProfile = { kind: 'Automatic', predictionPreference: preference };
    // The service fills daysData itself in Automatic mode: sending one would fight it.
    delete agent.resourcePredictions;
  }
  for (const [setting, field] of [
    ['maxAgentLifetime', 'maxAgentLifetime'],
    ['gracePeriod', 'gracePeriodTimeSpan'],
  ] as const) {
    const value = settings[setting];
    if (value === undefined) continue;
    if (agent.kind !== 'Stateful') {
      plan.errors.push({
        input: setting,
        message: `applies to stateful agents only; this pool's agents are ${agent.kind.toLowerCase()} (a fresh agent for every job)`,
      });
      continue;
    }
    agent[field] = value;
  }
  const beforeWords = standbyWords(p.agentProfile);
  const afterWords = standbyWords(agent);
  if (beforeWords !== afterWords) plan.changes.push({ field: 'standby', before: beforeWords, after: afterWords });
  for (const field of ['maxAgentLifetime', 'gracePeriodTimeSpan'] as const) {
    if (agent[field] !== p.agentProfile?.[field]) {
      plan.changes.push({ field: `agentProfile.${field}`, before: p.agentProfile?.[field] ?? '(none)', after: agent[field] ?? '(none)' });
    }
  }
  if (JSON.stringify(agent) !== JSON.stringify(p.agentProfile ?? {})) plan.patch.agentProfile = agent;
  else if (plan.errors.length === 0) plan.notes.push('The pool already has these settings: nothing to change.');
}

function describeRequest(request: ScaleRequest, settings: ManagedSettings): string {
  switch (request.action) {
    case 'add':
      return `add ${request.count} to the maximum concurrency`;
    case 'remove':
      return `remove ${request.count} from the maximum concurrency`;
    case 'setCount':
      return `set the maximum concurrency to ${request.targetCount}`;
    default: {
      const parts = Object.entries(settings)
        .filter(([key]) => key !== 'daysData')
        .map(([key, value]) => `${key} ${String(value)}`);
      return `configure ${parts.join(', ')}`;
    }
  }
}
