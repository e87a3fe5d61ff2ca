import { adoError, collection, json, type RouteContext, type RouteResponse } from '../http';
import { routeMaker, type Route } from '../router';
import type { SeedElasticPool } from '../seed';
import { flags } from './shapes';

function shape(e: SeedElasticPool): Record<string, unknown> {
  return {
    poolId: e.poolId,
    serviceEndpointId: e.serviceEndpointId,
    serviceEndpointScope: e.serviceEndpointScope,
    azureId: e.azureId,
    maxCapacity: e.maxCapacity,
    desiredIdle: e.desiredIdle,
    recycleAfterEachUse: e.recycleAfterEachUse,
    maxSavedNodeCount: e.maxSavedNodeCount,
    osType: e.osType,
    orchestrationType: e.orchestrationType,
    state: e.state,
    offlineSince: e.offlineSince,
    desiredSize: e.nodes.length,
    sizingAttempts: e.sizingAttempts,
    agentInteractiveUI: e.agentInteractiveUI,
    timeToLiveMinutes: e.timeToLiveMinutes,
  };
}

function find(ctx: RouteContext): SeedElasticPool | undefined {
  return ctx.state.elasticPool(Number(ctx.params.poolId));
}

function notFound(id: string): RouteResponse {
  return adoError(404, 'ElasticPoolDoesNotExistException', `Elastic pool ${id} does not exist.`);
}

const SETTINGS = [
  'agentInteractiveUI',
  'azureId',
  'desiredIdle',
  'maxCapacity',
  'maxSavedNodeCount',
  'orchestrationType',
  'osType',
  'recycleAfterEachUse',
  'serviceEndpointId',
  'serviceEndpointScope',
  'timeToLiveMinutes',
] as const;

function update(ctx: RouteContext): RouteResponse {
  const e = find(ctx);
  if (!e) return notFound(ctx.params.poolId);
  const body = (ctx.body ?? {}) as Record<string, unknown>;
  const before = e.desiredIdle;
  const target = e as unknown as Record<string, unknown>;
  for (const key of SETTINGS) if (body[key] !== undefined) target[key] = body[key];
  if (e.desiredIdle < 0 || e.maxCapacity < 1 || e.desiredIdle > e.maxCapacity) {
    Object.assign(e, { desiredIdle: before });
    return adoError(400, 'ArgumentException', 'desiredIdle must be between 0 and maxCapacity.', 'System', 'mscorlib');
  }
  ctx.state.addElasticLog(e, 'info', 'configurationJob', 'Elastic pool settings updated.');
  if (e.desiredIdle > before) ctx.state.growElasticPool(e.poolId);
  return json(200, shape(e));
}

function nodes(ctx: RouteContext): RouteResponse {
  const e = find(ctx);
  if (!e) return notFound(ctx.params.poolId);
  const state = ctx.query.$state?.toLowerCase();
  const list = e.nodes.filter((n) => !state || n.state.toLowerCase() === state);
  return collection(list.map((n) => ({ ...n, agentState: flags(n.agentState), poolId: e.poolId })));
}

function updateNode(ctx: RouteContext): RouteResponse {
  const e = find(ctx);
  if (!e) return notFound(ctx.params.poolId);
  const node = e.nodes.find((n) => n.id === Number(ctx.params.nodeId));
  if (!node) return adoError(404, 'ElasticNodeNotFoundException', `Elastic node ${ctx.params.nodeId} not found.`);
  const body = (ctx.body ?? {}) as { state?: string };
  if (body.state) {
    node.desiredState = body.state;
    node.state = body.state;
    node.stateChangedOn = ctx.state.now().toISOString();
  }
  return json(200, { ...node, agentState: flags(node.agentState), poolId: e.poolId });
}

function logs(ctx: RouteContext): RouteResponse {
  const e = find(ctx);
  if (!e) return notFound(ctx.params.poolId);
  const top = ctx.query.$top ? Number(ctx.query.$top) : 200;
  const newestFirst = [...e.logs].sort((a, b) => b.id - a.id).slice(0, top);
  return collection(newestFirst.map((l) => ({ ...l, poolId: e.poolId })));
}

/** distributedtask elasticpools (settings, nodes, logs). */
export function elasticRoutes(): Route[] {
  const base = '/:org/_apis/distributedtask/elasticpools';
  const r = routeMaker('ado', 'distributedtask');
  return [
    r('GET', base, 'elasticpools', 'pools:read', (ctx) => collection(ctx.state.org.elasticPools.map(shape))),
    r('GET', `${base}/:poolId`, 'elasticpools', 'pools:read', (ctx) => {
      const e = find(ctx);
      return e ? json(200, shape(e)) : notFound(ctx.params.poolId);
    }),
    r('PATCH', `${base}/:poolId`, 'elasticpools', 'pools:manage', update),
    r('GET', `${base}/:poolId/nodes`, 'nodes', 'pools:read', nodes),
    r('PATCH', `${base}/:poolId/nodes/:nodeId`, 'nodes', 'pools:manage', updateNode),
    r('GET', `${base}/:poolId/logs`, 'logs', 'pools:read', logs),
  ];
}
