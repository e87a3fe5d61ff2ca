import type { Identity } from '../model/identity';
import { ROLE_SCOPE_IDS, type RoleAssignment, type RoleDefinition, type RoleScopeKind } from '../model/roles';
import { API_VERSIONS, valuesOf, type AdoApi, type Collection } from './api';

interface RawRoleAssignment {
  identity: { id: string; displayName?: string; uniqueName?: string; descriptor?: string; isContainer?: boolean };
  role: { name: string; displayName?: string; scope?: string; allowPermissions?: number; denyPermissions?: number; description?: string };
  access?: string;
}

export interface RoleScope {
  kind: RoleScopeKind;
  resourceId: string;
  poolId?: number;
  projectId?: string;
  queueId?: number;
}

/** Resource ids of the four scopes, as the service (and its web UI) writes them. */
export const roleScopes = {
  orgAllPools: (): RoleScope => ({ kind: 'orgAllPools', resourceId: '0' }),
  orgPool: (poolId: number): RoleScope => ({ kind: 'orgPool', resourceId: String(poolId), poolId }),
  projectAllPools: (projectId: string): RoleScope => ({ kind: 'projectAllPools', resourceId: projectId, projectId }),
  projectQueue: (projectId: string, queueId: number, poolId?: number): RoleScope => ({
    kind: 'projectQueue',
    resourceId: `${projectId}_${queueId}`,
    projectId,
    queueId,
    poolId,
  }),
};

function url(api: AdoApi, scope: RoleScope, suffix = ''): string {
  return api.url(
    `_apis/securityroles/scopes/${ROLE_SCOPE_IDS[scope.kind]}/roleassignments/resources/${encodeURIComponent(scope.resourceId)}${suffix}`,
    { 'api-version': API_VERSIONS.securityRoles },
  );
}

/** Identity as known from a role assignment alone (kind is settled later by the resolver). */
function partialIdentity(raw: RawRoleAssignment['identity']): Identity {
  return {
    id: raw.id,
    descriptor: raw.descriptor,
    kind: 'unknown',
    displayName: raw.displayName ?? raw.uniqueName ?? raw.id,
    principalName: raw.uniqueName,
  };
}

export async function listRoleAssignments(api: AdoApi, scope: RoleScope): Promise<RoleAssignment[]> {
  const response = await api.client.get<Collection<RawRoleAssignment>>(url(api, scope));
  return valuesOf(response.body).map((raw) => ({
    scope: scope.kind,
    resourceId: scope.resourceId,
    poolId: scope.poolId,
    projectId: scope.projectId,
    queueId: scope.queueId,
    identity: partialIdentity(raw.identity),
    role: raw.role.name,
    access: raw.access === 'inherited' ? 'inherited' : 'assigned',
  }));
}

export async function listRoleDefinitions(api: AdoApi, kind: RoleScopeKind): Promise<RoleDefinition[]> {
  const response = await api.client.get<Collection<RawRoleAssignment['role']>>(
    api.url(`_apis/securityroles/scopes/${ROLE_SCOPE_IDS[kind]}/roledefinitions`, { 'api-version': API_VERSIONS.securityRoles }),
  );
  return valuesOf(response.body).map((role) => ({
    scope: role.scope ?? ROLE_SCOPE_IDS[kind],
    name: role.name,
    allowPermissions: role.allowPermissions ?? 0,
    denyPermissions: role.denyPermissions ?? 0,
    description: role.description,
  }));
}

/** Sets (adds or changes) an identity's role on a resource, e.g. downgrade to Reader. */
export async function setRoleAssignment(api: AdoApi, scope: RoleScope, identityId: string, roleName: string): Promise<void> {
  await api.client.send('PUT', url(api, scope), { body: [{ roleName, userId: identityId }] });
}
