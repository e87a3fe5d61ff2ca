import {
  armError,
  armIfMatchFailed,
  armMissingApiVersion,
  armResourceNotFound,
  json,
  type Caller,
  type RouteContext,
  type RouteResponse,
} from '../http';
import {
  automaticDaysData,
  findManagedPool,
  machinesOf,
  managedPoolId,
  managedPoolsOf,
  MANAGED_POOL_SKUS,
  validatePoolProperties,
  type SeedManagedPool,
} from '../managed-pools-state';
import { authorizeArm, type ArmRoles } from '../auth';
import type { Route } from '../router';
import { startArmOperation } from './arm-operation';
import { armPage } from './arm-page';
import type { ArmOperation, EmulatorState } from '../state';

/** api-versions with a swagger in Azure/azure-rest-api-specs (see the managed-devops-pools reference). */
const API_VERSIONS = [
  '2023-10-30-preview',
  '2023-12-13-preview',
  '2024-03-26-preview',
  '2024-04-04-preview',
  '2024-10-19',
  '2025-01-21',
  '2025-09-20',
  '2026-04-17-preview',
  '2026-06-02',
  '2026-07-03-preview',
  '2026-07-30-preview',
];
const PROVIDER = 'Microsoft.DevOpsInfrastructure';

function versionError(ctx: RouteContext): RouteResponse | undefined {
  const version = ctx.query['api-version'];
  if (!version) {
    return armMissingApiVersion();
  }
  if (!API_VERSIONS.includes(version)) {
    return armError(
      400,
      'NoRegisteredProviderFound',
      `No registered resource provider found for location '${ctx.params.location ?? 'global'}' and API version '${version}' for type 'pools'. The supported api-versions are '${API_VERSIONS.join(', ')}'.`,
    );
  }
  return undefined;
}

/** Roles whose actions cover `Microsoft.DevOpsInfrastructure/*`: Reader reads, Owner / Contributor write (Virtual Machine Contributor does not). */
const ROLES: ArmRoles = { read: new Set(['Owner', 'Contributor', 'Reader']), write: new Set(['Owner', 'Contributor']) };

/** ARM RBAC for this provider; 403 AuthorizationFailed otherwise. */
function authorize(state: EmulatorState, caller: Caller, scope: string, action: string, write: boolean): RouteResponse | undefined {
  return authorizeArm(state, caller, scope, `${PROVIDER}/${action}`, write, ROLES);
}

function etag(pool: SeedManagedPool): string {
  return `"${pool.etagVersion}"`;
}

/** `alias` (pool and organization) exists from 2025-09-20; older versions do not return it. */
function hasAlias(version: string): boolean {
  return version.slice(0, 10) >= '2025-09-20';
}

function poolShape(pool: SeedManagedPool, version: string): Record<string, unknown> {
  const properties = structuredClone(pool.properties) as Record<string, unknown>;
  const organizationProfile = properties.organizationProfile as { alias?: string; organizations?: { alias?: string }[] } | undefined;
  if (!hasAlias(version) && organizationProfile) {
    delete organizationProfile.alias;
    for (const org of organizationProfile.organizations ?? []) delete org.alias;
  }
  return {
    id: managedPoolId(pool),
    name: pool.name,
    type: `${PROVIDER}/pools`,
    location: pool.location,
    tags: {},
    systemData: { createdAt: '2026-06-01T08:00:00Z', lastModifiedAt: '2026-11-20T08:00:00Z' },
    properties,
  };
}

function page(ctx: RouteContext, items: unknown[], pageSize: number, path: string): RouteResponse {
  const next = (skip: number) => `${ctx.baseUrl}/_arm${path}?api-version=${ctx.query['api-version']}&$skipToken=${skip}`;
  return json(200, armPage(ctx, items, pageSize, next, 'null'));
}

function listPools(pageSize: () => number, byResourceGroup: boolean) {
  return (ctx: RouteContext): RouteResponse => {
    const bad = versionError(ctx);
    if (bad) return bad;
    const { sub, rg } = ctx.params;
    const scope = byResourceGroup ? `/subscriptions/${sub}/resourceGroups/${rg}` : `/subscriptions/${sub}`;
    const denied = authorize(ctx.state, ctx.caller!, scope, 'pools/read', false);
    if (denied) return denied;
    const eq = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
    const pools = managedPoolsOf(ctx.state)
      .filter((p) => eq(p.subscriptionId, sub) && (!byResourceGroup || eq(p.resourceGroup, rg)))
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((p) => poolShape(p, ctx.query['api-version']));
    return page(ctx, pools, pageSize(), `${scope}/providers/${PROVIDER}/pools`);
  };
}

function load(ctx: RouteContext, action: string, write: boolean): { pool?: SeedManagedPool; error?: RouteResponse } {
  const bad = versionError(ctx);
  if (bad) return { error: bad };
  const { sub, rg, name } = ctx.params;
  const scope = `/subscriptions/${sub}/resourceGroups/${rg}/providers/${PROVIDER}/pools/${name}`;
  const denied = authorize(ctx.state, ctx.caller!, scope, action, write);
  if (denied) return { error: denied };
  const pool = findManagedPool(ctx.state, sub, rg, name);
  if (!pool) {
    return { error: armResourceNotFound(`${PROVIDER}/pools`, name, rg) };
  }
  return { pool };
}

function getPool(ctx: RouteContext): RouteResponse {
  const { pool, error } = load(ctx, 'pools/read', false);
  if (error) return error;
  return json(200, poolShape(pool!, ctx.query['api-version']), { ETag: etag(pool!) });
}

const SUB_OBJECTS = ['organizationProfile', 'agentProfile', 'fabricProfile', 'runtimeConfiguration'];
const READ_ONLY = ['provisioningState'];

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** JSON merge patch (RFC 7396): objects merge key by key, `null` removes a key, anything else replaces. */
function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch)) return structuredClone(patch);
  const out: Record<string, unknown> = isPlainObject(target) ? structuredClone(target) : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = mergePatch(out[key], value);
  }
  return out;
}

/**
 * Applies a PoolUpdate body: top-level properties merge; each sub-object given replaces the old one whole, or, with
 * `semantics: 'merge'`, merges into it key by key.
 */
function applyUpdate(
  current: Record<string, unknown>,
  update: Record<string, unknown>,
  semantics: 'replace' | 'merge' = 'replace',
): Record<string, unknown> {
  const next = structuredClone(current);
  for (const [key, value] of Object.entries(update)) {
    if (READ_ONLY.includes(key)) continue;
    if (value === null) delete next[key];
    else if (!SUB_OBJECTS.includes(key)) next[key] = value;
    else next[key] = semantics === 'merge' ? mergePatch(next[key], value) : structuredClone(value);
  }
  const agent = next.agentProfile as { resourcePredictionsProfile?: { kind?: string }; resourcePredictions?: unknown } | undefined;
  // Without a prediction profile there is no standby; in Automatic mode the service owns the schedule.
  if (agent && !agent.resourcePredictionsProfile) delete agent.resourcePredictions;
  if (agent?.resourcePredictionsProfile?.kind === 'Automatic') {
    agent.resourcePredictions = { daysData: automaticDaysData(next.maximumConcurrency as number) };
  }
  return next;
}

function quotaProblem(
  ctx: RouteContext,
  pool: SeedManagedPool,
  props: Record<string, unknown>,
): { code: string; message: string } | undefined {
  const skuName = (props.fabricProfile as { sku?: { name?: string } } | undefined)?.sku?.name ?? '';
  const sku = MANAGED_POOL_SKUS[skuName];
  if (!sku) return undefined;
  const quota = (ctx.state.org.computeQuotas ?? []).find(
    (q) =>
      q.subscriptionId.toLowerCase() === pool.subscriptionId.toLowerCase() &&
      q.location.toLowerCase() === pool.location.toLowerCase() &&
      q.family === sku.family,
  );
  const needed = (props.maximumConcurrency as number) * sku.vCPUs;
  if (!quota || needed <= quota.limit) return undefined;
  return {
    code: 'QuotaExceeded',
    message: `Cores needed to complete this request is ${needed}, which exceeds the current limit of ${quota.limit} for SKU family ${sku.family} in region ${pool.location}. Please request a quota increase.`,
  };
}

function operationUrl(ctx: RouteContext, pool: SeedManagedPool, op: ArmOperation): string {
  return `${ctx.baseUrl}/_arm/subscriptions/${pool.subscriptionId}/providers/${PROVIDER}/locations/${pool.location}/operationStatuses/${op.id}?api-version=${ctx.query['api-version']}`;
}

function patchPool(ctx: RouteContext): RouteResponse {
  const { pool, error } = load(ctx, 'pools/write', true);
  if (error) return error;
  const p = pool!;
  const stale = armIfMatchFailed(ctx, etag(p));
  if (stale) return stale;
  const inFlight = [...ctx.state.operations.values()].some((op) => op.status === 'InProgress' && op.resourceId === managedPoolId(p));
  if (inFlight) {
    return armError(409, 'AnotherOperationInProgress', `Another operation is in progress on pool '${p.name}'. Retry after it completed.`);
  }
  const body = ctx.body as { properties?: Record<string, unknown> } | undefined;
  if (!body || typeof body !== 'object' || (body.properties !== undefined && typeof body.properties !== 'object')) {
    return armError(400, 'InvalidRequestContent', 'The request content was invalid and could not be deserialized.');
  }
  const next = applyUpdate(p.properties, body.properties ?? {}, p.patchSemantics);
  const problem = validatePoolProperties(next);
  if (problem) return armError(400, 'BadRequest', problem);
  const changed = JSON.stringify({ ...next, provisioningState: null }) !== JSON.stringify({ ...p.properties, provisioningState: null });
  if (!changed || p.synchronousPatch) {
    if (changed) {
      p.properties = { ...next, provisioningState: 'Succeeded' };
      p.etagVersion++;
    }
    return json(200, poolShape(p, ctx.query['api-version']), { ETag: etag(p) });
  }
  // The desired state is visible at once (provisioningState Updating); a failure restores the old one.
  const before = p.properties;
  p.properties = { ...next, provisioningState: 'Updating' };
  p.etagVersion++;
  const target = { subscriptionId: p.subscriptionId, location: p.location, resourceId: managedPoolId(p) };
  const settle = (failed: boolean) => {
    p.properties = failed ? { ...before, provisioningState: 'Failed' } : { ...p.properties, provisioningState: 'Succeeded' };
    p.etagVersion++;
  };
  const op = startArmOperation(ctx, target, 'managed pool operation', settle, quotaProblem(ctx, p, next));
  return { status: 202, headers: { Location: operationUrl(ctx, p, op), 'Retry-After': '0' } };
}

/** The `Location` of a PATCH: 202 while running, then 200 with the pool, or the error status with `{error}`. */
function getOperationStatus(ctx: RouteContext): RouteResponse {
  const bad = versionError(ctx);
  if (bad) return bad;
  const op = ctx.state.operations.get(ctx.params.operationId);
  if (!op || !op.resourceId || op.subscriptionId.toLowerCase() !== ctx.params.sub.toLowerCase()) {
    return armError(404, 'NotFound', `The operation '${ctx.params.operationId}' was not found.`);
  }
  const denied = authorize(ctx.state, ctx.caller!, op.resourceId, 'Locations/OperationStatuses/read', false);
  if (denied) return denied;
  op.polls++;
  if (op.polls >= 2) op.complete();
  if (op.status === 'InProgress')
    return { status: 202, headers: { Location: `${ctx.baseUrl}${ctx.req.url?.replace(/^\/?/, '/') ?? ''}`, 'Retry-After': '0' } };
  if (op.status === 'Failed') return armError(op.error?.code === 'QuotaExceeded' ? 409 : 400, op.error!.code, op.error!.message);
  const pool = managedPoolsOf(ctx.state).find((p) => managedPoolId(p).toLowerCase() === op.resourceId!.toLowerCase());
  return pool ? json(200, poolShape(pool, ctx.query['api-version']), { ETag: etag(pool) }) : { status: 204 };
}

function listResources(pageSize: () => number) {
  return (ctx: RouteContext): RouteResponse => {
    const { pool, error } = load(ctx, 'pools/resources/read', false);
    if (error) return error;
    const p = pool!;
    const id = managedPoolId(p);
    const machines = machinesOf(ctx.state, p).map((m, i) => ({
      id: `${id}/resources/${p.name}:${String(i).padStart(4, '0')}:${m.name}`,
      name: m.name,
      properties: { image: m.image ?? 'unknown', imageVersion: '1.0.0', status: m.status },
    }));
    return page(ctx, machines, pageSize(), `${id}/resources`);
  };
}

function usages(ctx: RouteContext): RouteResponse {
  const bad = versionError(ctx);
  if (bad) return bad;
  const { sub, location } = ctx.params;
  const denied = authorize(ctx.state, ctx.caller!, `/subscriptions/${sub}`, 'locations/usages/read', false);
  if (denied) return denied;
  const quotas = (ctx.state.org.computeQuotas ?? []).filter(
    (q) => q.subscriptionId.toLowerCase() === sub.toLowerCase() && q.location.toLowerCase() === location.toLowerCase(),
  );
  const value = quotas.map((q) => ({
    id: `/subscriptions/${sub}/providers/Microsoft.Compute/locations/${location}/providers/${PROVIDER}/Usages/${q.family}`,
    unit: 'Count',
    currentValue: q.currentValue,
    limit: q.limit,
    name: { value: q.family, localizedValue: `${q.family} vCPUs (PME VMSS)` },
  }));
  return json(200, { value, nextLink: null });
}

function skus(ctx: RouteContext): RouteResponse {
  const bad = versionError(ctx);
  if (bad) return bad;
  const { sub, location } = ctx.params;
  const denied = authorize(ctx.state, ctx.caller!, `/subscriptions/${sub}`, 'locations/skus/read', false);
  if (denied) return denied;
  const value = Object.entries(MANAGED_POOL_SKUS).map(([name, sku]) => ({
    id: `/subscriptions/${sub}/providers/${PROVIDER}/locations/${location}/skus/${name}`,
    name,
    properties: {
      resourceType: 'virtualMachines',
      tier: 'Standard',
      size: name.replace(/^Standard_/, ''),
      family: sku.family,
      locations: [location],
      locationInfo: [{ location, zones: ['1', '2', '3'], zoneDetails: [] }],
      capabilities: [
        { name: 'vCPUs', value: String(sku.vCPUs) },
        { name: 'MemoryGB', value: String(sku.vCPUs * 4) },
      ],
      restrictions: [],
    },
  }));
  return json(200, { value, nextLink: null });
}

/** ARM: `Microsoft.DevOpsInfrastructure` pools (list, get, PATCH as LRO), their machines, usages and SKUs. */
export function devOpsInfrastructureRoutes(pageSize: () => number): Route[] {
  const sub = '/_arm/subscriptions/:sub/providers/Microsoft.DevOpsInfrastructure';
  const rg = '/_arm/subscriptions/:sub/resourceGroups/:rg/providers/Microsoft.DevOpsInfrastructure/pools';
  const r = (method: string, template: string, resource: string, handler: Route['handler']): Route => ({
    method,
    service: 'arm',
    template,
    area: PROVIDER,
    resource,
    handler,
  });
  return [
    r('GET', `${sub}/pools`, 'pools', listPools(pageSize, false)),
    r('GET', rg, 'pools', listPools(pageSize, true)),
    r('GET', `${rg}/:name`, 'pools', getPool),
    r('PATCH', `${rg}/:name`, 'pools', patchPool),
    r('GET', `${rg}/:name/resources`, 'resources', listResources(pageSize)),
    r('GET', `${sub}/locations/:location/usages`, 'usages', usages),
    r('GET', `${sub}/locations/:location/skus`, 'skus', skus),
    r('GET', `${sub}/locations/:location/operationStatuses/:operationId`, 'operationStatuses', getOperationStatus),
  ];
}
