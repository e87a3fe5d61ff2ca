import { adoError, collection, json, type RouteContext, type RouteResponse } from '../http';
import type { Route } from '../router';

interface Area {
  id: string;
  name: string;
  /** true = lives on the vssps host. */
  vssps: boolean;
  /** Lives on a host of its own (`auditservice.dev.azure.com` → `/_audit/{org}/`). */
  host?: 'auditservice';
}

/**
 * The resource areas the 7.1 REST specifications document (`x-ms-vss-resource-area-id` of MicrosoftDocs/vsts-rest-api-specs
 * `specification/<area>/7.1/*.json`), and nothing else: the location service answers 404 ResourceAreaNotFoundException
 * for any other id, e.g. the 5.x TokenAdministration area `95935461-…` (`_apis/tokenadministration`).
 */
export const RESOURCE_AREAS: Area[] = [
  // graph/7.1/graph.json
  { id: 'bb1e7ec9-e901-4b68-999a-de7012b920f8', name: 'Graph', vssps: true },
  // tokenAdmin/7.1/tokenAdmin.json: owns _apis/tokenadmin/personalaccesstokens and _apis/tokenadmin/revocations
  { id: 'af68438b-ed04-4407-9eb6-f1dbae3f922e', name: 'TokenAdmin', vssps: true },
  // ims/7.1/identities.json
  { id: '8a3d49b8-91f0-46ef-b33d-dda338c25db3', name: 'Identities', vssps: true },
  // distributedTask/7.1/taskAgent.json
  { id: 'a85b8835-c1a1-4aac-ae97-1c3d0ba72dbd', name: 'distributedtask', vssps: false },
  // core/7.1/core.json
  { id: '79134c72-4a58-4b42-976c-04e7115f32bf', name: 'core', vssps: false },
  // approvalsAndChecks/7.1/pipelinePermissions.json
  { id: 'a81a0441-de52-4000-aa15-ff0e07bfbbaa', name: 'pipelinePermissions', vssps: false },
  // azure-devops-python-api v7_1 audit_client.py `resource_area_identifier` (commit 7f2d7a48).
  { id: '94ff054d-5ee1-413d-9341-3f4a7827de2e', name: 'Audit', vssps: false, host: 'auditservice' },
];

/** Location entries azure-devops-node-api asks for with `OPTIONS {org}/_apis/{area}`. */
const LOCATIONS = [
  {
    id: 'e81700f7-3be2-46de-8624-2eb35882fcaa',
    area: 'location',
    resourceName: 'ResourceAreas',
    routeTemplate: '_apis/{resource}/{areaId}',
    resourceVersion: 1,
  },
  {
    id: 'a8c47e17-4d56-4a56-92bb-de7ea7dc65be',
    area: 'distributedtask',
    resourceName: 'pools',
    routeTemplate: '_apis/{area}/{resource}/{poolId}',
    resourceVersion: 1,
  },
  {
    id: 'e298ef32-5878-4cab-993c-043836571f42',
    area: 'distributedtask',
    resourceName: 'agents',
    routeTemplate: '_apis/{area}/pools/{poolId}/{resource}/{agentId}',
    resourceVersion: 1,
  },
  {
    id: '900fa995-c559-4923-aae7-f8424fe4fbea',
    area: 'distributedtask',
    resourceName: 'queues',
    routeTemplate: '{project}/_apis/{area}/{resource}/{queueId}',
    resourceVersion: 1,
  },
  {
    id: 'fc825784-c92a-4299-9221-998a02d1b54f',
    area: 'distributedtask',
    resourceName: 'jobrequests',
    routeTemplate: '_apis/{area}/pools/{poolId}/{resource}/{requestId}',
    resourceVersion: 1,
  },
  {
    id: '69a319f4-28c1-4bfd-93e6-ea0ff5c6f1a2',
    area: 'distributedtask',
    resourceName: 'oidctoken',
    routeTemplate: '{scopeIdentifier}/_apis/{area}/hubs/{hubName}/plans/{planId}/jobs/{jobId}/{resource}',
    resourceVersion: 1,
  },
  {
    id: '9461c234-c84c-4ed2-b918-2f0f92ad0a35',
    area: 'securityroles',
    resourceName: 'roleassignments',
    routeTemplate: '_apis/{area}/scopes/{scopeId}/{resource}/resources/{resourceId}/{identityId}',
    resourceVersion: 1,
  },
  {
    id: 'f4cc9a86-453c-48d2-b44d-d3bd5c105f4f',
    area: 'securityroles',
    resourceName: 'roledefinitions',
    routeTemplate: '_apis/{area}/scopes/{scopeId}/{resource}',
    resourceVersion: 1,
  },
].map((l) => ({ ...l, minVersion: '1.0', maxVersion: '7.2', releasedVersion: '7.1' }));

function areaUrl(ctx: RouteContext, area: Area): string {
  const org = ctx.state.org.organization.name;
  if (area.host === 'auditservice') return `${ctx.baseUrl}/_audit/${org}/`;
  return area.vssps ? `${ctx.baseUrl}/_vssps/${org}/` : `${ctx.baseUrl}/${org}/`;
}

function areaShape(ctx: RouteContext, area: Area): Record<string, unknown> {
  return { id: area.id, name: area.name, locationUrl: areaUrl(ctx, area) };
}

function getArea(ctx: RouteContext): RouteResponse {
  const area = RESOURCE_AREAS.find(
    (a) => a.id === ctx.params.areaId.toLowerCase() || a.name.toLowerCase() === ctx.params.areaId.toLowerCase(),
  );
  if (!area)
    return adoError(
      404,
      'ResourceAreaNotFoundException',
      `The resource area ${ctx.params.areaId} was not found.`,
      'Microsoft.VisualStudio.Services.Location',
      'Microsoft.VisualStudio.Services.WebApi',
    );
  return json(200, areaShape(ctx, area));
}

function options(ctx: RouteContext): RouteResponse {
  const area = ctx.params.area.toLowerCase();
  return collection(LOCATIONS.filter((l) => l.area === area));
}

/** resourceAreas (anonymous, like the real service) and route discovery. */
export function locationRoutes(): Route[] {
  return [
    {
      method: 'GET',
      service: 'ado',
      template: '/:org/_apis/resourceAreas',
      anonymous: true,
      area: 'Location',
      resource: 'ResourceAreas',
      // Preview-only as every client sends it (node-api 7.2-preview.1); not in the public specs: the stricter choice.
      apiVersion: 'preview',
      handler: (ctx) => collection(RESOURCE_AREAS.map((a) => areaShape(ctx, a))),
    },
    {
      method: 'GET',
      service: 'ado',
      template: '/:org/_apis/resourceAreas/:areaId',
      anonymous: true,
      area: 'Location',
      resource: 'ResourceAreas',
      apiVersion: 'preview',
      handler: getArea,
    },
    {
      method: 'OPTIONS',
      service: 'ado',
      template: '/:org/_apis/:area',
      anonymous: true,
      area: 'Location',
      resource: 'options',
      handler: options,
    },
    {
      method: 'OPTIONS',
      service: 'vssps',
      template: '/_vssps/:org/_apis/:area',
      anonymous: true,
      area: 'Location',
      resource: 'options',
      handler: options,
    },
  ];
}
