import type { JobRef, Pool, PoolKind } from '../model/pool';
import { API_VERSIONS, dateOf, flagNames, valuesOf, type AdoApi, type Collection } from './api';

/** TaskAgentPool as the REST API returns it (the fields we read). */
export interface RawPool {
  id: number;
  name: string;
  isHosted?: boolean;
  isLegacy?: boolean;
  poolType?: string;
  options?: string;
  size?: number;
  autoProvision?: boolean;
  autoUpdate?: boolean;
  autoSize?: boolean;
  agentCloudId?: number | null;
  createdOn?: string;
  owner?: { id: string; displayName: string; uniqueName?: string };
}

export interface RawJobRequest {
  requestId: number;
  jobName?: string;
  assignTime?: string;
  finishTime?: string;
  result?: string;
  scopeId?: string;
  definition?: { name?: string };
  owner?: { name?: string };
}

export function poolKindOf(raw: RawPool, options: string[]): PoolKind {
  if (raw.isHosted) return 'hosted';
  if (options.some((option) => option.toLowerCase() === 'elasticpool')) return 'elastic';
  if (raw.agentCloudId !== undefined && raw.agentCloudId !== null) return 'agentCloud';
  return 'selfHosted';
}

export function mapPool(raw: RawPool): Pool {
  const options = flagNames(raw.options);
  return {
    id: raw.id,
    name: raw.name,
    kind: poolKindOf(raw, options),
    poolType: raw.poolType === 'deployment' ? 'deployment' : 'automation',
    isHosted: Boolean(raw.isHosted),
    options,
    size: raw.size ?? 0,
    autoProvision: Boolean(raw.autoProvision),
    autoUpdate: Boolean(raw.autoUpdate),
    autoSize: raw.autoSize,
    agentCloudId: raw.agentCloudId ?? null,
    createdOn: dateOf(raw.createdOn),
    owner: raw.owner ? { id: raw.owner.id, displayName: raw.owner.displayName, uniqueName: raw.owner.uniqueName } : undefined,
  };
}

export function mapJob(raw: RawJobRequest | undefined | null): JobRef | undefined {
  if (!raw) return undefined;
  return {
    requestId: raw.requestId,
    jobName: raw.jobName,
    definitionName: raw.definition?.name,
    ownerName: raw.owner?.name,
    assignTime: dateOf(raw.assignTime),
    finishTime: dateOf(raw.finishTime),
    result: raw.result,
    projectId: raw.scopeId,
  };
}

/** All agent pools of the organization (one request: the API does not page). */
export async function listPools(api: AdoApi): Promise<Pool[]> {
  const response = await api.client.get<Collection<RawPool>>(
    api.url('_apis/distributedtask/pools', { 'api-version': API_VERSIONS.distributedTask }),
  );
  return valuesOf(response.body).map(mapPool);
}

/** Finds a pool by id or exact name (case-insensitive). */
export async function findPool(api: AdoApi, nameOrId: string): Promise<Pool | undefined> {
  const pools = await listPools(api);
  const trimmed = nameOrId.trim();
  if (/^\d+$/.test(trimmed)) {
    const byId = pools.find((pool) => pool.id === Number(trimmed));
    if (byId) return byId;
  }
  return pools.find((pool) => pool.name.toLowerCase() === trimmed.toLowerCase());
}

/** PATCH a pool's settings (e.g. `autoProvision: false`). */
export async function updatePool(
  api: AdoApi,
  poolId: number,
  changes: Partial<Pick<RawPool, 'autoProvision' | 'autoUpdate'>>,
): Promise<Pool> {
  const response = await api.client.send<RawPool>(
    'PATCH',
    api.url(`_apis/distributedtask/pools/${poolId}`, { 'api-version': API_VERSIONS.distributedTask }),
    { body: changes, idempotent: true },
  );
  return mapPool(response.body);
}
