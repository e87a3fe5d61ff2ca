import type { SeedComputeQuota, SeedManagedPool } from './managed-pools-state';

export type { SeedComputeQuota, SeedManagedMachine, SeedManagedPool } from './managed-pools-state';

/**
 * The organization description the emulator starts from. JSON-serialisable: dates are ISO strings,
 * references between objects are ids. `sampleOrganization()` builds a rich one; tests may build their own.
 */

/** What an identity may do in Azure DevOps (effective grants = own grants ∪ grants of every group it is in). */
export type Grant =
  | 'pools:read'
  | 'pools:manage'
  | 'security:read'
  | 'security:manage'
  | 'graph:read'
  | 'tokenadmin'
  | 'pipelinepermissions:read'
  | 'pipelinepermissions:manage'
  | 'projects:read'
  | 'tenantpolicy:read'
  | 'orgpolicy:read'
  | 'auditlog:read'
  | 'checks:read'
  | 'checks:manage'
  | 'build:read'
  | 'code:read'
  /** "View work items in this node" (WIQL, work items, type states). */
  | 'workitems:read'
  /** "Edit work items in this node" (create, update, comment). */
  | 'workitems:write'
  | '*';

export type SeedIdentityKind = 'user' | 'group' | 'servicePrincipal' | 'buildService';

/** What the pipeline's sign-in app holds in the sample and generated orgs: admin of pools, security, tokens and pipeline permissions. */
export const PIPELINE_APP_GRANTS: readonly Grant[] = [
  'pools:read',
  'pools:manage',
  'security:read',
  'security:manage',
  'graph:read',
  'tokenadmin',
  'pipelinepermissions:read',
  'pipelinepermissions:manage',
  'projects:read',
];

export interface SeedIdentity {
  /** Storage key (VSID): what role assignments carry as `identity.id`. */
  id: string;
  /** Graph subject descriptor, e.g. `aad.…`, `vssgp.…`, `aadgp.…`, `aadsp.…`, `svc.…`. */
  descriptor: string;
  kind: SeedIdentityKind;
  displayName: string;
  principalName?: string;
  mailAddress?: string;
  /** `aad` | `msa` | `vsts`. */
  origin: string;
  originId?: string;
  domain?: string;
  description?: string;
  /** Membership state (`membershipstates`); default true. */
  active?: boolean;
  isDeletedInOrigin?: boolean;
  /** Group members (identity ids); groups may nest and even cycle. */
  members?: string[];
  grants?: Grant[];
  /** For kind servicePrincipal: the Entra application (client) id this org identity stands for. */
  appId?: string;
  /** True for an identity that role assignments name but graph / identities cannot resolve (404 / null). */
  unresolvable?: boolean;
}

export interface SeedServicePrincipal {
  appId: string;
  /** Enterprise application object id (the `oid` claim). */
  objectId: string;
  tenantId: string;
  displayName: string;
  /** Federated credential subjects, e.g. `sc://contoso/Platform/pool-warden-wif`, issuer = the org's vstoken issuer. */
  federatedSubjects: string[];
  secret?: string;
  /** Certificate PEM(s) registered on the app (public part only is needed). */
  certificatePems?: string[];
  /** When set, the SP is a managed identity reachable through the App Service style `IDENTITY_ENDPOINT`. */
  managedIdentity?: boolean;
}

export type SeedConnectionScheme = 'WorkloadIdentityFederation' | 'ServicePrincipal' | 'ManagedServiceIdentity';

export interface SeedServiceConnection {
  /** Lower-case GUID. */
  id: string;
  name: string;
  projectId: string;
  /** `azurerm` (ARM) or `workloadidentityuser` (the "Azure DevOps" connection). */
  type: 'azurerm' | 'workloadidentityuser';
  scheme: SeedConnectionScheme;
  servicePrincipalAppId: string;
  subscriptionId?: string;
  subscriptionName?: string;
}

export interface SeedProject {
  id: string;
  name: string;
  description?: string;
  /** Identity id of "{project} Build Service ({org})": the job token of a pipeline in this project maps to it. */
  buildServiceIdentityId: string;
  lastUpdateTime?: string;
  /** Process of the project's work item types (default Agile: Task is New → Active → Closed). */
  process?: 'Agile' | 'Basic';
  /** Area paths below the project's root area (e.g. `Platform\\Security`); the root is always valid. */
  areaPaths?: string[];
  /** Area paths on which identities are explicitly denied "Edit work items in this node" (deny beats any grant). */
  workItemEditDenied?: { areaPath: string; identityId: string }[];
}

export interface SeedJobRequest {
  requestId: number;
  jobName: string;
  definitionId: number;
  definitionName: string;
  projectId: string;
  queueId?: number;
  planType?: string;
  queueTime: string;
  assignTime?: string;
  receiveTime?: string;
  finishTime?: string;
  result?: 'succeeded' | 'succeededWithIssues' | 'failed' | 'canceled' | 'skipped' | 'abandoned';
}

export interface SeedAgent {
  id: number;
  name: string;
  version: string;
  osDescription: string;
  enabled: boolean;
  status: 'online' | 'offline';
  provisioningState?: string;
  createdOn: string;
  statusChangedOn: string;
  maxParallelism?: number;
  systemCapabilities: Record<string, string>;
  userCapabilities: Record<string, string>;
  assignedRequest?: SeedJobRequest;
  lastCompletedRequest?: SeedJobRequest;
}

export interface SeedPool {
  id: number;
  name: string;
  poolType: 'automation' | 'deployment';
  isHosted: boolean;
  isLegacy?: boolean;
  /** Flag names; sent comma-joined (`"elasticPool, singleUseAgents"`), `"none"` when empty. */
  options: string[];
  autoProvision: boolean;
  autoUpdate: boolean;
  autoSize?: boolean;
  targetSize?: number | null;
  agentCloudId?: number | null;
  scope: string;
  createdOn: string;
  /** Identity id of the creator / owner. */
  ownerId: string;
  agents: SeedAgent[];
}

export interface SeedQueue {
  id: number;
  name: string;
  projectId: string;
  poolId: number;
}

export interface SeedElasticNode {
  id: number;
  name: string;
  agentId: number | null;
  /** ElasticAgentState flag names. */
  agentState: string[];
  computeId: string | null;
  computeState: string;
  state: string;
  desiredState: string;
  requestId: number | null;
  stateChangedOn: string;
}

export interface SeedElasticLog {
  id: number;
  level: 'error' | 'warning' | 'info';
  operation: string;
  message: string;
  timestamp: string;
}

export interface SeedElasticPool {
  poolId: number;
  serviceEndpointId: string;
  serviceEndpointScope: string;
  azureId: string;
  maxCapacity: number;
  desiredIdle: number;
  recycleAfterEachUse: boolean;
  maxSavedNodeCount: number;
  osType: 'linux' | 'windows';
  orchestrationType: 'uniform' | 'flexible';
  state: 'online' | 'offline' | 'unhealthy' | 'new';
  offlineSince: string | null;
  sizingAttempts: number;
  agentInteractiveUI: boolean;
  timeToLiveMinutes: number;
  nodes: SeedElasticNode[];
  logs: SeedElasticLog[];
}

/** A role assignment as stored; `access` is computed when read. */
export interface SeedRoleAssignment {
  scopeId: string;
  resourceId: string;
  identityId: string;
  role: string;
}

export interface SeedPipelineAuthorization {
  id: number;
  authorized: boolean;
  authorizedById: string;
  authorizedOn: string;
}

export interface SeedPipelinePermission {
  projectId: string;
  queueId: number;
  allPipelines?: { authorized: boolean; authorizedById: string; authorizedOn: string };
  pipelines: SeedPipelineAuthorization[];
}

/** A check configuration on a resource (approvalsAndChecks `CheckConfiguration`, stored with its settings). */
export interface SeedCheckConfiguration {
  id: number;
  projectId: string;
  resourceType: 'queue' | 'endpoint' | 'environment' | 'repository' | 'securefile' | 'variablegroup';
  /** Queue id as a string for queues. */
  resourceId: string;
  typeId: string;
  typeName: string;
  /** As the service sends it with `$expand=settings` (Approval, Task Check or extends-check settings). */
  settings: Record<string, unknown>;
  isDisabled?: boolean;
  timeout: number;
  createdById: string;
  createdOn: string;
}

/** A pipeline (build definition) and the repository its YAML comes from. */
export interface SeedBuildDefinition {
  id: number;
  projectId: string;
  name: string;
  path: string;
  /** `process.type`: 2 = YAML, 1 = classic designer. */
  processType: 1 | 2;
  yamlFilename?: string;
  repository: { id: string; type: 'TfsGit' | 'GitHub' | 'Bitbucket' | 'TfsVersionControl'; name: string; defaultBranch: string };
}

/** An Azure Repos Git repository. */
export interface SeedRepository {
  id: string;
  projectId: string;
  name: string;
  defaultBranch: string;
}

/** A branch policy (`PolicyConfiguration`); `settings.scope` says which repositories and branches it applies to. */
export interface SeedBranchPolicy {
  id: number;
  projectId: string;
  typeId: string;
  typeDisplayName: string;
  isEnabled: boolean;
  isBlocking: boolean;
  isDeleted?: boolean;
  settings: Record<string, unknown> & {
    scope: { repositoryId: string | null; refName?: string; matchKind?: 'Exact' | 'Prefix' | 'exact' | 'prefix' }[];
  };
}

export interface SeedPat {
  authorizationId: string;
  /** Owner identity id (a user). */
  userId: string;
  displayName: string;
  /** Space-separated; `app_token` = full access. */
  scope: string;
  /** Org ids; null = global. */
  targetAccounts: string[] | null;
  validFrom: string;
  validTo: string;
  isValid?: boolean;
  /** true = SSH key (listed with `isPublic=true`). */
  isPublic?: boolean;
}

export interface SeedVmssInstance {
  instanceId: string;
  computerName: string;
  /** Flexible sets only: the name of the standard VM; default `{set name}_{instanceId as 8 hex digits}`, as Azure names them. */
  vmName?: string;
  provisioningState: 'Creating' | 'Succeeded' | 'Deleting' | 'Failed' | 'Updating';
}

export interface SeedScaleSet {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  location: string;
  skuName: string;
  capacity: number;
  orchestrationMode: 'Uniform' | 'Flexible';
  computerNamePrefix: string;
  /** Pool whose agents run on this scale set (self-managed: agent name = computer name). */
  linkedPoolId?: number;
  /** True when Azure DevOps owns the scale set (elastic pool); capacity then follows the elastic pool. */
  managedByAzureDevOps?: boolean;
  /** Grows on every write; sent as `"N"` in `etag` and the ETag header. */
  etagVersion: number;
  instances: SeedVmssInstance[];
}

export interface SeedArmRoleAssignment {
  /** Service principal object id. */
  principalObjectId: string;
  /** ARM scope (subscription, resource group or resource id); compared as a case-insensitive prefix. */
  scope: string;
  role: 'Reader' | 'Contributor' | 'Virtual Machine Contributor' | 'Owner';
}

export interface SeedPaging {
  /** Graph users / groups / service principals page size (header continuation). Default 500. */
  graphPageSize?: number;
  /** Token admin default `pageSize` when the caller sends none. Default 100. */
  tokenAdminPageSize?: number;
  /** Token admin server-side cap: a page never holds more, whatever `pageSize` asks (services may return less). Default none. */
  tokenAdminMaxPageSize?: number;
  /** Projects default `$top`. Default 100. */
  projectsPageSize?: number;
  /** Largest projects page the service returns whatever `$top` asks (default: no cap). Lets tests force continuation tokens. */
  projectsMaxTop?: number;
  /** ARM `virtualMachines` page size (`nextLink`). Default 50. */
  armPageSize?: number;
}

/** A tenant PAT policy (`TenantPolicy.{name}` on vssps): `value` on/off, `properties` as the service sends them. */
export interface SeedTenantPolicy {
  /** Without the `TenantPolicy.` prefix, e.g. `RestrictFullScopePersonalAccessToken`. */
  name: string;
  value: boolean;
  /** e.g. `{ MaxPatLifespanInDays: 180, AllowedUsersAndGroupObjectIds: '[]' }` (the allow list is a JSON string). */
  properties: Record<string, unknown>;
}

/** An organization policy of the settings page's data provider. */
export interface SeedOrgPolicy {
  /** e.g. `Policy.LogAuditEvents`. */
  name: string;
  category: 'security' | 'privacy' | 'applicationConnection' | 'user';
  value: boolean;
  /** What applies (a parent policy can override `value`); defaults to `value`. */
  effectiveValue?: boolean;
  properties?: Record<string, unknown>;
  description: string;
}

/** One audit log entry (`DecoratedAuditLogEntry` fields; `data` keys as the event template names them). */
export interface SeedAuditEntry {
  id: string;
  actionId: string;
  /** ISO timestamp (UTC). */
  timestamp: string;
  area: string;
  category: 'modify' | 'remove' | 'create' | 'access' | 'execute' | 'unknown';
  actorDisplayName: string;
  actorUPN?: string;
  details: string;
  data: Record<string, unknown>;
}

export interface SeedAuditLog {
  entries: SeedAuditEntry[];
  /** Answer `{value: {...}}` as the spec's example does, instead of the documented body. */
  wrapResponse?: boolean;
  /** Largest page the service returns whatever `batchSize` asks (forces `hasMore` paging). Default none. */
  maxBatchSize?: number;
}

export interface OrgSeed {
  organization: { name: string; id: string };
  tenantId: string;
  projects: SeedProject[];
  identities: SeedIdentity[];
  servicePrincipals: SeedServicePrincipal[];
  serviceConnections: SeedServiceConnection[];
  pools: SeedPool[];
  queues: SeedQueue[];
  elasticPools: SeedElasticPool[];
  roleAssignments: SeedRoleAssignment[];
  /** Resources whose inheritance is off (`{scopeId, resourceId}`). */
  inheritanceDisabled: { scopeId: string; resourceId: string }[];
  pipelinePermissions: SeedPipelinePermission[];
  /** Approvals and checks on resources (optional: seeds without them have no checks). */
  checkConfigurations?: SeedCheckConfiguration[];
  buildDefinitions?: SeedBuildDefinition[];
  repositories?: SeedRepository[];
  branchPolicies?: SeedBranchPolicy[];
  pats: SeedPat[];
  scaleSets: SeedScaleSet[];
  armRoleAssignments: SeedArmRoleAssignment[];
  paging?: SeedPaging;
  /** Secret the App Service style managed identity endpoint expects in `X-IDENTITY-HEADER`. */
  managedIdentityHeader?: string;
  /** Tenant PAT policies; absent = the organization is not backed by Microsoft Entra ID (every read → 404). */
  tenantPolicies?: SeedTenantPolicy[];
  /** Organization policies of the settings page (absent = none listed). */
  organizationPolicies?: SeedOrgPolicy[];
  /** The audit log (absent = empty). */
  auditLog?: SeedAuditLog;
  /** Managed DevOps Pools (`Microsoft.DevOpsInfrastructure/pools`) of the subscriptions above. */
  managedPools?: SeedManagedPool[];
  /** vCPU quotas per subscription, region and SKU family (Managed DevOps Pools `usages`). */
  computeQuotas?: SeedComputeQuota[];
}
