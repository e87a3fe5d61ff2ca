/**
 * Tenant PAT policies on the vssps host (`_apis/TenantPolicy/Policies/TenantPolicy.{name}`), an undocumented route:
 * the body follows the community module that uses it (`{name, value, properties}`, allow list as a JSON string). That
 * module sends no api-version, so none is required; an unknown one is refused. Reading needs `tenantpolicy:read`
 * (403 otherwise); an organization without tenant policies (not Entra-backed) or an unknown policy answers 404.
 */
import { adoError, json, type RouteContext, type RouteResponse } from '../http';
import type { Route } from '../router';

const PREFIX = 'TenantPolicy.';

function notFound(name: string): RouteResponse {
  return adoError(
    404,
    'PolicyNotFoundException',
    `The policy ${name} could not be found.`,
    'Microsoft.VisualStudio.Services.Organization',
    'Microsoft.VisualStudio.Services.WebApi',
  );
}

function getPolicy(ctx: RouteContext): RouteResponse {
  const requested = ctx.params.policyName;
  if (!requested.toLowerCase().startsWith(PREFIX.toLowerCase())) return notFound(requested);
  const bare = requested.slice(PREFIX.length).toLowerCase();
  const policy = ctx.state.org.tenantPolicies?.find((p) => p.name.toLowerCase() === bare);
  if (!policy) return notFound(requested);
  return json(200, { name: `${PREFIX}${policy.name}`, value: policy.value, properties: policy.properties });
}

export function tenantPolicyRoutes(): Route[] {
  return [
    {
      method: 'GET',
      service: 'vssps',
      template: '/_vssps/:org/_apis/TenantPolicy/Policies/:policyName',
      area: 'TenantPolicy',
      resource: 'Policies',
      grant: 'tenantpolicy:read',
      apiVersion: 'optional',
      handler: getPolicy,
    },
  ];
}
