import { adoError, json, type RouteContext, type RouteResponse } from '../http';
import { withApiVersion, type Route } from '../router';
import type { SeedPipelinePermission } from '../seed';
import { identityRef, projectNotFound } from './shapes';

function shape(ctx: RouteContext, perm: SeedPipelinePermission): Record<string, unknown> {
  const queue = ctx.state.queue(perm.projectId, perm.queueId);
  return {
    resource: { type: 'queue', id: String(perm.queueId), ...(queue ? { name: queue.name } : {}) },
    // Omitted unless "open to all pipelines" is on, like the real service.
    ...(perm.allPipelines?.authorized
      ? {
          allPipelines: {
            authorized: true,
            authorizedBy: identityRef(ctx.state, perm.allPipelines.authorizedById),
            authorizedOn: perm.allPipelines.authorizedOn,
          },
        }
      : {}),
    pipelines: perm.pipelines.map((p) => ({
      id: p.id,
      authorized: p.authorized,
      authorizedBy: identityRef(ctx.state, p.authorizedById),
      authorizedOn: p.authorizedOn,
    })),
  };
}

function find(ctx: RouteContext): { perm?: SeedPipelinePermission; error?: RouteResponse } {
  const project = ctx.state.project(ctx.params.project);
  if (!project) return { error: projectNotFound(ctx.params.project) };
  const queueId = Number(ctx.params.resourceId);
  if (ctx.params.resourceType.toLowerCase() !== 'queue' || !ctx.state.queue(project.id, queueId)) {
    return {
      error: adoError(
        404,
        'ResourceNotFoundException',
        `Resource ${ctx.params.resourceType}/${ctx.params.resourceId} not found.`,
        'Microsoft.Azure.Pipelines.Authorization.WebApi',
      ),
    };
  }
  let perm = ctx.state.org.pipelinePermissions.find((p) => p.projectId === project.id && p.queueId === queueId);
  if (!perm) {
    perm = { projectId: project.id, queueId, pipelines: [] };
    ctx.state.org.pipelinePermissions.push(perm);
  }
  return { perm };
}

function getPermissions(ctx: RouteContext): RouteResponse {
  const { perm, error } = find(ctx);
  return error ?? json(200, shape(ctx, perm!));
}

function updatePermissions(ctx: RouteContext): RouteResponse {
  const { perm, error } = find(ctx);
  if (error) return error;
  const body = (ctx.body ?? {}) as { allPipelines?: { authorized?: boolean }; pipelines?: { id: number; authorized: boolean }[] };
  const now = ctx.state.now().toISOString();
  const by = ctx.caller?.identityId ?? '';
  if (body.allPipelines) {
    perm!.allPipelines = body.allPipelines.authorized ? { authorized: true, authorizedById: by, authorizedOn: now } : undefined;
  }
  for (const p of body.pipelines ?? []) {
    perm!.pipelines = perm!.pipelines.filter((x) => x.id !== p.id);
    perm!.pipelines.push({ id: p.id, authorized: p.authorized, authorizedById: by, authorizedOn: now });
  }
  return json(200, shape(ctx, perm!));
}

/** pipelines/pipelinePermissions/{resourceType}/{resourceId} (queues only). */
export function pipelinePermissionRoutes(): Route[] {
  const template = '/:org/:project/_apis/pipelines/pipelinePermissions/:resourceType/:resourceId';
  // approvalsAndChecks/7.1/pipelinePermissions.json: x-ms-preview.
  return withApiVersion(
    'preview',
    {
      method: 'GET',
      service: 'ado',
      template,
      area: 'pipelinePermissions',
      resource: 'pipelinePermissions',
      grant: 'pipelinepermissions:read',
      handler: getPermissions,
    },
    {
      method: 'PATCH',
      service: 'ado',
      template,
      area: 'pipelinePermissions',
      resource: 'pipelinePermissions',
      grant: 'pipelinepermissions:manage',
      handler: updatePermissions,
    },
  );
}
