import { json, type RouteContext, type RouteResponse } from '../http';
import type { Route } from '../router';
import type { SeedProject } from '../seed';
import { projectNotFound } from './shapes';

function shape(ctx: RouteContext, p: SeedProject): Record<string, unknown> {
  return {
    id: p.id,
    name: p.name,
    ...(p.description ? { description: p.description } : {}),
    url: `${ctx.baseUrl}/${ctx.state.org.organization.name}/_apis/projects/${p.id}`,
    state: 'wellFormed',
    revision: 412,
    visibility: 'private',
    lastUpdateTime: p.lastUpdateTime ?? '2025-01-01T00:00:00.000Z',
  };
}

/** `$top` + `continuationToken` paging; the next token comes back in `x-ms-continuationtoken`. */
function listProjects(defaultTop: () => number, maxTop: () => number | undefined) {
  return (ctx: RouteContext): RouteResponse => {
    const asked = ctx.query.$top ? Number(ctx.query.$top) : defaultTop();
    const top = Math.min(asked, maxTop() ?? asked);
    const skip = Number(ctx.query.continuationtoken ?? ctx.query.$skip ?? 0) || 0;
    const all = [...ctx.state.org.projects].sort((a, b) => a.name.localeCompare(b.name));
    const page = all.slice(skip, skip + top);
    const headers: Record<string, string> = skip + top < all.length ? { 'x-ms-continuationtoken': String(skip + top) } : {};
    return json(200, { count: page.length, value: page.map((p) => shape(ctx, p)) }, headers);
  };
}

function getProject(ctx: RouteContext): RouteResponse {
  const p = ctx.state.project(ctx.params.projectId);
  if (!p) return projectNotFound(ctx.params.projectId);
  return json(200, shape(ctx, p));
}

/** core projects. */
export function projectRoutes(defaultTop: () => number, maxTop: () => number | undefined = () => undefined): Route[] {
  return [
    {
      method: 'GET',
      service: 'ado',
      template: '/:org/_apis/projects',
      area: 'core',
      resource: 'projects',
      handler: listProjects(defaultTop, maxTop),
    },
    { method: 'GET', service: 'ado', template: '/:org/_apis/projects/:projectId', area: 'core', resource: 'projects', handler: getProject },
  ];
}
