import { adoError, collection, json, type RouteContext, type RouteResponse } from '../http';
import type { Route } from '../router';
import type { SeedQueue } from '../seed';
import { listParam, poolReference, projectNotFound } from './shapes';

function queueShape(ctx: RouteContext, queue: SeedQueue): Record<string, unknown> {
  const pool = ctx.state.pool(queue.poolId);
  return { id: queue.id, projectId: queue.projectId, name: queue.name, pool: pool ? poolReference(pool) : { id: queue.poolId } };
}

function listQueues(ctx: RouteContext): RouteResponse {
  const project = ctx.state.project(ctx.params.project);
  if (!project) return projectNotFound(ctx.params.project);
  const name = ctx.query.queuename?.toLowerCase();
  const names = listParam(ctx.query.queuenames).map((n) => n.toLowerCase());
  const ids = listParam(ctx.query.queueids).map(Number);
  const poolIds = listParam(ctx.query.poolids).map(Number);
  const queues = ctx.state.org.queues
    .filter((q) => q.projectId === project.id)
    .filter((q) => !name || q.name.toLowerCase() === name)
    .filter((q) => names.length === 0 || names.includes(q.name.toLowerCase()))
    .filter((q) => ids.length === 0 || ids.includes(q.id))
    .filter((q) => poolIds.length === 0 || poolIds.includes(q.poolId));
  return collection(queues.map((q) => queueShape(ctx, q)));
}

function getQueue(ctx: RouteContext): RouteResponse {
  const project = ctx.state.project(ctx.params.project);
  if (!project) return projectNotFound(ctx.params.project);
  const queue = ctx.state.queue(project.id, Number(ctx.params.queueId));
  if (!queue) return adoError(404, 'TaskAgentQueueNotFoundException', `Agent queue ${ctx.params.queueId} could not be found.`);
  return json(200, queueShape(ctx, queue));
}

/** Project agent queues. */
export function queueRoutes(): Route[] {
  const base = '/:org/:project/_apis/distributedtask/queues';
  return [
    {
      method: 'GET',
      service: 'ado',
      template: base,
      area: 'distributedtask',
      resource: 'queues',
      grant: 'pools:read',
      handler: listQueues,
    },
    {
      method: 'GET',
      service: 'ado',
      template: `${base}/:queueId`,
      area: 'distributedtask',
      resource: 'queues',
      grant: 'pools:read',
      handler: getQueue,
    },
  ];
}
