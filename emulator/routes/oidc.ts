import { randomUUID } from 'node:crypto';
import { adoError, json, type RouteContext, type RouteResponse } from '../http';
import type { Route } from '../router';
import { OIDC_AUDIENCE, vstokenIssuer } from './entra';

/** Federated subject of a service connection: `sc://{org}/{project}/{connectionName}`. */
export function connectionSubject(org: string, projectName: string, connectionName: string): string {
  return `sc://${org}/${projectName}/${connectionName}`;
}

function createOidcToken(ctx: RouteContext): RouteResponse {
  const { state } = ctx;
  const token = /^Bearer\s+(.+)$/i.exec(ctx.req.headers.authorization ?? '')?.[1]?.trim();
  const job = token ? state.jobs.get(token) : undefined;
  if (!job) {
    return adoError(
      401,
      'UnauthorizedRequestException',
      "TF400813: The user '' is not authorized to access this resource.",
      'Microsoft.TeamFoundation.Framework.Server',
    );
  }
  const project = state.project(ctx.params.project);
  if (
    !project ||
    project.id !== job.projectId ||
    job.planId !== ctx.params.planId.toLowerCase() ||
    job.jobId !== ctx.params.jobId.toLowerCase()
  ) {
    return adoError(
      403,
      'AccessCheckException',
      'The job token is not valid for this plan and job.',
      'Microsoft.VisualStudio.Services.Security',
      'Microsoft.VisualStudio.Services.WebApi',
    );
  }
  const connectionId = (ctx.query.serviceconnectionid ?? '').toLowerCase();
  const connection = state.org.serviceConnections.find((c) => c.id.toLowerCase() === connectionId);
  if (!connection) {
    return adoError(
      400,
      'InvalidServiceEndpointException',
      `Service connection '${connectionId}' not found or not authorized for this pipeline.`,
    );
  }
  if (connection.scheme !== 'WorkloadIdentityFederation') {
    return adoError(
      400,
      'InvalidServiceEndpointException',
      `Service connection '${connection.name}' does not use workload identity federation.`,
    );
  }
  const connectionProject = state.project(connection.projectId);
  const iat = Math.floor(state.now().getTime() / 1000);
  const oidcToken = ctx.signer.sign({
    jti: randomUUID(),
    sub: connectionSubject(state.org.organization.name, connectionProject?.name ?? project.name, connection.name),
    aud: OIDC_AUDIENCE,
    iss: vstokenIssuer(state.org.organization.id),
    nbf: iat,
    iat,
    exp: iat + 600,
    'http://schemas.microsoft.com/identity/claims/tenantid': state.org.tenantId,
  });
  return json(200, { oidcToken });
}

/** The job's OIDC endpoint (System.OidcRequestUri). */
export function oidcRoutes(): Route[] {
  return [
    {
      method: 'POST',
      service: 'oidc',
      template: '/:org/:project/_apis/distributedtask/hubs/:hub/plans/:planId/jobs/:jobId/oidctoken',
      area: 'distributedtask',
      resource: 'oidctoken',
      anonymous: true,
      readOnly: true,
      handler: createOidcToken,
    },
  ];
}
