/**
 * Managed DevOps Pools (`Microsoft.DevOpsInfrastructure/pools`) as the emulator stores them, plus the rules the
 * service enforces on a pool's properties. The machines of a pool are derived from the agents of the linked
 * Azure DevOps pool when read, so their statuses follow the jobs the tests start and finish.
 */
import type { EmulatorState } from './state';

export type SeedMachineStatus =
  | 'Ready'
  | 'NotReady'
  | 'Allocated'
  | 'PendingReturn'
  | 'Returned'
  | 'Leased'
  | 'Provisioning'
  | 'Updating'
  | 'Starting'
  | 'PendingReimage'
  | 'Reimaging';

export interface SeedManagedMachine {
  name: string;
  status: SeedMachineStatus;
  image?: string;
}

export interface SeedManagedPool {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  location: string;
  /** The pool's `properties` as ARM returns them (provisioningState included). */
  properties: Record<string, unknown>;
  /** Azure DevOps pool whose agents are this pool's machines (Allocated when running a job, Ready when idle). */
  linkedPoolId?: number;
  /** Machines that have no agent yet (e.g. Starting, Provisioning). */
  extraMachines?: SeedManagedMachine[];
  /** Grows on every write; sent as `"N"` in the ETag header. */
  etagVersion: number;
  /** Answer PATCHes of this pool with 200 at once instead of 202 + Location. */
  synchronousPatch?: boolean;
  /**
   * How a PATCH applies nested objects. Unverified for the real service, so tests run both: `replace` (default) puts
   * each sub-object given in place of the old one whole; `merge` merges them key by key (JSON merge patch: a key left
   * out keeps its old value, `null` removes it), so an omitted `resourcePredictionsProfile` stays.
   */
  patchSemantics?: 'replace' | 'merge';
}

export interface SeedComputeQuota {
  subscriptionId: string;
  location: string;
  /** SKU family, e.g. `standardDADSv5Family`. */
  family: string;
  currentValue: number;
  limit: number;
}

/** SKUs the emulated provider knows: name → family and vCPUs (as `skus` answers). */
export const MANAGED_POOL_SKUS: Record<string, { family: string; vCPUs: number }> = {
  Standard_D2ads_v5: { family: 'standardDADSv5Family', vCPUs: 2 },
  Standard_D4ads_v5: { family: 'standardDADSv5Family', vCPUs: 4 },
  Standard_D8ads_v5: { family: 'standardDADSv5Family', vCPUs: 8 },
  Standard_D2s_v5: { family: 'standardDSv5Family', vCPUs: 2 },
  Standard_D4s_v5: { family: 'standardDSv5Family', vCPUs: 4 },
  Standard_A2_v2: { family: 'standardAv2Family', vCPUs: 2 },
};

/**
 * Windows time zone ids (a subset of `TimeZoneInfo.GetSystemTimeZones`) the emulated service accepts.
 * Product code keeps its own list: the emulator must not import product code.
 */
export const EMULATOR_TIME_ZONES = new Set([
  'UTC',
  'GMT Standard Time',
  'W. Europe Standard Time',
  'Central Europe Standard Time',
  'Romance Standard Time',
  'E. Europe Standard Time',
  'FLE Standard Time',
  'Eastern Standard Time',
  'Central Standard Time',
  'Mountain Standard Time',
  'Pacific Standard Time',
  'India Standard Time',
  'China Standard Time',
  'Tokyo Standard Time',
  'AUS Eastern Standard Time',
]);

export function managedPoolId(pool: SeedManagedPool): string {
  return `/subscriptions/${pool.subscriptionId}/resourceGroups/${pool.resourceGroup}/providers/Microsoft.DevOpsInfrastructure/pools/${pool.name}`;
}

export function managedPoolsOf(state: EmulatorState): SeedManagedPool[] {
  return state.org.managedPools ?? [];
}

export function findManagedPool(state: EmulatorState, sub: string, rg: string, name: string): SeedManagedPool | undefined {
  const eq = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
  return managedPoolsOf(state).find((p) => eq(p.subscriptionId, sub) && eq(p.resourceGroup, rg) && eq(p.name, name));
}

/** The pool's machines now: one per agent of the linked Azure DevOps pool, plus the seeded ones without an agent. */
export function machinesOf(state: EmulatorState, pool: SeedManagedPool): SeedManagedMachine[] {
  const agents = pool.linkedPoolId === undefined ? [] : (state.pool(pool.linkedPoolId)?.agents ?? []);
  const image = imageName(pool);
  const fromAgents = agents.map((agent): SeedManagedMachine => ({
    name: agent.name,
    image,
    status: agent.assignedRequest ? 'Allocated' : agent.status === 'online' ? 'Ready' : 'Returned',
  }));
  return [...fromAgents, ...(pool.extraMachines ?? [])];
}

function imageName(pool: SeedManagedPool): string {
  const images = ((pool.properties.fabricProfile as { images?: { wellKnownImageName?: string; resourceId?: string }[] }) ?? {}).images;
  return images?.[0]?.wellKnownImageName ?? images?.[0]?.resourceId ?? 'unknown';
}

const SPAN = /^(?:(\d+)\.)?(\d{1,2}):(\d{2}):(\d{2})$/;
const WEEK_SECONDS = 7 * 24 * 3600;

function spanSeconds(value: string): number | undefined {
  const m = SPAN.exec(value);
  if (!m) return undefined;
  const [h, min, s] = [Number(m[2]), Number(m[3]), Number(m[4])];
  if (h > 23 || min > 59 || s > 59) return undefined;
  return Number(m[1] ?? 0) * 86400 + h * 3600 + min * 60 + s;
}

/**
 * Validates pool properties after a PATCH was applied; returns the service's error message or undefined.
 * Rules: maximumConcurrency 1..10000; parallelism sums to maximumConcurrency when set; stateful lifetimes at most
 * 7 days; a manual schedule has 1 or 7 day maps of `HH:mm:ss` → count ≤ maximumConcurrency in a Windows time zone.
 */
export function validatePoolProperties(props: Record<string, unknown>): string | undefined {
  const max = props.maximumConcurrency;
  if (typeof max !== 'number' || !Number.isInteger(max) || max < 1 || max > 10000) {
    return `The value of 'maximumConcurrency' must be an integer from 1 to 10000 (got ${JSON.stringify(max)}).`;
  }
  const org = (props.organizationProfile ?? {}) as { kind?: string; organizations?: { url?: string; parallelism?: number }[] };
  if (org.kind !== 'AzureDevOps' && org.kind !== 'GitHub') return "The 'organizationProfile.kind' must be 'AzureDevOps' or 'GitHub'.";
  const orgs = org.organizations ?? [];
  if (orgs.length === 0) return 'At least one organization must be specified in organizationProfile.organizations.';
  const withParallelism = orgs.filter((o) => o.parallelism !== undefined && o.parallelism !== null);
  if (withParallelism.length > 0) {
    if (withParallelism.length !== orgs.length) return 'Parallelism must be specified for all organizations or for none.';
    if (withParallelism.some((o) => !Number.isInteger(o.parallelism) || (o.parallelism as number) < 1)) {
      return 'The parallelism of each organization must be a positive integer.';
    }
    const sum = withParallelism.reduce((total, o) => total + (o.parallelism as number), 0);
    if (sum !== max) return 'The sum of parallelism for all organizations must equal the max concurrency.';
  }
  const agent = (props.agentProfile ?? {}) as Record<string, unknown>;
  if (agent.kind !== 'Stateless' && agent.kind !== 'Stateful') return "The 'agentProfile.kind' must be 'Stateless' or 'Stateful'.";
  for (const field of ['maxAgentLifetime', 'gracePeriodTimeSpan']) {
    if (agent[field] === undefined) continue;
    if (agent.kind !== 'Stateful') return `'agentProfile.${field}' is only allowed for a Stateful agent profile.`;
    const seconds = typeof agent[field] === 'string' ? spanSeconds(agent[field] as string) : undefined;
    if (seconds === undefined) return `The value of 'agentProfile.${field}' must be a time span 'd.hh:mm:ss'.`;
    if (seconds > WEEK_SECONDS) return `The value of 'agentProfile.${field}' cannot be longer than 7.00:00:00.`;
  }
  const prediction = agent.resourcePredictionsProfile as { kind?: string; predictionPreference?: string } | undefined;
  if (prediction) {
    if (prediction.kind === 'Automatic') {
      const allowed = ['Balanced', 'MostCostEffective', 'MoreCostEffective', 'MorePerformance', 'BestPerformance'];
      if (prediction.predictionPreference !== undefined && !allowed.includes(prediction.predictionPreference)) {
        return `The value of 'predictionPreference' must be one of ${allowed.join(', ')}.`;
      }
    } else if (prediction.kind === 'Manual') {
      const problem = validateSchedule(agent.resourcePredictions, max);
      if (problem) return problem;
    } else return "The 'resourcePredictionsProfile.kind' must be 'Manual' or 'Automatic'.";
  }
  return undefined;
}

function validateSchedule(predictions: unknown, max: number): string | undefined {
  if (!predictions || typeof predictions !== 'object') return 'A Manual resource predictions profile needs resourcePredictions.';
  const { timeZone, daysData } = predictions as { timeZone?: unknown; daysData?: unknown };
  if (timeZone !== undefined && (typeof timeZone !== 'string' || !EMULATOR_TIME_ZONES.has(timeZone))) {
    return `The time zone '${String(timeZone)}' is not a valid Windows time zone id.`;
  }
  if (!Array.isArray(daysData) || (daysData.length !== 1 && daysData.length !== 7)) {
    return "'resourcePredictions.daysData' must contain either 1 item (all week) or 7 items (Sunday first).";
  }
  for (const day of daysData) {
    if (!day || typeof day !== 'object' || Array.isArray(day)) return "Each item of 'daysData' must be an object of time → count.";
    for (const [time, count] of Object.entries(day as Record<string, unknown>)) {
      if (!/^([01]\d|2[0-3]):[0-5]\d:[0-5]\d$/.test(time)) return `The time '${time}' in 'daysData' must be 'HH:mm:ss' (24 hours).`;
      if (typeof count !== 'number' || !Number.isInteger(count) || count < 0)
        return `The standby count at '${time}' must be a whole number.`;
      if (count > max) return `The standby count ${count} at '${time}' cannot be greater than the maximum concurrency ${max}.`;
    }
  }
  return undefined;
}

/** What the service writes into `daysData` itself in Automatic mode (the source of IaC drift). */
export function automaticDaysData(max: number): Record<string, number>[] {
  const busy = Math.max(1, Math.floor(max / 2));
  return [{}, ...Array.from({ length: 5 }, () => ({ '08:00:00': busy, '18:00:00': 0 })), {}];
}
