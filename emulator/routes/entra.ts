import { randomUUID } from 'node:crypto';
import { certificateThumbprints } from '../cert';
import { decodeJwt, verifyJwtSignature } from '../jwt';
import { entraError, json, type RouteContext, type RouteResponse } from '../http';
import type { Route } from '../router';
import type { SeedServicePrincipal } from '../seed';

export const OIDC_AUDIENCE = 'api://AzureADTokenExchange';

/** Issuer of the job OIDC tokens of an org. */
export function vstokenIssuer(orgId: string): string {
  return `https://vstoken.dev.azure.com/${orgId}`;
}

/** `resource/.default` → the access token's `aud` (URL resources end with `/`). */
export function audienceOfScope(scope: string): string | undefined {
  const first = scope.split(' ').find((s) => s.endsWith('/.default'));
  if (!first) return undefined;
  const resource = first.slice(0, -'/.default'.length);
  return /^https?:\/\//.test(resource) && !resource.endsWith('/') ? `${resource}/` : resource;
}

/** AADSTS90002 for a tenant that is not the organization's; undefined for its own tenant. */
function unknownTenant(ctx: RouteContext): RouteResponse | undefined {
  if (ctx.params.tenant.toLowerCase() === ctx.state.org.tenantId.toLowerCase()) return undefined;
  return entraError(
    400,
    'invalid_tenant',
    90002,
    `Tenant '${ctx.params.tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
  );
}

function openIdConfiguration(ctx: RouteContext): RouteResponse {
  const badTenant = unknownTenant(ctx);
  if (badTenant) return badTenant;
  const base = `${ctx.baseUrl}/${ctx.params.tenant}`;
  return json(200, {
    token_endpoint: `${base}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: `${base}/discovery/v2.0/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer: `${base}/v2.0`,
    request_uri_parameter_supported: false,
    userinfo_endpoint: `${ctx.baseUrl}/oidc/userinfo`,
    authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${base}/oauth2/v2.0/logout`,
    claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'nbf', 'oid', 'tid'],
    kerberos_endpoint: `${base}/kerberos`,
    tenant_region_scope: 'EU',
    cloud_instance_name: 'microsoftonline.com',
    cloud_graph_host_name: 'graph.windows.net',
    msgraph_host: 'graph.microsoft.com',
    rbac_url: 'https://pas.windows.net',
  });
}

/** Checks a client's credential; returns an error response or undefined when accepted. */
function checkClientCredential(ctx: RouteContext, sp: SeedServicePrincipal, form: Record<string, string>): RouteResponse | undefined {
  const { state, signer } = ctx;
  if (form.client_secret !== undefined) {
    if (sp.secret && form.client_secret === sp.secret) return undefined;
    return entraError(
      401,
      'invalid_client',
      7000215,
      `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${sp.appId}'.`,
    );
  }
  const assertion = form.client_assertion;
  if (!assertion) {
    return entraError(
      401,
      'invalid_client',
      7000218,
      "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
    );
  }
  const decoded = decodeJwt(assertion);
  if (!decoded) return entraError(401, 'invalid_client', 50027, 'JWT token is invalid or malformed.');
  const nowSec = Math.floor(state.now().getTime() / 1000);
  const claims = decoded.claims;
  if (typeof claims.exp !== 'number' || claims.exp < nowSec || (typeof claims.nbf === 'number' && claims.nbf > nowSec + 300)) {
    return entraError(401, 'invalid_client', 700024, 'Client assertion is not within its valid time range.');
  }
  if (decoded.header.kid === signer.kid) {
    // Federated credential: a token the job OIDC endpoint issued.
    if (!signer.verify(assertion)) return entraError(401, 'invalid_client', 700027, 'Client assertion failed signature validation.');
    const issuer = vstokenIssuer(state.org.organization.id);
    const match = claims.iss === issuer && claims.aud === OIDC_AUDIENCE && sp.federatedSubjects.includes(String(claims.sub));
    if (!match) {
      return entraError(
        400,
        'invalid_request',
        700213,
        `No matching federated identity record found for presented assertion subject '${String(claims.sub)}'. Check your federated identity credential Subject, Audience and Issuer against the presented assertion. https://learn.microsoft.com/entra/workload-id/workload-identity-federation`,
      );
    }
    return undefined;
  }
  // Certificate credential: MSAL signs with the app's key and names the certificate by thumbprint.
  const x5t = decoded.header.x5t as string | undefined;
  const x5tS256 = decoded.header['x5t#S256'] as string | undefined;
  const cert = (sp.certificatePems ?? []).find((pem) => {
    const tp = certificateThumbprints(pem);
    return (x5t !== undefined && tp.x5t === x5t) || (x5tS256 !== undefined && tp.x5tS256 === x5tS256);
  });
  if (!cert) {
    return entraError(
      401,
      'invalid_client',
      700027,
      `The certificate with identifier used to sign the client assertion is not registered on application. [Reason - The key was not found., Thumbprint of key used by client: '${x5t ?? x5tS256 ?? ''}'].`,
    );
  }
  if (!verifyJwtSignature(decoded, cert)) return entraError(401, 'invalid_client', 700027, 'Client assertion failed signature validation.');
  if (claims.sub !== sp.appId || claims.iss !== sp.appId) {
    return entraError(401, 'invalid_client', 700023, 'Client assertion audience claim does not match Realm issuer.');
  }
  return undefined;
}

function issueAccessToken(
  ctx: RouteContext,
  sp: SeedServicePrincipal,
  aud: string,
  lifetimeSeconds: number,
): { token: string; expiresIn: number } {
  const iat = Math.floor(ctx.state.now().getTime() / 1000);
  const token = ctx.signer.sign({
    aud,
    iss: `https://sts.windows.net/${sp.tenantId}/`,
    iat,
    nbf: iat,
    exp: iat + lifetimeSeconds,
    appid: sp.appId,
    appidacr: '2',
    idp: `https://sts.windows.net/${sp.tenantId}/`,
    idtyp: 'app',
    oid: sp.objectId,
    sub: sp.objectId,
    tid: sp.tenantId,
    uti: randomUUID(),
    ver: '1.0',
  });
  return { token, expiresIn: lifetimeSeconds };
}

function tokenEndpoint(lifetimeSeconds: () => number) {
  return (ctx: RouteContext): RouteResponse => {
    const badTenant = unknownTenant(ctx);
    if (badTenant) return badTenant;
    const form = (ctx.body ?? {}) as Record<string, string>;
    if (form.grant_type !== 'client_credentials') {
      return entraError(400, 'unsupported_grant_type', 70003, `The app requested an unsupported grant type '${form.grant_type ?? ''}'.`);
    }
    const sp = ctx.state.org.servicePrincipals.find((s) => s.appId.toLowerCase() === String(form.client_id ?? '').toLowerCase());
    if (!sp || sp.tenantId.toLowerCase() !== ctx.state.org.tenantId.toLowerCase()) {
      return entraError(
        400,
        'unauthorized_client',
        700016,
        `Application with identifier '${form.client_id ?? ''}' was not found in the directory '${ctx.params.tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant.`,
      );
    }
    const failure = checkClientCredential(ctx, sp, form);
    if (failure) return failure;
    const aud = audienceOfScope(String(form.scope ?? ''));
    if (!aud) {
      return entraError(
        400,
        'invalid_scope',
        1002012,
        `The provided value for scope ${form.scope ?? ''} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
      );
    }
    const { token, expiresIn } = issueAccessToken(ctx, sp, aud, lifetimeSeconds());
    return json(200, { token_type: 'Bearer', expires_in: expiresIn, ext_expires_in: expiresIn, access_token: token });
  };
}

/** App Service style managed identity (`IDENTITY_ENDPOINT` = `{base}/_msi/token`, header `X-IDENTITY-HEADER`). */
function managedIdentityToken(lifetimeSeconds: () => number) {
  return (ctx: RouteContext): RouteResponse => {
    const expected = ctx.state.org.managedIdentityHeader;
    if (!expected || ctx.req.headers['x-identity-header'] !== expected) {
      return json(401, { statusCode: 401, message: 'Unauthorized request' });
    }
    const clientId = ctx.query.client_id;
    const sp = ctx.state.org.servicePrincipals.find(
      (s) => s.managedIdentity && (!clientId || s.appId.toLowerCase() === clientId.toLowerCase()),
    );
    if (!sp) return json(400, { statusCode: 400, message: 'No managed identity found for the specified ClientId/ResourceId/PrincipalId.' });
    const resource = ctx.query.resource ?? '';
    const aud = /^https?:\/\//.test(resource) && !resource.endsWith('/') ? `${resource}/` : resource;
    const { token, expiresIn } = issueAccessToken(ctx, sp, aud, lifetimeSeconds());
    const expiresOn = Math.floor(ctx.state.now().getTime() / 1000) + expiresIn;
    return json(200, { access_token: token, expires_on: String(expiresOn), resource, token_type: 'Bearer', client_id: sp.appId });
  };
}

/** Entra routes (anonymous: the credential is in the body). */
export function entraRoutes(lifetimeSeconds: () => number): Route[] {
  return [
    {
      method: 'GET',
      service: 'entra',
      template: '/:tenant/v2.0/.well-known/openid-configuration',
      anonymous: true,
      handler: openIdConfiguration,
    },
    {
      method: 'GET',
      service: 'entra',
      template: '/:tenant/discovery/v2.0/keys',
      anonymous: true,
      handler: (ctx) => json(200, { keys: [ctx.signer.jwk()] }),
    },
    { method: 'POST', service: 'entra', template: '/:tenant/oauth2/v2.0/token', anonymous: true, handler: tokenEndpoint(lifetimeSeconds) },
    { method: 'GET', service: 'entra', template: '/_msi/token', anonymous: true, handler: managedIdentityToken(lifetimeSeconds) },
  ];
}
