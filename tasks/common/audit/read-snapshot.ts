import { listAgents } from '../ado/agents';
import { AreaNotFoundError, type AdoApi } from '../ado/api';
import { getPipelineSource, type PipelineSource } from '../ado/build-definitions';
import { readQueueChecks } from '../ado/checks';
import { listElasticPools } from '../ado/elastic';
import { getRepository, listBranchPolicies, type BranchPolicy } from '../ado/git-policies';
import { getQueuePipelinePermissions } from '../ado/pipeline-permissions';
import { listPools } from '../ado/pools';
import { listProjects, listQueues } from '../ado/projects';
import { listRoleAssignments, listRoleDefinitions, roleScopes, type RoleScope } from '../ado/security-roles';
import { mapConcurrent } from '../http/gate';
import { isAccessDenied } from '../http/errors';
import type { IdentityResolver } from '../identity/resolver';
import type { Logger } from '../model/context';
import type { CheckApprover } from '../model/checks';
import type { Identity } from '../model/identity';
import type { Agent, Pool, Project, Queue } from '../model/pool';
import type { RoleAssignment, RoleDefinition, RoleScopeKind } from '../model/roles';
import { nameFilter } from '../patterns/names';
import { isGroup } from './classify';
import { createGroupExpander } from './expand-groups';
import { sensitivePoolMatcher } from './queue-access';
import { branchKey, pipelineKey, templateRepositoryKey, type AuditedQueue, type PoolAuditSnapshot, type UnreadableScope } from './snapshot';

export interface SnapshotReadOptions {
  poolNameFilter: string;
  maxConcurrency: number;
  /** Depth cap of recursive group expansion. */
  maxGroupDepth: number;
  /** Pools whose authorized pipelines get their repository branch checked (POOL018); default none. */
  sensitivePools?: string[];
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

  const [roleDefinitions, roleAssignments, permittedQueues, agentsByPool, elasticPools] = await Promise.all([
    readRoleDefinitions(ado, note),
    readRoleAssignments(ado, pools, projects, queues, options.maxConcurrency, note),
    readPipelinePermissions(ado, pools, queues, options.maxConcurrency, note),
    readAgents(ado, pools, options.maxConcurrency, note),
    readElasticPools(ado, pools, note),
  ]);
  const auditedQueues = await readChecks(ado, pools, permittedQueues, options.maxConcurrency, note);
  const isSensitive = sensitivePoolMatcher({ sensitivePools: options.sensitivePools ?? [] });
  const sensitiveQueues = auditedQueues.filter((queue) =>
    pools.some((pool) => pool.id === queue.poolId && !pool.isHosted && isSensitive(pool)),
  );
  const [pipelineReads, templateReads] = await Promise.all([
    readPipelineBranches(ado, sensitiveQueues, options.maxConcurrency, note),
    readTemplateBranches(ado, auditedQueues, options.maxConcurrency, note),
  ]);

  const approvers = auditedQueues.flatMap((queue) => (queue.checks ?? []).flatMap((check) => check.approval?.approvers ?? []));
  const identities = await resolveIdentities(deps, roleAssignments, options, unreadable, approvers);
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
    pipelines: pipelineReads.pipelines,
    branchPolicies: { ...pipelineReads.branchPolicies, ...templateReads },
    elasticPools,
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
    return { ...queue, openToAllPipelines: permissions?.openToAllPipelines, authorizedPipelineIds: permissions?.authorizedPipelineIds };
  });
}

/**
 * Checks of every self-hosted queue: one batch request per project for all its queues (the REST mapping falls back
 * to one request per queue only when the service refuses the batch). Unreadable checks stay undefined.
 */
async function readChecks(ado: AdoApi, pools: Pool[], queues: AuditedQueue[], concurrency: number, note: Note): Promise<AuditedQueue[]> {
  const selfHosted = new Set(pools.filter((pool) => !pool.isHosted).map((pool) => pool.id));
  const byProject = new Map<string, AuditedQueue[]>();
  for (const queue of queues) {
    if (!selfHosted.has(queue.poolId)) continue;
    byProject.set(queue.projectId, [...(byProject.get(queue.projectId) ?? []), queue]);
  }
  const checksByQueue = new Map<string, AuditedQueue['checks']>();
  await mapConcurrent([...byProject.entries()], concurrency, async ([projectId, projectQueues]) => {
    const projectName = projectQueues[0].projectName ?? projectId;
    const read = await readQueueChecks(ado, projectId, projectQueues).catch(note(`checks of the agent pools of project ${projectName}`));
    if (!read) return;
    for (const queue of projectQueues) {
      const failure = read.failed.get(queue.id);
      if (failure) note(`checks of queue ${queue.name} in project ${projectName}`)(failure);
      else checksByQueue.set(`${projectId}_${queue.id}`, read.byQueue.get(queue.id));
    }
  });
  return queues.map((queue) => ({ ...queue, checks: checksByQueue.get(`${queue.projectId}_${queue.id}`) }));
}

/** recycleAfterEachUse of the elastic pools audited (POOL019); one request, only when there is an elastic pool. */
async function readElasticPools(ado: AdoApi, pools: Pool[], note: Note): Promise<Record<string, { recycleAfterEachUse: boolean }>> {
  if (!pools.some((pool) => pool.kind === 'elastic')) return {};
  const elastic = await listElasticPools(ado).catch(note('elastic pool settings'));
  return Object.fromEntries((elastic ?? []).map((pool) => [String(pool.poolId), { recycleAfterEachUse: pool.recycleAfterEachUse }]));
}

/**
 * For pipelines authorized on queues of sensitive pools: each distinct definition once, then each distinct Azure Repos
 * (repository, default branch) once for the branch policies that apply to it. Other repository types are not read.
 */
async function readPipelineBranches(ado: AdoApi, queues: AuditedQueue[], concurrency: number, note: Note) {
  const wanted = new Map<string, { projectId: string; projectName: string; id: number }>();
  for (const queue of queues) {
    for (const id of queue.authorizedPipelineIds ?? []) {
      wanted.set(pipelineKey(queue.projectId, id), { projectId: queue.projectId, projectName: queue.projectName ?? queue.projectId, id });
    }
  }
  const pipelines: Record<string, PipelineSource> = {};
  await mapConcurrent([...wanted.entries()], concurrency, async ([key, { projectId, projectName, id }]) => {
    const source = await getPipelineSource(ado, projectId, id).catch(note(`pipeline definition ${id} in project ${projectName}`));
    if (source) pipelines[key] = source;
  });
  const branches = new Map<string, { projectId: string; repositoryId: string; repositoryName: string; ref: string }>();
  for (const [key, source] of Object.entries(pipelines)) {
    const { id, type, defaultBranch, name } = source.repository;
    if (type !== 'TfsGit' || !id || !defaultBranch) continue;
    branches.set(branchKey(id, defaultBranch), {
      projectId: key.split('/')[0],
      repositoryId: id,
      repositoryName: name,
      ref: defaultBranch,
    });
  }
  const branchPolicies: Record<string, BranchPolicy[]> = {};
  await mapConcurrent([...branches.entries()], concurrency, async ([key, branch]) => {
    const policies = await listBranchPolicies(ado, branch.projectId, branch.repositoryId, branch.ref).catch(
      note(`branch policies of ${branch.repositoryName}@${branch.ref}`),
    );
    if (policies) branchPolicies[key] = policies;
  });
  return { pipelines, branchPolicies };
}

/** For required template checks from Azure Repos: each distinct template repository once, each (repository, ref) once. */
async function readTemplateBranches(ado: AdoApi, queues: AuditedQueue[], concurrency: number, note: Note) {
  const branches = new Map<string, { repository: string; ref: string }>();
  for (const queue of queues) {
    for (const check of queue.checks ?? []) {
      for (const template of check.disabled ? [] : (check.requiredTemplates ?? [])) {
        if (template.repositoryType.toLowerCase() !== 'git' || !template.repositoryName || !template.repositoryRef) continue;
        const repository = templateRepositoryKey(queue.projectName ?? queue.projectId, template.repositoryName);
        branches.set(branchKey(repository, template.repositoryRef), { repository, ref: template.repositoryRef });
      }
    }
  }
  const repositories = new Map<string, Promise<{ id: string; project: string } | undefined>>();
  const repositoryOf = (key: string) => {
    let found = repositories.get(key);
    if (!found) {
      const [project, ...rest] = key.split('/');
      found = getRepository(ado, project, rest.join('/'))
        .then((repo) => ({ id: repo.id, project }))
        .catch(note(`template repository ${key}`));
      repositories.set(key, found);
    }
    return found;
  };
  const branchPolicies: Record<string, BranchPolicy[]> = {};
  await mapConcurrent([...branches.entries()], concurrency, async ([key, branch]) => {
    const repo = await repositoryOf(branch.repository);
    if (!repo) return;
    const policies = await listBranchPolicies(ado, repo.project, repo.id, branch.ref).catch(
      note(`branch policies of template repository ${branch.repository}@${branch.ref}`),
    );
    if (policies) branchPolicies[key] = policies;
  });
  return branchPolicies;
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
  approvers: CheckApprover[],
) {
  const distinct = new Map<string, Identity>();
  for (const assignment of assignments) distinct.set(assignment.identity.id, assignment.identity);
  // Check approvers are resolved and (groups) expanded like role holders, for POOL016.
  for (const approver of approvers) {
    if (!approver.id || distinct.has(approver.id)) continue;
    distinct.set(approver.id, {
      id: approver.id,
      displayName: approver.displayName,
      descriptor: approver.descriptor,
      principalName: approver.uniqueName,
      kind: approver.isContainer ? 'azureDevOpsGroup' : 'unknown',
    });
  }
  // All at once on purpose: subject lookups made in the same tick share one batched request (up to 100 subjects),
  // and the HTTP gate bounds what is in flight. A worker pool here would cap each batch at `maxConcurrency`.
  const resolved = await Promise.all(
    [...distinct.values()].map(async (partial) => {
      try {
        return await deps.identities.withActivity(await deps.identities.byStorageKey(partial));
      } catch (error) {
        // An unknown resource area (graph) is one fact about the organization: reported once, not per identity.
        if (!(error instanceof AreaNotFoundError))
          unreadable.push({ scope: `identity ${partial.displayName}`, reason: (error as Error).message });
        else if (!unreadable.some((entry) => entry.reason === error.message))
          unreadable.push({ scope: 'every identity', reason: error.message });
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
