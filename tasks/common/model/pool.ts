/**
 * Plain domain objects for agent pools, agents, queues and elastic (scale-set) pools.
 * Area clients (`ado/*`) map REST shapes into these; everything else works on these only.
 * Dates are `Date` objects (UTC); enums are the REST string values.
 */

export type PoolKind = 'hosted' | 'elastic' | 'selfHosted' | 'agentCloud';

export interface Pool {
  id: number;
  name: string;
  kind: PoolKind;
  poolType: 'automation' | 'deployment';
  isHosted: boolean;
  /** Flag names from the comma-joined `options` enum, e.g. ['elasticPool', 'singleUseAgents']. */
  options: string[];
  size: number;
  autoProvision: boolean;
  autoUpdate: boolean;
  autoSize?: boolean;
  agentCloudId?: number | null;
  createdOn?: Date;
  owner?: { id: string; displayName: string; uniqueName?: string };
}

export interface JobRef {
  requestId: number;
  jobName?: string;
  definitionName?: string;
  /** Pipeline (definition) owner name, e.g. the build definition. */
  ownerName?: string;
  assignTime?: Date;
  finishTime?: Date;
  result?: string;
  /** Project id (`scopeId`). */
  projectId?: string;
}

export interface Agent {
  id: number;
  name: string;
  poolId: number;
  status: 'online' | 'offline';
  enabled: boolean;
  version?: string;
  osDescription?: string;
  provisioningState?: string;
  createdOn?: Date;
  statusChangedOn?: Date;
  /** Present when the agent is running a job right now. */
  assignedRequest?: JobRef;
  lastCompletedRequest?: JobRef;
  systemCapabilities?: Record<string, string>;
  userCapabilities?: Record<string, string>;
}

export interface Queue {
  id: number;
  name: string;
  projectId: string;
  projectName?: string;
  poolId: number;
}

export interface Project {
  id: string;
  name: string;
}

export interface ElasticPool {
  poolId: number;
  azureId: string;
  serviceEndpointId?: string;
  serviceEndpointScope?: string;
  maxCapacity: number;
  desiredIdle: number;
  recycleAfterEachUse: boolean;
  maxSavedNodeCount?: number;
  osType?: string;
  orchestrationType?: string;
  state?: string;
  offlineSince?: Date | null;
  desiredSize?: number;
  sizingAttempts?: number;
  agentInteractiveUI?: boolean;
  timeToLiveMinutes: number;
}

/** The settings of an elastic pool that `PATCH elasticpools/{poolId}` changes. */
export type ElasticPoolSettings = Pick<ElasticPool, 'desiredIdle' | 'maxCapacity' | 'timeToLiveMinutes' | 'recycleAfterEachUse'>;

export interface ElasticNode {
  id: number;
  name: string;
  agentId?: number | null;
  /** Flag names from the comma-joined `agentState` enum. */
  agentState: string[];
  computeId?: string | null;
  computeState?: string;
  state: string;
  desiredState?: string;
  requestId?: number | null;
  stateChangedOn?: Date;
}

export interface ElasticPoolLog {
  id: number;
  level: 'error' | 'warning' | 'info' | string;
  operation: string;
  message: string;
  timestamp: Date;
}
