import { adoError, collection, json, type RouteContext, type RouteResponse } from '../http';
import type { Route } from '../router';
import type { SeedCheckConfiguration } from '../seed';
import { identityRef, projectNotFound } from './shapes';

/** approvalsAndChecks: `pipelines/checks/configurations` and the batch `queryconfigurations` (7.1, preview only). */

const NAMESPACE = 'Microsoft.Azure.Pipelines.Checks.WebApi';
const RESOURCE_TYPES = new Set(['endpoint', 'environment', 'queue', 'repository', 'securefile', 'variablegroup']);

function projectOf(ctx: RouteContext) {
  return ctx.state.project(ctx.params.project);
}

/** `$expand` is `none|settings`; anything else is refused. */
function expandOf(ctx: RouteContext): { settings: boolean; error?: RouteResponse } {
  const expand = (ctx.query.$expand ?? 'none').toLowerCase();
  if (expand !== 'none' && expand !== 'settings') {
    return {
      settings: false,
      error: adoError(400, 'InvalidCheckConfigurationExpandException', `Invalid $expand value '${ctx.query.$expand}'.`, NAMESPACE),
    };
  }
  return { settings: expand === 'settings' };
}

function resourceName(ctx: RouteContext, check: SeedCheckConfiguration): string | undefined {
  if (check.resourceType !== 'queue') return undefined;
  return ctx.state.queue(check.projectId, Number(check.resourceId))?.name;
}

/** Approvers are stored as identity ids and sent as IdentityRefs, like the service. */
function settingsShape(ctx: RouteContext, settings: Record<string, unknown>): Record<string, unknown> {
  const approvers = settings.approvers as { id: string }[] | undefined;
  if (!approvers) return settings;
  return { ...settings, approvers: approvers.map((a) => identityRef(ctx.state, a.id)) };
}

function shape(ctx: RouteContext, check: SeedCheckConfiguration, withSettings: boolean): Record<string, unknown> {
  const url = `${ctx.baseUrl}/${ctx.params.org}/${check.projectId}/_apis/pipelines/checks/configurations/${check.id}`;
  const name = resourceName(ctx, check);
  return {
    ...(withSettings ? { settings: settingsShape(ctx, check.settings) } : {}),
    createdBy: identityRef(ctx.state, check.createdById),
    createdOn: check.createdOn,
    modifiedBy: identityRef(ctx.state, check.createdById),
    modifiedOn: check.createdOn,
    timeout: check.timeout,
    _links: { self: { href: url } },
    id: check.id,
    type: { id: check.typeId, name: check.typeName },
    url,
    resource: { type: check.resourceType, id: check.resourceId, ...(name ? { name } : {}) },
    isDisabled: check.isDisabled ?? false,
  };
}

function checksOf(ctx: RouteContext, projectId: string): SeedCheckConfiguration[] {
  return (ctx.state.org.checkConfigurations ?? []).filter((check) => check.projectId === projectId);
}

function listConfigurations(ctx: RouteContext): RouteResponse {
  const project = projectOf(ctx);
  if (!project) return projectNotFound(ctx.params.project);
  const expand = expandOf(ctx);
  if (expand.error) return expand.error;
  const type = ctx.query.resourcetype?.toLowerCase();
  const id = ctx.query.resourceid;
  if ((type && !id) || (!type && id)) {
    return adoError(400, 'ArgumentException', 'resourceType and resourceId must be given together.', 'System');
  }
  const checks = checksOf(ctx, project.id).filter((check) => !type || (check.resourceType === type && check.resourceId === id));
  return collection(checks.map((check) => shape(ctx, check, expand.settings)));
}

function queryConfigurations(ctx: RouteContext): RouteResponse {
  const project = projectOf(ctx);
  if (!project) return projectNotFound(ctx.params.project);
  const expand = expandOf(ctx);
  if (expand.error) return expand.error;
  const resources = ctx.body;
  if (!Array.isArray(resources) || resources.length === 0) {
    return adoError(400, 'ArgumentNullException', 'Value cannot be null.\r\nParameter name: resources', 'System');
  }
  const wanted = new Set<string>();
  for (const resource of resources as { type?: string; id?: string }[]) {
    const type = resource?.type?.toLowerCase();
    if (!type || !RESOURCE_TYPES.has(type) || typeof resource.id !== 'string') {
      return adoError(400, 'InvalidResourceException', `Invalid resource ${JSON.stringify(resource)}.`, NAMESPACE);
    }
    wanted.add(`${type}/${resource.id}`);
  }
  const checks = checksOf(ctx, project.id).filter((check) => wanted.has(`${check.resourceType}/${check.resourceId}`));
  return collection(checks.map((check) => shape(ctx, check, expand.settings)));
}

function getConfiguration(ctx: RouteContext): RouteResponse {
  const project = projectOf(ctx);
  if (!project) return projectNotFound(ctx.params.project);
  const expand = expandOf(ctx);
  if (expand.error) return expand.error;
  const check = checksOf(ctx, project.id).find((c) => c.id === Number(ctx.params.id));
  if (!check) return adoError(404, 'CheckConfigurationNotFoundException', `Check configuration ${ctx.params.id} not found.`, NAMESPACE);
  return json(200, shape(ctx, check, expand.settings));
}

function addConfiguration(ctx: RouteContext): RouteResponse {
  const project = projectOf(ctx);
  if (!project) return projectNotFound(ctx.params.project);
  const body = ctx.body as Partial<{
    type: { id?: string; name?: string };
    settings: Record<string, unknown>;
    resource: { type?: string; id?: string };
    timeout: number;
  }>;
  const type = body?.resource?.type?.toLowerCase();
  if (!body?.type?.id || !type || !RESOURCE_TYPES.has(type) || typeof body.resource?.id !== 'string' || !body.settings) {
    return adoError(
      400,
      'InvalidCheckConfigurationException',
      'The check configuration needs type.id, resource{type,id} and settings.',
      NAMESPACE,
    );
  }
  if (type === 'queue' && !ctx.state.queue(project.id, Number(body.resource.id))) {
    return adoError(404, 'ResourceNotFoundException', `Resource queue/${body.resource.id} not found.`, NAMESPACE);
  }
  const all = (ctx.state.org.checkConfigurations ??= []);
  const check: SeedCheckConfiguration = {
    id: all.reduce((max, c) => Math.max(max, c.id), 0) + 1,
    projectId: project.id,
    resourceType: type as SeedCheckConfiguration['resourceType'],
    resourceId: body.resource.id,
    typeId: body.type.id,
    typeName: body.type.name ?? 'Task Check',
    settings: body.settings,
    timeout: body.timeout ?? 43200,
    createdById: ctx.caller?.identityId ?? '',
    createdOn: ctx.state.now().toISOString(),
  };
  all.push(check);
  return json(200, shape(ctx, check, true));
}

export function checkRoutes(): Route[] {
  const base = '/:org/:project/_apis/pipelines/checks';
  const route = (method: string, template: string, grant: Route['grant'], handler: Route['handler'], readOnly = false): Route => ({
    method,
    service: 'ado',
    template,
    area: 'pipelinesChecks',
    resource: 'checkConfigurations',
    grant,
    readOnly,
    apiVersion: 'preview',
    handler: handler,
  });
  return [
    route('GET', `${base}/configurations`, 'checks:read', listConfigurations),
    route('GET', `${base}/configurations/:id`, 'checks:read', getConfiguration),
    route('POST', `${base}/configurations`, 'checks:manage', addConfiguration),
    route('POST', `${base}/queryconfigurations`, 'checks:read', queryConfigurations, true),
  ];
}
