import { listAgents } from '../ado/agents';
import type { AdoApi } from '../ado/api';
import { getQueuePipelinePermissions } from '../ado/pipeline-permissions';
import { listPools } from '../ado/pools';
import { listProjects, listQueues } from '../ado/projects';
import { listRoleAssignments, listRoleDefinitions, roleScopes, type RoleScope } from '../ado/security-roles';
import { mapConcurrent } from '../http/gate';
import { isAccessDenied } from '../http/errors';
import type { IdentityResolver } from '../identity/resolver';
import type { Logger } from '../model/context';
import type { Identity } from '../model/identity';
import type { Agent, Pool, Project, Queue } from '../model/pool';
import type { RoleAssignment, RoleDefinition, RoleScopeKind } from '../model/roles';
import { nameFilter } from '../patterns/names';
import { isGroup } from './classify';
import { createGroupExpander } from './expand-groups';
import type { AuditedQueue, PoolAuditSnapshot, UnreadableScope } from './snapshot';

export interface SnapshotReadOptions {
  poolNameFilter: string;
  maxConcurrency: number;
  /** Depth cap of recursive group expansion. */
  maxGroupDepth: number;
}

export interface SnapshotReadDeps {
  ado: AdoApi;
  identities: IdentityResolver;
  logger: Logger;
  organization: string;
}

const SCOPE_KINDS: RoleScopeKind[] = ['orgAllPools', 'orgPool', 'projectAllPools', 'projectQueue'];

/**
 * Reads everything the pool role audit judges. Reads only: no write request is ever sent from here.
 * A scope that cannot be read (403, retries exhausted) is listed in `unreadable` and the audit goes on.
 */
export async function readPoolAuditSnapshot(deps: SnapshotReadDeps, options: SnapshotReadOptions): Promise<PoolAuditSnapshot> {
  const { ado, logger } = deps;
  const unreadable: UnreadableScope[] = [];
  const note = (scope: string) => (error: unknown) => {
    unreadable.push({ scope, reason: isAccessDenied(error) ? `access denied (HTTP ${error.status})` : (error as Error).message });
    return undefined;
  };

  const [allPools, projects] = await Promise.all([listPools(ado), listProjects(ado)]);
  const matches = nameFilter(options.poolNameFilter || '*');
  const pools = allPools.filter((pool) => matches(pool.name));
  const poolIds = new Set(pools.map((pool) => pool.id));
  const queues = (
    await mapConcurrent(projects, options.maxConcurrency, (project) =>
      listQueues(ado, project).catch(note(`queues of project ${project.name}`)),
    )
  )
    .flatMap((list) => list ?? [])
    .filter((queue) => poolIds.has(queue.poolId));
  logger.info(`Auditing ${pools.length} pools, ${projects.length} projects, ${queues.length} queues`);

  const [roleDefinitions, roleAssignments, auditedQueues, agentsByPool] = await Promise.all([
    readRoleDefinitions(ado, note),
    readRoleAssignments(ado, pools, projects, queues, options.maxConcurrency, note),
    readPipelinePermissions(ado, pools, queues, options.maxConcurrency, note),
    readAgents(ado, pools, options.maxConcurrency, note),
  ]);

  const identities = await resolveIdentities(deps, roleAssignments, options, unreadable);
  return {
    organization: deps.organization,
    projects,
    pools,
    queues: auditedQueues,
    roleAssignments: roleAssignments.map((assignment) => ({
      ...assignment,
      identity: identities.byId[assignment.identity.id] ?? assignment.identity,
    })),
    roleDefinitions,
    identities: identities.byId,
    groupExpansions: identities.expansions,
    agentsByPool,
    unreadable,
  };
}

type Note = (scope: string) => (error: unknown) => undefined;

async function readRoleDefinitions(ado: AdoApi, note: Note): Promise<RoleDefinition[]> {
  const lists = await Promise.all(SCOPE_KINDS.map((kind) => listRoleDefinitions(ado, kind).catch(note(`role definitions of ${kind}`))));
  return lists.flatMap((list) => list ?? []);
}

async function readRoleAssignments(
  ado: AdoApi,
  pools: Pool[],
  projects: Project[],
  queues: Queue[],
  concurrency: number,
  note: Note,
): Promise<RoleAssignment[]> {
  const scopes: RoleScope[] = [
    roleScopes.orgAllPools(),
    ...pools.map((pool) => roleScopes.orgPool(pool.id)),
    ...projects.map((project) => roleScopes.projectAllPools(project.id)),
    ...queues.map((queue) => roleScopes.projectQueue(queue.projectId, queue.id, queue.poolId)),
  ];
  const lists = await mapConcurrent(scopes, concurrency, (scope) =>
    listRoleAssignments(ado, scope).catch(note(`role assignments of ${scope.kind} ${scope.resourceId}`)),
  );
  return lists.flatMap((list) => list ?? []);
}

/** Pipeline permissions matter for self-hosted pools only (hosted agents run nothing of yours in between). */
async function readPipelinePermissions(
  ado: AdoApi,
  pools: Pool[],
  queues: Queue[],
  concurrency: number,
  note: Note,
): Promise<AuditedQueue[]> {
  const selfHosted = new Set(pools.filter((pool) => !pool.isHosted).map((pool) => pool.id));
  return mapConcurrent(queues, concurrency, async (queue) => {
    if (!selfHosted.has(queue.poolId)) return { ...queue, openToAllPipelines: undefined };
    const permissions = await getQueuePipelinePermissions(ado, queue.projectId, queue.id).catch(
      note(`pipeline permissions of queue ${queue.name} in project ${queue.projectName ?? queue.projectId}`),
    );
    return { ...queue, openToAllPipelines: permissions?.openToAllPipelines };
  });
}

async function readAgents(ado: AdoApi, pools: Pool[], concurrency: number, note: Note): Promise<Record<string, Agent[]>> {
  const selfHosted = pools.filter((pool) => !pool.isHosted);
  const lists = await mapConcurrent(selfHosted, concurrency, (pool) =>
    listAgents(ado, pool.id, { capabilities: true }).catch(note(`agents of pool ${pool.name}`)),
  );
  const byPool: Record<string, Agent[]> = {};
  selfHosted.forEach((pool, index) => {
    const agents = lists[index];
    if (agents) byPool[String(pool.id)] = agents;
  });
  return byPool;
}

/** Resolves each distinct assignee once, adds activity to people, and expands groups recursively. */
async function resolveIdentities(
  deps: SnapshotReadDeps,
  assignments: RoleAssignment[],
  options: SnapshotReadOptions,
  unreadable: UnreadableScope[],
) {
  const distinct = new Map<string, Identity>();
  for (const assignment of assignments) distinct.set(assignment.identity.id, assignment.identity);
  // All at once on purpose: subject lookups made in the same tick share one batched request (up to 100 subjects),
  // and the HTTP gate bounds what is in flight. A worker pool here would cap each batch at `maxConcurrency`.
  const resolved = await Promise.all(
    [...distinct.values()].map(async (partial) => {
      try {
        return await deps.identities.withActivity(await deps.identities.byStorageKey(partial));
      } catch (error) {
        unreadable.push({ scope: `identity ${partial.displayName}`, reason: (error as Error).message });
        return { ...partial, unresolved: true };
      }
    }),
  );
  const byId: Record<string, Identity> = {};
  for (const identity of resolved) byId[identity.id] = identity;

  const expander = createGroupExpander({
    getMembers: async (descriptor) =>
      deps.identities.members({ id: descriptor, descriptor, kind: 'azureDevOpsGroup', displayName: descriptor }),
    maxDepth: options.maxGroupDepth,
  });
  const groups = resolved.filter((identity) => isGroup(identity) && identity.descriptor);
  const expansions: PoolAuditSnapshot['groupExpansions'] = {};
  await mapConcurrent(groups, options.maxConcurrency, async (group) => {
    try {
      expansions[group.id] = await expander.expand(group);
    } catch (error) {
      unreadable.push({ scope: `members of group ${group.displayName}`, reason: (error as Error).message });
    }
  });
  for (const [id, identity] of Object.entries(expander.knownIdentities())) byId[id] ??= identity;
  return { byId, expansions };
}
