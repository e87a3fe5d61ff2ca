import type { IncomingMessage } from 'node:http';
import type { JwtSigner } from './jwt';
import type { EmulatorState } from './state';
import { adoError, armError, type Caller, type RouteResponse, type ServiceName } from './http';

/** Entra resource (audience) of Azure DevOps. */
export const ADO_RESOURCE = '499b84ac-1321-427f-aa17-267ca6975798';
/** Audience of ARM access tokens. */
export const ARM_AUDIENCE = 'https://management.azure.com/';

const ADO_AUDIENCES = new Set([ADO_RESOURCE, 'https://app.vssps.visualstudio.com', 'https://app.vssps.visualstudio.com/']);
const ARM_AUDIENCES = new Set([ARM_AUDIENCE, 'https://management.azure.com', 'https://management.core.windows.net/']);

export type AuthResult = { caller: Caller } | { error: RouteResponse };

function bearer(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  if (!header) return undefined;
  const match = /^Bearer\s+(.+)$/i.exec(header);
  return match?.[1].trim();
}

/**
 * Azure DevOps answers every 401 with `WWW-Authenticate` challenges (Bearer with the tenant's authority, Basic,
 * TFS-Federated); clients rely on them to fetch a fresh token when theirs went stale.
 */
function unauthorizedAdo(who: string, tenantId: string): RouteResponse {
  const response = adoError(
    401,
    'UnauthorizedRequestException',
    `TF400813: The user '${who}' is not authorized to access this resource.`,
    'Microsoft.TeamFoundation.Framework.Server',
  );
  return {
    ...response,
    headers: {
      ...response.headers,
      'WWW-Authenticate': `Bearer authorization_uri=https://login.microsoftonline.com/${tenantId}, Basic realm="https://dev.azure.com/", TFS-Federated`,
    },
  };
}

/**
 * Who is calling an Azure DevOps (org or vssps) route: a job token → the project build service; an Entra JWT with
 * the Azure DevOps audience → the service principal's org identity (401 TF400813 when it is not a member).
 */
export function authenticateAdo(req: IncomingMessage, state: EmulatorState, signer: JwtSigner): AuthResult {
  const token = bearer(req);
  if (!token) return { error: unauthorizedAdo('', state.org.tenantId) };
  const job = state.jobs.get(token);
  if (job) return { caller: { identityId: job.identityId, jobToken: token } };
  const decoded = signer.verify(token);
  if (!decoded) return { error: unauthorizedAdo('', state.org.tenantId) };
  const claims = decoded.claims;
  if (typeof claims.exp === 'number' && claims.exp * 1000 <= state.now().getTime())
    return { error: unauthorizedAdo('', state.org.tenantId) };
  if (!ADO_AUDIENCES.has(String(claims.aud))) return { error: unauthorizedAdo('', state.org.tenantId) };
  const identity = state.identityOfApp(String(claims.appid ?? ''));
  if (!identity || identity.active === false)
    return { error: unauthorizedAdo(`${String(claims.tid)}\\${String(claims.oid)}`, state.org.tenantId) };
  return { caller: { identityId: identity.id, claims } };
}

/** Who is calling ARM: an Entra JWT with the ARM audience; `identityId` is the SP object id. */
export function authenticateArm(req: IncomingMessage, state: EmulatorState, signer: JwtSigner): AuthResult {
  const token = bearer(req);
  if (!token) {
    return { error: armError(401, 'AuthenticationFailed', "Authentication failed. The 'Authorization' header is missing.") };
  }
  const decoded = signer.verify(token);
  if (!decoded) {
    return { error: armError(401, 'InvalidAuthenticationToken', 'The access token is invalid.') };
  }
  const claims = decoded.claims;
  if (typeof claims.exp === 'number' && claims.exp * 1000 <= state.now().getTime()) {
    return {
      error: armError(401, 'ExpiredAuthenticationToken', 'The access token expiry UTC time is earlier than current UTC time.', {
        'WWW-Authenticate': `Bearer authorization_uri="https://login.windows.net/${state.org.tenantId}", error="invalid_token", error_description="The access token is expired."`,
      }),
    };
  }
  if (!ARM_AUDIENCES.has(String(claims.aud))) {
    return {
      error: armError(
        401,
        'InvalidAuthenticationTokenAudience',
        `The access token has been obtained for wrong audience or resource '${String(claims.aud)}'. It should exactly match with one of the allowed audiences '${ARM_AUDIENCE}','https://management.azure.com'.`,
      ),
    };
  }
  return { caller: { identityId: String(claims.oid), claims } };
}

/** The roles whose actions cover a provider's reads (absent: any role reads) and writes. */
export interface ArmRoles {
  read?: ReadonlySet<string>;
  write: ReadonlySet<string>;
}

/** Microsoft.Compute: any role reads, Owner / Contributor / Virtual Machine Contributor write. */
const COMPUTE_ROLES: ArmRoles = { write: new Set(['Owner', 'Contributor', 'Virtual Machine Contributor']) };

/** ARM RBAC for `action` on `scope` with the provider's `roles` (Compute by default); 403 AuthorizationFailed otherwise. */
export function authorizeArm(
  state: EmulatorState,
  caller: Caller,
  scope: string,
  action: string,
  write: boolean,
  roles: ArmRoles = COMPUTE_ROLES,
): RouteResponse | undefined {
  const lowerScope = scope.toLowerCase();
  const ok = state.org.armRoleAssignments.some(
    (a) =>
      a.principalObjectId.toLowerCase() === caller.identityId.toLowerCase() &&
      (lowerScope === a.scope.toLowerCase() || lowerScope.startsWith(`${a.scope.toLowerCase()}/`)) &&
      (write ? roles.write.has(a.role) : !roles.read || roles.read.has(a.role)),
  );
  if (ok) return undefined;
  const appId = String(caller.claims?.appid ?? '');
  return armError(
    403,
    'AuthorizationFailed',
    `The client '${appId}' with object id '${caller.identityId}' does not have authorization to perform action '${action}' over scope '${scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
  );
}

/** How the service words the missing permission of each grant. */
const PERMISSION_WORDS: Record<string, string> = {
  'pools:read': 'View',
  'pools:manage': 'Manage',
  'security:read': 'View',
  'security:manage': 'ManagePermissions',
  'graph:read': 'Read',
  tokenadmin: 'AdministerTokens',
  'pipelinepermissions:read': 'View',
  'pipelinepermissions:manage': 'Administer',
  'projects:read': 'GENERIC_READ',
  'tenantpolicy:read': 'Read tenant policies',
  'orgpolicy:read': 'Read organization policies',
  'auditlog:read': 'View audit log',
  'workitems:read': 'View work items in this node',
  'workitems:write': 'Edit work items in this node',
};

/** The 403 Azure DevOps answers when the caller lacks a permission (grant named in the message). */
export function accessDenied(state: EmulatorState, identityId: string, grant: string): RouteResponse {
  const name = state.identity(identityId)?.displayName ?? identityId;
  return adoError(
    403,
    'AccessCheckException',
    `Access denied. ${name} needs ${PERMISSION_WORDS[grant] ?? grant} permissions to perform the action (${grant}). For more information, contact the Azure DevOps Server administrator.`,
    'Microsoft.VisualStudio.Services.Security',
    'Microsoft.VisualStudio.Services.WebApi',
  );
}

/** Which emulated service a path belongs to (the URL layout of docs/architecture.md). */
export function serviceOf(path: string, orgName: string): ServiceName {
  const first = path.split('/').filter(Boolean)[0]?.toLowerCase() ?? '';
  if (first === '_arm') return 'arm';
  if (first === '_vssps') return 'vssps';
  if (first === '_audit') return 'auditservice';
  if (first === '_msi') return 'entra';
  if (first === orgName.toLowerCase()) return /\/oidctoken\/?$/i.test(path) ? 'oidc' : 'ado';
  return 'entra';
}
