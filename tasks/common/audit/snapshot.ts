/**
 * Everything the pool role audit looks at, read once by the REST layer and then judged by pure rules.
 * Plain data (records, not Maps) so a snapshot can be saved as JSON and replayed in tests.
 */
import type { BranchPolicy } from '../ado/git-policies';
import type { PipelineSource } from '../ado/build-definitions';
import type { QueueCheck } from '../model/checks';
import type { GroupExpansion, Identity } from '../model/identity';
import type { Agent, Pool, Project, Queue } from '../model/pool';
import type { RoleAssignment, RoleDefinition } from '../model/roles';

/** A project queue plus who may use it in pipelines. */
export interface AuditedQueue extends Queue {
  /**
   * True when "grant access to all pipelines" is on; false when off (REST omits `allPipelines`);
   * undefined when the pipeline permissions could not be read.
   */
  openToAllPipelines: boolean | undefined;
  /** Pipelines authorized one by one; undefined when not read (hosted queue, or permissions unreadable). */
  authorizedPipelineIds?: number[];
  /** Checks on the queue (disabled ones included, flagged); undefined when not read or unreadable. */
  checks?: QueueCheck[];
}

/** The key of one branch in `branchPolicies`: pipelines by repository id, templates by project and name. */
export function branchKey(repository: string, refName: string): string {
  return `${repository.toLowerCase()}@${refName}`;
}

/** The key of a required template's repository: `project/repo` as the check names it, resolved against the check's project. */
export function templateRepositoryKey(checkProject: string, repositoryName: string): string {
  return repositoryName.includes('/') ? repositoryName : `${checkProject}/${repositoryName}`;
}

/** The key of a pipeline in `pipelines`. */
export function pipelineKey(projectId: string, definitionId: number): string {
  return `${projectId}/${definitionId}`;
}

/** A scope or resource the reader could not read, so the audit can say what it did not see. */
export interface UnreadableScope {
  /** e.g. 'distributedtask.agentqueuerole/{projectId}_{queueId}', 'pool 12 agents', 'graph group vssgp.…'. */
  scope: string;
  reason: string;
}

export interface PoolAuditSnapshot {
  /** Organization name (as in the URL). */
  organization: string;
  projects: Project[];
  pools: Pool[];
  queues: AuditedQueue[];
  /**
   * Role assignments as listed per scope resource. REST lists inherited rows on child scopes
   * (`access: 'inherited'`), so one grant on "All agent pools" appears once as assigned and once per pool
   * as inherited; rules de-duplicate (see `assignments.ts`).
   */
  roleAssignments: RoleAssignment[];
  roleDefinitions: RoleDefinition[];
  /** Every identity seen (assignees and expanded group members), keyed by `Identity.id` (VSID). */
  identities: Record<string, Identity>;
  /** Effective members of groups that hold roles, keyed by the group's `Identity.id`. */
  groupExpansions: Record<string, GroupExpansion>;
  /** Agents keyed by pool id (as a string, JSON keys). Missing key = agents not read. */
  agentsByPool: Record<string, Agent[]>;
  /**
   * Pipelines authorized on queues of sensitive pools (POOL018), keyed by `pipelineKey`. Missing key = not read
   * (not sensitive, or unreadable: then `unreadable` says so).
   */
  pipelines?: Record<string, PipelineSource>;
  /**
   * Branch policies that apply to a branch, keyed by `branchKey(repositoryId, ref)` for pipelines and
   * `branchKey(templateRepositoryKey(...), ref)` for required templates. Missing key = not read.
   */
  branchPolicies?: Record<string, BranchPolicy[]>;
  /** Elastic (scale set) pool settings keyed by pool id; missing = not read (POOL019 then does not judge the pool). */
  elasticPools?: Record<string, { recycleAfterEachUse: boolean }>;
  unreadable: UnreadableScope[];
  /**
   * Managed DevOps Pools among the pools, keyed by pool id (as a string): how the service set up their security.
   * Absent when no Azure Resource Manager connection was given (then not read).
   */
  managedPools?: Record<string, ManagedPoolPosture>;
}

/** The security-relevant settings of a Managed DevOps Pool (applied by the service when it created the pool). */
export interface ManagedPoolPosture {
  resourceId: string;
  /** `CreatorOnly` (inheritance off), `Inherit` (inheritance on) or `SpecificAccounts`. */
  permissionProfile: string;
  /** True when any organization entry of the pool opens it to all pipelines. */
  openAccess: boolean;
  /**
   * `agentProfile.kind`: `Stateless` (a fresh machine for every job) or `Stateful` (agents reused up to
   * `maxAgentLifetime`); undefined when the resource does not say.
   */
  agentProfile?: string;
}

/** An empty snapshot to build on (tests, partial reads). */
export function emptyPoolAuditSnapshot(organization: string): PoolAuditSnapshot {
  return {
    organization,
    projects: [],
    pools: [],
    queues: [],
    roleAssignments: [],
    roleDefinitions: [],
    identities: {},
    groupExpansions: {},
    agentsByPool: {},
    pipelines: {},
    branchPolicies: {},
    elasticPools: {},
    unreadable: [],
  };
}
