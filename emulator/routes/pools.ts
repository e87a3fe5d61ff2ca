import { adoError, collection, json, noContent, type RouteContext, type RouteResponse } from '../http';
import type { Route } from '../router';
import type { SeedAgent, SeedPool } from '../seed';
import { agentShape, boolParam, jobRequestShape, listParam, poolShape } from './shapes';

const AREA = 'distributedtask';

function poolNotFound(id: string): RouteResponse {
  return adoError(404, 'TaskAgentPoolNotFoundException', `Agent pool ${id} could not be found.`);
}

function agentNotFound(id: string): RouteResponse {
  return adoError(404, 'TaskAgentNotFoundException', `Agent ${id} could not be found.`);
}

function findPool(ctx: RouteContext): SeedPool | undefined {
  return ctx.state.pool(Number(ctx.params.poolId));
}

/** `actionFilter=manage` lists only pools the caller may manage; `use` those it may use (read grant here). */
function passesActionFilter(ctx: RouteContext): boolean {
  const filter = (ctx.query.actionfilter ?? 'none').toLowerCase();
  const id = ctx.caller?.identityId ?? '';
  if (filter === 'manage') return ctx.state.hasGrant(id, 'pools:manage');
  return true;
}

function listPools(ctx: RouteContext): RouteResponse {
  const name = ctx.query.poolname?.toLowerCase();
  const type = ctx.query.pooltype?.toLowerCase();
  const ids = listParam(ctx.query.poolids).map(Number);
  const pools = ctx.state.org.pools
    .filter((p) => !name || p.name.toLowerCase() === name)
    .filter((p) => !type || p.poolType === type)
    .filter((p) => ids.length === 0 || ids.includes(p.id))
    .filter(() => passesActionFilter(ctx));
  return collection(pools.map((p) => poolShape(ctx.state, p)));
}

function getPool(ctx: RouteContext): RouteResponse {
  const pool = findPool(ctx);
  if (!pool || !passesActionFilter(ctx)) return poolNotFound(ctx.params.poolId);
  return json(200, poolShape(ctx.state, pool));
}

const POOL_WRITABLE = ['name', 'autoProvision', 'autoUpdate', 'autoSize', 'targetSize'] as const;

function updatePool(ctx: RouteContext): RouteResponse {
  const pool = findPool(ctx);
  if (!pool) return poolNotFound(ctx.params.poolId);
  const body = (ctx.body ?? {}) as Record<string, unknown>;
  const target = pool as unknown as Record<string, unknown>;
  for (const key of POOL_WRITABLE) if (body[key] !== undefined) target[key] = body[key];
  return json(200, poolShape(ctx.state, pool));
}

function deletePool(ctx: RouteContext): RouteResponse {
  const pool = findPool(ctx);
  if (!pool) return poolNotFound(ctx.params.poolId);
  ctx.state.org.pools = ctx.state.org.pools.filter((p) => p !== pool);
  ctx.state.org.queues = ctx.state.org.queues.filter((q) => q.poolId !== pool.id);
  return noContent();
}

function shapeOptions(ctx: RouteContext) {
  return {
    includeCapabilities: boolParam(ctx.query.includecapabilities),
    includeAssignedRequest: boolParam(ctx.query.includeassignedrequest),
    includeLastCompletedRequest: boolParam(ctx.query.includelastcompletedrequest),
  };
}

function listAgents(ctx: RouteContext): RouteResponse {
  const pool = findPool(ctx);
  if (!pool) return poolNotFound(ctx.params.poolId);
  const name = ctx.query.agentname?.toLowerCase();
  const demands = listParam(ctx.query.demands);
  const agents = pool.agents.filter((a) => !name || a.name.toLowerCase() === name).filter((a) => demands.every((d) => hasCapability(a, d)));
  return collection(agents.map((a) => agentShape(ctx.state, pool.id, a, ctx.baseUrl, shapeOptions(ctx))));
}

/** Supports `name` and `name -equals value` demands. */
function hasCapability(agent: SeedAgent, demand: string): boolean {
  const [key, , value] = demand.split(/\s+/);
  const caps = { ...agent.systemCapabilities, ...agent.userCapabilities };
  const found = Object.entries(caps).find(([k]) => k.toLowerCase() === key.toLowerCase());
  return found !== undefined && (value === undefined || found[1] === value);
}

function getAgent(ctx: RouteContext): RouteResponse {
  const pool = findPool(ctx);
  if (!pool) return poolNotFound(ctx.params.poolId);
  const agent = ctx.state.agent(pool.id, Number(ctx.params.agentId));
  if (!agent) return agentNotFound(ctx.params.agentId);
  return json(200, agentShape(ctx.state, pool.id, agent, ctx.baseUrl, shapeOptions(ctx)));
}

function updateAgent(ctx: RouteContext): RouteResponse {
  const pool = findPool(ctx);
  if (!pool) return poolNotFound(ctx.params.poolId);
  const agent = ctx.state.agent(pool.id, Number(ctx.params.agentId));
  if (!agent) return agentNotFound(ctx.params.agentId);
  const body = (ctx.body ?? {}) as Record<string, unknown>;
  if (body.id !== undefined && Number(body.id) !== agent.id) {
    return adoError(
      400,
      'ArgumentException',
      `The agent id in the body (${String(body.id)}) does not match the agent id in the URL (${agent.id}).`,
      'System',
      'mscorlib',
    );
  }
  if (typeof body.enabled === 'boolean') agent.enabled = body.enabled;
  if (typeof body.maxParallelism === 'number') agent.maxParallelism = body.maxParallelism;
  if (body.userCapabilities && typeof body.userCapabilities === 'object')
    agent.userCapabilities = body.userCapabilities as Record<string, string>;
  ctx.state.afterAgentChanged(pool.id, agent.id);
  return json(
    200,
    agentShape(ctx.state, pool.id, agent, ctx.baseUrl, {
      includeCapabilities: false,
      includeAssignedRequest: false,
      includeLastCompletedRequest: false,
    }),
  );
}

function deleteAgent(ctx: RouteContext): RouteResponse {
  const pool = findPool(ctx);
  if (!pool) return poolNotFound(ctx.params.poolId);
  const agent = ctx.state.agent(pool.id, Number(ctx.params.agentId));
  if (!agent) return agentNotFound(ctx.params.agentId);
  ctx.state.removeAgent(pool.id, agent.id);
  return noContent();
}

/** `pools/{poolId}/jobrequests?agentId=&completedRequestCount=`: the running request plus the last completed one. */
function listJobRequests(ctx: RouteContext): RouteResponse {
  const pool = findPool(ctx);
  if (!pool) return poolNotFound(ctx.params.poolId);
  const agentId = ctx.query.agentid ? Number(ctx.query.agentid) : undefined;
  const out: unknown[] = [];
  for (const agent of pool.agents.filter((a) => agentId === undefined || a.id === agentId)) {
    if (agent.assignedRequest) out.push(jobRequestShape(ctx.state, pool.id, agent.assignedRequest, agent));
    if (agent.lastCompletedRequest) out.push(jobRequestShape(ctx.state, pool.id, agent.lastCompletedRequest, agent));
  }
  return collection(out);
}

/** distributedtask pools, agents and job requests (org level). */
export function poolRoutes(): Route[] {
  const base = '/:org/_apis/distributedtask/pools';
  return [
    { method: 'GET', service: 'ado', template: base, area: AREA, resource: 'pools', grant: 'pools:read', handler: listPools },
    { method: 'GET', service: 'ado', template: `${base}/:poolId`, area: AREA, resource: 'pools', grant: 'pools:read', handler: getPool },
    {
      method: 'PATCH',
      service: 'ado',
      template: `${base}/:poolId`,
      area: AREA,
      resource: 'pools',
      grant: 'pools:manage',
      handler: updatePool,
    },
    {
      method: 'DELETE',
      service: 'ado',
      template: `${base}/:poolId`,
      area: AREA,
      resource: 'pools',
      grant: 'pools:manage',
      handler: deletePool,
    },
    {
      method: 'GET',
      service: 'ado',
      template: `${base}/:poolId/agents`,
      area: AREA,
      resource: 'agents',
      grant: 'pools:read',
      handler: listAgents,
    },
    {
      method: 'GET',
      service: 'ado',
      template: `${base}/:poolId/agents/:agentId`,
      area: AREA,
      resource: 'agents',
      grant: 'pools:read',
      handler: getAgent,
    },
    {
      method: 'PATCH',
      service: 'ado',
      template: `${base}/:poolId/agents/:agentId`,
      area: AREA,
      resource: 'agents',
      grant: 'pools:manage',
      handler: updateAgent,
    },
    {
      method: 'DELETE',
      service: 'ado',
      template: `${base}/:poolId/agents/:agentId`,
      area: AREA,
      resource: 'agents',
      grant: 'pools:manage',
      handler: deleteAgent,
    },
    {
      method: 'GET',
      service: 'ado',
      template: `${base}/:poolId/jobrequests`,
      area: AREA,
      resource: 'jobrequests',
      grant: 'pools:read',
      handler: listJobRequests,
    },
  ];
}
