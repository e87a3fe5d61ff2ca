/** The PoolInventory JSON report (schema documented in docs/reports.md). */

export interface InventoryJob {
  requestId: number;
  jobName?: string;
  definitionName?: string;
  projectId?: string;
  assignTime?: string;
  finishTime?: string;
  result?: string;
}

export interface InventoryAgent {
  id: number;
  name: string;
  status: 'online' | 'offline';
  enabled: boolean;
  version?: string;
  osDescription?: string;
  busy: boolean;
  currentJob?: InventoryJob;
  lastJob?: InventoryJob;
  createdOn?: string;
  statusChangedOn?: string;
  /** Offline longer than `staleAfterHours`. */
  stale: boolean;
  offlineHours?: number;
  systemCapabilities?: Record<string, string>;
  userCapabilities?: Record<string, string>;
}

export interface AgentCounts {
  agents: number;
  online: number;
  offline: number;
  busy: number;
  idle: number;
  disabled: number;
  stale: number;
}

/** Pipeline permissions and checks of one project queue, as read (not judged). */
export interface InventoryQueueAccess {
  openToAllPipelines: boolean | null;
  authorizedPipelineIds: number[] | null;
  checks: { id: number; kind: string; displayName: string; disabled: boolean; allowedBranches?: string[] }[] | null;
}

export interface InventoryPool {
  id: number;
  name: string;
  kind: string;
  poolType: string;
  options: string[];
  size: number;
  autoProvision: boolean;
  autoUpdate: boolean;
  queues: {
    projectId: string;
    projectName?: string;
    queueId: number;
    queueName: string;
    /** Self-hosted pools only: who may use the queue and its checks (null where not readable). */
    pipelineAccess?: InventoryQueueAccess;
  }[];
  counts: AgentCounts;
  agents: InventoryAgent[];
  elastic?: {
    desiredIdle: number;
    maxCapacity: number;
    timeToLiveMinutes: number;
    recycleAfterEachUse: boolean;
    state?: string;
    desiredSize?: number;
    azureId: string;
    nodeStates: Record<string, number>;
    nodes: { name: string; state: string; agentState: string[]; computeState?: string; agentId?: number | null }[];
    recentLogs: { timestamp: string; level: string; operation: string; message: string }[];
  };
  scaleSet?: {
    resourceId: string;
    capacity?: number;
    provisioningState?: string;
    orchestrationMode?: string;
    /** Why the scale set could not be read, when it could not. */
    unreadable?: string;
  };
  /** Present when the pool is a Managed DevOps Pool (`kind: "managed"`). */
  managed?: InventoryManaged;
}

/** A Managed DevOps Pool as the inventory reports it (from `Microsoft.DevOpsInfrastructure/pools`). */
export interface InventoryManaged {
  resourceId: string;
  location: string;
  provisioningState: string;
  maximumConcurrency: number;
  agentProfile: { kind: 'stateless' } | { kind: 'stateful'; maxAgentLifetime: string; gracePeriodTimeSpan?: string };
  standby: { mode: 'off' } | { mode: 'manual'; timeZone: string; schedule: string } | { mode: 'automatic'; predictionPreference: string };
  sku?: string;
  images: { name: string; wellKnown: boolean; buffer: string }[];
  organizations: { url: string; parallelism?: number; projects: string[] | 'all'; openAccess: boolean }[];
  openAccess: boolean;
  permissionProfile: string;
  /** Machines by status (Ready, Allocated, Starting, …). */
  machines: Record<string, number>;
  machinesUnreadable?: string;
  quota?: { family: string; vCPUsPerMachine: number; used: number; limit: number; needed: number; fits: boolean };
}

export interface InventoryReport {
  schemaVersion: 1;
  tool: { name: 'Pool Warden'; version: string };
  task: 'PoolInventory';
  organization: { url: string };
  generatedAt: string;
  signedInAs: string;
  /** False when some part could not be read; `missing` says which. */
  complete: boolean;
  missing: { scope: string; reason: string }[];
  filters: Record<string, string | number | boolean>;
  totals: AgentCounts & { pools: number };
  pools: InventoryPool[];
  /** Whether Managed DevOps Pools were read (they need an Azure Resource Manager connection), and how many were found. */
  managedPools?: { read: boolean; count: number; note?: string; unmatched?: string[] };
  staleAgents: { poolId: number; poolName: string; agentId: number; agentName: string; offlineSince?: string; offlineHours?: number }[];
}
