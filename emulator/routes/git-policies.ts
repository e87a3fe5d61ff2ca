import { adoError, collection, json, type RouteContext, type RouteResponse } from '../http';
import type { Route } from '../router';
import type { SeedBranchPolicy } from '../seed';
import { identityRef, projectNotFound, projectReference } from './shapes';

/** git/repositories/{repo} and git/policy/configurations (git 7.1, GA). */

const GIT_NAMESPACE = 'Microsoft.TeamFoundation.SourceControl.WebApi';

function getRepository(ctx: RouteContext): RouteResponse {
  const project = ctx.state.project(ctx.params.project);
  if (!project) return projectNotFound(ctx.params.project);
  const key = ctx.params.repositoryId.toLowerCase();
  const repo = (ctx.state.org.repositories ?? []).find(
    (r) => r.id.toLowerCase() === key || (r.projectId === project.id && r.name.toLowerCase() === key),
  );
  if (!repo) {
    return adoError(
      404,
      'GitRepositoryNotFoundException',
      `TF401019: The Git repository with name or identifier ${ctx.params.repositoryId} does not exist or you do not have permissions for the operation you are attempting.`,
      GIT_NAMESPACE,
    );
  }
  const owner = ctx.state.project(repo.projectId)!;
  const url = `${ctx.baseUrl}/${ctx.params.org}/${owner.id}/_apis/git/repositories/${repo.id}`;
  return json(200, {
    id: repo.id,
    name: repo.name,
    url,
    project: projectReference(owner),
    defaultBranch: repo.defaultBranch,
    size: 1024,
    remoteUrl: `${ctx.baseUrl}/${ctx.params.org}/${encodeURIComponent(owner.name)}/_git/${encodeURIComponent(repo.name)}`,
    isDisabled: false,
    isInMaintenance: false,
  });
}

/** True when a policy scope entry covers (repository, ref), as the service resolves "policies that apply". */
function applies(policy: SeedBranchPolicy, repositoryId: string | undefined, refName: string | undefined): boolean {
  return policy.settings.scope.some((scope) => {
    if (repositoryId && scope.repositoryId && scope.repositoryId.toLowerCase() !== repositoryId.toLowerCase()) return false;
    if (!repositoryId && scope.repositoryId) return false;
    if (!refName || !scope.refName) return true;
    return (scope.matchKind ?? 'Exact').toLowerCase() === 'prefix' ? refName.startsWith(scope.refName) : refName === scope.refName;
  });
}

function listPolicies(ctx: RouteContext): RouteResponse {
  const project = ctx.state.project(ctx.params.project);
  if (!project) return projectNotFound(ctx.params.project);
  const repositoryId = ctx.query.repositoryid;
  const refName = ctx.query.refname;
  if (repositoryId && !/^[0-9a-f-]{36}$/i.test(repositoryId)) {
    return adoError(
      400,
      'InvalidArgumentValueException',
      `The value '${repositoryId}' of parameter repositoryId is not a valid Guid.`,
      'Microsoft.TeamFoundation.Core.WebApi',
    );
  }
  const matching = (ctx.state.org.branchPolicies ?? [])
    .filter((policy) => policy.projectId === project.id && !policy.isDeleted && applies(policy, repositoryId, refName))
    .sort((a, b) => a.id - b.id);
  // Pages of `$top` (default 100); the continuation token is the last policy id sent, as the service documents.
  const top = Math.max(1, Math.min(Number(ctx.query.$top) || 100, 100));
  const after = Number(ctx.query.continuationtoken ?? 0) || 0;
  const rest = matching.filter((policy) => policy.id > after);
  const policies = rest.slice(0, top);
  const headers: Record<string, string> = rest.length > top ? { 'x-ms-continuationtoken': String(policies[policies.length - 1].id) } : {};
  return collection(
    policies.map((policy) => {
      const url = `${ctx.baseUrl}/${ctx.params.org}/${project.id}/_apis/policy/configurations/${policy.id}`;
      return {
        createdBy: identityRef(ctx.state, ctx.state.org.identities[0]?.id ?? ''),
        createdDate: ctx.state.now().toISOString(),
        isEnabled: policy.isEnabled,
        isBlocking: policy.isBlocking,
        isDeleted: false,
        settings: policy.settings,
        isEnterpriseManaged: false,
        _links: { self: { href: url } },
        revision: 1,
        id: policy.id,
        url,
        type: {
          id: policy.typeId,
          url: `${ctx.baseUrl}/${ctx.params.org}/${project.id}/_apis/policy/types/${policy.typeId}`,
          displayName: policy.typeDisplayName,
        },
      };
    }),
    headers,
  );
}

export function gitPolicyRoutes(): Route[] {
  const route = (template: string, resource: string, handler: Route['handler']): Route => ({
    method: 'GET',
    service: 'ado',
    template,
    area: 'git',
    resource,
    grant: 'code:read',
    handler: handler,
  });
  return [
    route('/:org/:project/_apis/git/repositories/:repositoryId', 'repositories', getRepository),
    route('/:org/:project/_apis/git/policy/configurations', 'policyConfigurations', listPolicies),
  ];
}
