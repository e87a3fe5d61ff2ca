import type { ElasticNode, ElasticPool, ElasticPoolLog, ElasticPoolSettings } from '../model/pool';
import { API_VERSIONS, dateOf, flagNames, valuesOf, type AdoApi, type Collection } from './api';

export interface RawElasticPool {
  poolId: number;
  azureId: string;
  serviceEndpointId?: string;
  serviceEndpointScope?: string;
  maxCapacity: number;
  desiredIdle: number;
  recycleAfterEachUse?: boolean;
  maxSavedNodeCount?: number;
  osType?: string;
  orchestrationType?: string;
  state?: string;
  offlineSince?: string | null;
  desiredSize?: number;
  sizingAttempts?: number;
  agentInteractiveUI?: boolean;
  timeToLiveMinutes?: number;
}

interface RawElasticNode {
  id: number;
  name: string;
  agentId?: number | null;
  agentState?: string;
  computeId?: string | null;
  computeState?: string;
  state?: string;
  desiredState?: string;
  requestId?: number | null;
  stateChangedOn?: string;
}

interface RawElasticLog {
  id: number;
  level?: string;
  operation?: string;
  message?: string;
  timestamp?: string;
}

export function mapElasticPool(raw: RawElasticPool): ElasticPool {
  return {
    poolId: raw.poolId,
    azureId: raw.azureId,
    serviceEndpointId: raw.serviceEndpointId,
    serviceEndpointScope: raw.serviceEndpointScope,
    maxCapacity: raw.maxCapacity,
    desiredIdle: raw.desiredIdle,
    recycleAfterEachUse: Boolean(raw.recycleAfterEachUse),
    maxSavedNodeCount: raw.maxSavedNodeCount,
    osType: raw.osType,
    orchestrationType: raw.orchestrationType,
    state: raw.state,
    offlineSince: dateOf(raw.offlineSince) ?? null,
    desiredSize: raw.desiredSize,
    sizingAttempts: raw.sizingAttempts,
    agentInteractiveUI: raw.agentInteractiveUI,
    timeToLiveMinutes: raw.timeToLiveMinutes ?? 30,
  };
}

/** Every elastic pool of the organization in one request. */
export async function listElasticPools(api: AdoApi): Promise<ElasticPool[]> {
  const response = await api.client.get<Collection<RawElasticPool>>(
    api.url('_apis/distributedtask/elasticpools', { 'api-version': API_VERSIONS.distributedTask }),
  );
  return valuesOf(response.body).map(mapElasticPool);
}

export async function getElasticPool(api: AdoApi, poolId: number): Promise<ElasticPool | undefined> {
  const response = await api.client.get<RawElasticPool | undefined>(
    api.url(`_apis/distributedtask/elasticpools/${poolId}`, { 'api-version': API_VERSIONS.distributedTask }),
    { allowStatuses: [404] },
  );
  return response.status === 404 || !response.body ? undefined : mapElasticPool(response.body);
}

export async function updateElasticPool(api: AdoApi, poolId: number, change: Partial<ElasticPoolSettings>): Promise<ElasticPool> {
  const response = await api.client.send<RawElasticPool>(
    'PATCH',
    api.url(`_apis/distributedtask/elasticpools/${poolId}`, { 'api-version': API_VERSIONS.distributedTask }),
    { body: change, idempotent: true },
  );
  return mapElasticPool(response.body);
}

export async function listElasticNodes(api: AdoApi, poolId: number): Promise<ElasticNode[]> {
  const response = await api.client.get<Collection<RawElasticNode>>(
    api.url(`_apis/distributedtask/elasticpools/${poolId}/nodes`, { 'api-version': API_VERSIONS.distributedTask }),
  );
  return valuesOf(response.body).map((raw) => ({
    id: raw.id,
    name: raw.name,
    agentId: raw.agentId ?? null,
    agentState: flagNames(raw.agentState),
    computeId: raw.computeId ?? null,
    computeState: raw.computeState,
    state: raw.state ?? 'none',
    desiredState: raw.desiredState,
    requestId: raw.requestId ?? null,
    stateChangedOn: dateOf(raw.stateChangedOn),
  }));
}

export async function listElasticLogs(api: AdoApi, poolId: number, top = 10): Promise<ElasticPoolLog[]> {
  const response = await api.client.get<Collection<RawElasticLog>>(
    api.url(`_apis/distributedtask/elasticpools/${poolId}/logs`, { $top: top, 'api-version': API_VERSIONS.distributedTask }),
  );
  return valuesOf(response.body).map((raw) => ({
    id: raw.id,
    level: raw.level ?? 'info',
    operation: raw.operation ?? '',
    message: raw.message ?? '',
    timestamp: dateOf(raw.timestamp) ?? new Date(0),
  }));
}
