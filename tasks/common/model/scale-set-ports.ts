/**
 * Ports the scaling executor needs. The REST clients (`ado/`, `arm/`) implement them; tests use in-memory fakes.
 * Every method is a single request (or one long-running ARM operation) so the executor controls ordering and
 * re-checks.
 */
import type { Agent, ElasticNode, ElasticPool, ElasticPoolLog } from '../model/pool';

/** Agents of one pool (distributedtask/pools/{poolId}/agents). */
export interface AgentPoolPort {
  /** All agents, with `assignedRequest` and `lastCompletedRequest` filled in (includeAssignedRequest=true etc.). */
  listAgents(poolId: number): Promise<Agent[]>;
  /** One agent with `assignedRequest`/`lastCompletedRequest`; `null` when it no longer exists (404). */
  getAgent(poolId: number, agentId: number): Promise<Agent | null>;
  /** PATCH `{id, enabled}`. Disabling = draining: the agent finishes its current job and takes no new one. */
  setAgentEnabled(poolId: number, agentId: number, enabled: boolean): Promise<void>;
  /** DELETE the agent registration. */
  /** `alreadyGone`: the registration had been deleted by someone else (a concurrent run) before this call. */
  deleteAgent(poolId: number, agentId: number): Promise<'deleted' | 'alreadyGone'>;
}

/** Settings of an Azure DevOps-managed (elastic) pool that this task may change (PATCH elasticpools/{poolId}). */
export interface ElasticSettings {
  /** Standby agents ("desiredIdle"). */
  desiredIdle: number;
  maxCapacity: number;
  timeToLiveMinutes: number;
  recycleAfterEachUse: boolean;
}

/** Azure DevOps-managed scale-set pools (distributedtask/elasticpools). */
export interface ElasticPoolPort {
  get(poolId: number): Promise<ElasticPool>;
  /** PATCH with only the given settings; resolves with the pool as the service stored it. */
  update(poolId: number, settings: Partial<ElasticSettings>): Promise<ElasticPool>;
  nodes(poolId: number): Promise<ElasticNode[]>;
  logs(poolId: number, top: number): Promise<ElasticPoolLog[]>;
}

/** What the executor needs to know about a self-managed VMSS. */
export interface ScaleSetInfo {
  name: string;
  capacity: number;
  /** ARM ETag of the scale set, sent back as `If-Match`. */
  etag: string;
  provisioningState: string;
  /** The scale set of a pool Azure DevOps manages (tag `__AzureDevOpsElasticPool`): never resized by this task. */
  managedByAzureDevOps?: boolean;
}

export interface ScaleSetInstance {
  /** Uniform: the VMSS instance id. Flexible: the name of the standard VM (the set's instances are ordinary VMs). */
  instanceId: string;
  /** `osProfile.computerName`; equals the agent name (case-insensitive). */
  computerName: string;
  provisioningState: string;
}

/** Self-managed VMSS through ARM. Never used for Azure DevOps-managed pools (their sizing job owns the capacity). */
export interface ScaleSetPort {
  get(resourceId: string): Promise<ScaleSetInfo>;
  /**
   * PATCH `sku.capacity` with `If-Match: etag`; resolves when the long-running operation finished.
   * Throws {@link EtagConflictError} on 412 (someone changed the scale set since `etag` was read).
   */
  setCapacity(resourceId: string, capacity: number, etag: string): Promise<void>;
  /** The set's instances, through the API of its orchestration mode (Uniform: VMSS VMs; Flexible: standard VMs). */
  listInstances(resourceId: string): Promise<ScaleSetInstance[]>;
  /**
   * Uniform: POST `.../delete` with `{instanceIds}`; Flexible: DELETE of each VM. Resolves when the long-running
   * operation(s) finished.
   * Rejects with an {@link ArmOperationError} (ARM `error.code` + `error.message`) when it failed.
   */
  deleteInstances(resourceId: string, instanceIds: string[]): Promise<void>;
}

/** The ports one scaling run uses; `elastic` for Azure DevOps-managed pools, `scaleSet` for self-managed ones. */
export interface ScalingPorts {
  agents: AgentPoolPort;
  elastic?: ElasticPoolPort;
  scaleSet?: ScaleSetPort;
}
