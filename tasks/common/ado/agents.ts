import type { Agent } from '../model/pool';
import { API_VERSIONS, dateOf, valuesOf, type AdoApi, type Collection } from './api';
import { mapJob, type RawJobRequest } from './pools';

export interface RawAgent {
  id: number;
  name: string;
  status?: string;
  enabled?: boolean;
  version?: string;
  osDescription?: string;
  provisioningState?: string;
  createdOn?: string;
  statusChangedOn?: string;
  assignedRequest?: RawJobRequest | null;
  lastCompletedRequest?: RawJobRequest | null;
  systemCapabilities?: Record<string, string>;
  userCapabilities?: Record<string, string>;
}

export interface AgentListOptions {
  capabilities?: boolean;
  /** Include the running job (needed to know whether an agent is busy). Default true. */
  assignedRequest?: boolean;
  lastCompletedRequest?: boolean;
}

export function mapAgent(raw: RawAgent, poolId: number): Agent {
  return {
    id: raw.id,
    name: raw.name,
    poolId,
    status: raw.status === 'online' ? 'online' : 'offline',
    enabled: raw.enabled !== false,
    version: raw.version,
    osDescription: raw.osDescription,
    provisioningState: raw.provisioningState,
    createdOn: dateOf(raw.createdOn),
    statusChangedOn: dateOf(raw.statusChangedOn),
    assignedRequest: mapJob(raw.assignedRequest),
    lastCompletedRequest: mapJob(raw.lastCompletedRequest),
    systemCapabilities: raw.systemCapabilities,
    userCapabilities: raw.userCapabilities,
  };
}

function agentQuery(options: AgentListOptions): Record<string, string | boolean | undefined> {
  return {
    includeCapabilities: options.capabilities ? true : undefined,
    includeAssignedRequest: options.assignedRequest === false ? undefined : true,
    includeLastCompletedRequest: options.lastCompletedRequest === false ? undefined : true,
    'api-version': API_VERSIONS.distributedTask,
  };
}

/** Every agent of a pool in ONE request (the API does not page), with running and last job. */
export async function listAgents(api: AdoApi, poolId: number, options: AgentListOptions = {}): Promise<Agent[]> {
  const response = await api.client.get<Collection<RawAgent>>(api.url(`_apis/distributedtask/pools/${poolId}/agents`, agentQuery(options)));
  return valuesOf(response.body).map((raw) => mapAgent(raw, poolId));
}

/** One agent, fresh (used right before deleting it); undefined when it is gone. */
export async function getAgent(api: AdoApi, poolId: number, agentId: number): Promise<Agent | undefined> {
  const response = await api.client.get<RawAgent | undefined>(
    api.url(`_apis/distributedtask/pools/${poolId}/agents/${agentId}`, agentQuery({})),
    { allowStatuses: [404] },
  );
  return response.status === 404 || !response.body ? undefined : mapAgent(response.body, poolId);
}

/** Enables or disables (drains) an agent. The body carries the id, as the service expects. */
export async function setAgentEnabled(api: AdoApi, poolId: number, agentId: number, enabled: boolean): Promise<void> {
  await api.client.send(
    'PATCH',
    api.url(`_apis/distributedtask/pools/${poolId}/agents/${agentId}`, { 'api-version': API_VERSIONS.distributedTask }),
    { body: { id: agentId, enabled }, idempotent: true },
  );
}

/**
 * Deletes an agent registration. `alreadyGone` when the first attempt found none (someone else deleted it);
 * a 404 after a retry means our own earlier attempt went through, so that counts as `deleted`.
 */
export async function deleteAgent(api: AdoApi, poolId: number, agentId: number): Promise<'deleted' | 'alreadyGone'> {
  const response = await api.client.send(
    'DELETE',
    api.url(`_apis/distributedtask/pools/${poolId}/agents/${agentId}`, { 'api-version': API_VERSIONS.distributedTask }),
    { allowStatuses: [404] },
  );
  return response.status === 404 && response.attempts === 1 ? 'alreadyGone' : 'deleted';
}
