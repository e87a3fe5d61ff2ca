/**
 * Everything the pool role audit looks at, read once by the REST layer and then judged by pure rules.
 * Plain data (records, not Maps) so a snapshot can be saved as JSON and replayed in tests.
 */
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
    unreadable: [],
  };
}
