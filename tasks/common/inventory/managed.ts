/**
 * Managed DevOps Pools in the inventory: lists the `Microsoft.DevOpsInfrastructure/pools` of the ARM connection's
 * subscription, keeps those that serve the audited organization, joins each to its Azure DevOps pool by name
 * (organization `alias`, else pool `alias`, else resource name) and reads machines and vCPU quota.
 */
import { adoPoolNameOf, organizationEntry } from '../arm/managed-pool-join';
import type { ManagedPoolClient, ManagedPoolResource, ManagedSku, QuotaUsage } from '../arm/managed-pools';
import { describeStandbySchedule } from '../arm/standby-schedule';
import { mapConcurrent } from '../http/gate';
import type { Logger } from '../model/context';
import type { InventoryManaged, InventoryReport } from './report';

export interface ManagedPoolsSource {
  client: Pick<ManagedPoolClient, 'list' | 'listMachines' | 'usages' | 'skus'>;
  subscriptionId: string;
  /** Empty = the whole subscription. */
  resourceGroups: string[];
}

/** The report's view of a managed pool (without machines and quota, which need more reads). */
export function describeManagedPool(pool: ManagedPoolResource): InventoryManaged {
  const p = pool.properties;
  const agent = p.agentProfile;
  const prediction = agent?.resourcePredictionsProfile;
  const standby: InventoryManaged['standby'] =
    prediction?.kind === 'Manual'
      ? {
          mode: 'manual',
          timeZone: agent?.resourcePredictions?.timeZone ?? 'UTC',
          schedule: describeStandbySchedule(agent?.resourcePredictions?.daysData),
        }
      : prediction?.kind === 'Automatic'
        ? { mode: 'automatic', predictionPreference: prediction.predictionPreference ?? 'Balanced' }
        : { mode: 'off' };
  const organizations = (p.organizationProfile?.organizations ?? []).map((org) => ({
    url: org.url,
    parallelism: org.parallelism ?? undefined,
    projects: org.projects && org.projects.length > 0 ? org.projects : ('all' as const),
    openAccess: org.openAccess === true,
  }));
  return {
    resourceId: pool.id,
    location: pool.location,
    provisioningState: p.provisioningState ?? 'Unknown',
    maximumConcurrency: p.maximumConcurrency,
    agentProfile:
      agent?.kind === 'Stateful'
        ? { kind: 'stateful', maxAgentLifetime: agent.maxAgentLifetime ?? '7.00:00:00', gracePeriodTimeSpan: agent.gracePeriodTimeSpan }
        : { kind: 'stateless' },
    standby,
    sku: p.fabricProfile?.sku?.name,
    images: (p.fabricProfile?.images ?? []).map((image) => ({
      name: image.wellKnownImageName ?? image.resourceId ?? 'unknown',
      wellKnown: image.wellKnownImageName !== undefined,
      buffer: image.buffer ?? '*',
    })),
    organizations,
    openAccess: organizations.some((org) => org.openAccess),
    permissionProfile: p.organizationProfile?.permissionProfile?.kind ?? 'CreatorOnly',
    machines: {},
  };
}

/** vCPU quota of the pool's SKU family: needed = maximumConcurrency × vCPUs per machine, compared to the limit. */
export function quotaOf(
  maximumConcurrency: number,
  skuName: string | undefined,
  skus: ManagedSku[],
  usages: QuotaUsage[],
): InventoryManaged['quota'] | undefined {
  const sku = skus.find((s) => s.name.toLowerCase() === (skuName ?? '').toLowerCase());
  if (!sku?.family || !sku.vCPUs) return undefined;
  const usage = usages.find((u) => u.family.toLowerCase() === sku.family!.toLowerCase());
  if (!usage) return undefined;
  const needed = maximumConcurrency * sku.vCPUs;
  return {
    family: sku.family,
    vCPUsPerMachine: sku.vCPUs,
    used: usage.currentValue,
    limit: usage.limit,
    needed,
    fits: needed <= usage.limit,
  };
}

/** The quota warning of a pool, when its maximum cannot run within the subscription's vCPU limit. */
export function quotaWarning(poolName: string, managed: InventoryManaged): string | undefined {
  const q = managed.quota;
  if (!q || q.fits) return undefined;
  return (
    `Managed DevOps Pool '${poolName}' cannot reach its maximum: ${managed.maximumConcurrency} agents × ${q.vCPUsPerMachine} vCPUs = ${q.needed} vCPUs, ` +
    `but the ${q.family} quota in ${managed.location} is ${q.limit} (${q.used} in use). Request a quota increase or lower maximumConcurrency.`
  );
}

export interface ManagedReadResult {
  /** false when the pools could not be listed (noted in `missing`). */
  listed: boolean;
  /** Lower-cased Azure DevOps pool name → the managed block. */
  byPoolName: Map<string, InventoryManaged>;
  /** Pools of this organization whose Azure DevOps pool was not among the pools read. */
  unmatched: string[];
}

/**
 * Reads the managed pools serving `orgName`, their machines and quota. A refused or failing read is noted in
 * `missing` with its scope (the inventory is then incomplete), never thrown.
 */
export async function readManagedPools(
  source: ManagedPoolsSource,
  orgName: string,
  adoPoolNames: string[],
  missing: InventoryReport['missing'],
  logger: Logger,
  concurrency: number,
): Promise<ManagedReadResult> {
  const result: ManagedReadResult = { listed: true, byPoolName: new Map(), unmatched: [] };
  const scope =
    source.resourceGroups.length > 0
      ? `Managed DevOps Pools of resource groups ${source.resourceGroups.join(', ')} in subscription ${source.subscriptionId}`
      : `Managed DevOps Pools of subscription ${source.subscriptionId}`;
  let pools: ManagedPoolResource[];
  try {
    pools = await source.client.list(source.subscriptionId, source.resourceGroups);
  } catch (error) {
    missing.push({ scope, reason: (error as Error).message });
    return { ...result, listed: false };
  }
  const known = new Set(adoPoolNames.map((name) => name.toLowerCase()));
  const mine = pools.flatMap((pool) => {
    const org = organizationEntry(pool, orgName);
    return org ? [{ pool, adoName: adoPoolNameOf(pool, org) }] : [];
  });
  logger.info(`${mine.length} of ${pools.length} Managed DevOps Pools serve organization ${orgName}`);
  const quotaReads = new Map<string, Promise<{ skus: ManagedSku[]; usages: QuotaUsage[] } | undefined>>();
  const quotaFor = (location: string) => {
    let read = quotaReads.get(location.toLowerCase());
    if (!read) {
      read = Promise.all([source.client.skus(source.subscriptionId, location), source.client.usages(source.subscriptionId, location)])
        .then(([skus, usages]) => ({ skus, usages }))
        .catch((error: unknown) => {
          missing.push({ scope: `vCPU quota of Managed DevOps Pools in ${location}`, reason: (error as Error).message });
          return undefined;
        });
      quotaReads.set(location.toLowerCase(), read);
    }
    return read;
  };
  await mapConcurrent(mine, concurrency, async ({ pool, adoName }) => {
    if (!known.has(adoName.toLowerCase())) {
      result.unmatched.push(adoName);
      return;
    }
    const managed = describeManagedPool(pool);
    const [machines, quota] = await Promise.all([
      source.client.listMachines(pool.id).catch((error: unknown) => {
        missing.push({ scope: `machines of Managed DevOps Pool ${pool.name}`, reason: (error as Error).message });
        managed.machinesUnreadable = (error as Error).message;
        return [];
      }),
      quotaFor(pool.location),
    ]);
    for (const machine of machines) managed.machines[machine.status] = (managed.machines[machine.status] ?? 0) + 1;
    if (quota) managed.quota = quotaOf(managed.maximumConcurrency, managed.sku, quota.skus, quota.usages);
    result.byPoolName.set(adoName.toLowerCase(), managed);
  });
  return result;
}
