import { adoError, json, noContent, type RouteContext, type RouteResponse } from '../http';
import { routeMaker, withApiVersion, type Route } from '../router';
import type { EmulatorState } from '../state';
import { identityRef } from './shapes';

interface RoleDef {
  name: string;
  allowPermissions: number;
  description: string;
}

/** Permission bits (View=1, Manage=2, Listen=4, AdministerPermissions=8, Use=16, Create=32); values are the emulator's choice. */
const POOL_ROLES: RoleDef[] = [
  { name: 'Reader', allowPermissions: 1, description: 'Can view the agent pool.' },
  {
    name: 'Service Account',
    allowPermissions: 21,
    description: 'Can view agents, create sessions, and listen for jobs from the agent pool.',
  },
  { name: 'Administrator', allowPermissions: 27, description: 'Can administer, manage, view and use agent pools.' },
];
const QUEUE_ROLES: RoleDef[] = [
  { name: 'Reader', allowPermissions: 1, description: 'Can view the agent queue.' },
  { name: 'User', allowPermissions: 17, description: 'Can use the agent queue when authoring pipelines.' },
  { name: 'Creator', allowPermissions: 49, description: 'Can create and use agent queues.' },
  { name: 'Administrator', allowPermissions: 27, description: 'Can administer, manage, view and use agent queues.' },
];

const SCOPES: Record<string, RoleDef[]> = {
  'distributedtask.globalagentpoolrole': POOL_ROLES,
  'distributedtask.agentpoolrole': POOL_ROLES,
  'distributedtask.globalagentqueuerole': QUEUE_ROLES,
  'distributedtask.agentqueuerole': QUEUE_ROLES,
};

function roleShape(scopeId: string, role: RoleDef): Record<string, unknown> {
  return {
    displayName: role.name,
    name: role.name,
    allowPermissions: role.allowPermissions,
    denyPermissions: 0,
    identifier: `${scopeId}.${role.name}`,
    description: role.description,
    scope: scopeId,
  };
}

/** The parent resource a resource inherits from (org all-pools → pool; project all-pools → queue). */
function parentOf(scopeId: string, resourceId: string): { scopeId: string; resourceId: string } | undefined {
  if (scopeId === 'distributedtask.agentpoolrole') return { scopeId: 'distributedtask.globalagentpoolrole', resourceId: '0' };
  if (scopeId === 'distributedtask.agentqueuerole')
    return { scopeId: 'distributedtask.globalagentqueuerole', resourceId: resourceId.split('_')[0] };
  return undefined;
}

function inheritanceOn(state: EmulatorState, scopeId: string, resourceId: string): boolean {
  return !state.org.inheritanceDisabled.some((d) => d.scopeId === scopeId && d.resourceId === resourceId);
}

/** Assigned ones, then inherited ones for identities not assigned here. */
export function effectiveAssignments(state: EmulatorState, scopeId: string, resourceId: string): Record<string, unknown>[] {
  const roles = SCOPES[scopeId];
  const here = state.org.roleAssignments.filter((a) => a.scopeId === scopeId && a.resourceId === resourceId);
  const out = here.map((a) => ({ identityId: a.identityId, role: a.role, access: 'assigned' }));
  const parent = parentOf(scopeId, resourceId);
  if (parent && inheritanceOn(state, scopeId, resourceId)) {
    for (const a of state.org.roleAssignments.filter((x) => x.scopeId === parent.scopeId && x.resourceId === parent.resourceId)) {
      if (!out.some((o) => o.identityId.toLowerCase() === a.identityId.toLowerCase()))
        out.push({ identityId: a.identityId, role: a.role, access: 'inherited' });
    }
  }
  return out.map((o) => {
    const role = roles.find((r) => r.name === o.role) ?? { name: o.role, allowPermissions: 0, description: '' };
    return {
      identity: holderRef(state, o.identityId),
      role: roleShape(scopeId, role),
      access: o.access,
      accessDisplayName: o.access === 'assigned' ? 'Assigned' : 'Inherited',
    };
  });
}

/**
 * The holder of a role assignment. The official example (securityRoles/7.1/httpExamples/roleAssignments/AddRoleAssignments.json)
 * has only `{displayName, id, uniqueName}`: people and service principals are served that way here, so clients must find
 * their descriptor from the storage key (`graph/descriptors/{id}`); groups carry `descriptor` and `isContainer`.
 */
function holderRef(state: EmulatorState, id: string): Record<string, unknown> {
  const ref = identityRef(state, id);
  if (state.identity(id)?.kind === 'group') return ref;
  return { displayName: ref.displayName, id: ref.id, uniqueName: ref.uniqueName };
}

function checkScope(ctx: RouteContext): RouteResponse | undefined {
  if (SCOPES[ctx.params.scopeId.toLowerCase()]) return undefined;
  return adoError(
    404,
    'SecurityRoleScopeNotFoundException',
    `The security role scope ${ctx.params.scopeId} could not be found.`,
    'Microsoft.VisualStudio.Services.Security',
  );
}

function list(ctx: RouteContext): RouteResponse {
  const bad = checkScope(ctx);
  if (bad) return bad;
  const value = effectiveAssignments(ctx.state, ctx.params.scopeId.toLowerCase(), ctx.params.resourceId);
  return json(200, { count: value.length, value });
}

function upsert(ctx: RouteContext, identityId: string, roleName: string): RouteResponse | undefined {
  const scopeId = ctx.params.scopeId.toLowerCase();
  if (!SCOPES[scopeId].some((r) => r.name === roleName)) {
    return adoError(
      400,
      'InvalidRoleException',
      `The role ${roleName} is not valid for scope ${scopeId}.`,
      'Microsoft.VisualStudio.Services.Security',
    );
  }
  const list = ctx.state.org.roleAssignments;
  const existing = list.find(
    (a) => a.scopeId === scopeId && a.resourceId === ctx.params.resourceId && a.identityId.toLowerCase() === identityId.toLowerCase(),
  );
  if (existing) existing.role = roleName;
  else list.push({ scopeId, resourceId: ctx.params.resourceId, identityId, role: roleName });
  return undefined;
}

function assignedOnly(ctx: RouteContext, ids: string[]): Record<string, unknown>[] {
  const set = new Set(ids.map((i) => i.toLowerCase()));
  return effectiveAssignments(ctx.state, ctx.params.scopeId.toLowerCase(), ctx.params.resourceId).filter((a) =>
    set.has(String((a.identity as { id: string }).id).toLowerCase()),
  );
}

function setMany(ctx: RouteContext): RouteResponse {
  const bad = checkScope(ctx);
  if (bad) return bad;
  const body = (Array.isArray(ctx.body) ? ctx.body : []) as { roleName: string; userId: string }[];
  for (const item of body) {
    const err = upsert(ctx, item.userId, item.roleName);
    if (err) return err;
  }
  const value = assignedOnly(
    ctx,
    body.map((b) => b.userId),
  );
  return json(200, { count: value.length, value });
}

function setOne(ctx: RouteContext): RouteResponse {
  const bad = checkScope(ctx);
  if (bad) return bad;
  const body = (ctx.body ?? {}) as { roleName?: string };
  const err = upsert(ctx, ctx.params.identityId, body.roleName ?? '');
  if (err) return err;
  return json(200, assignedOnly(ctx, [ctx.params.identityId])[0]);
}

function remove(ctx: RouteContext, ids: string[]): void {
  const scopeId = ctx.params.scopeId.toLowerCase();
  const set = new Set(ids.map((i) => i.toLowerCase()));
  ctx.state.org.roleAssignments = ctx.state.org.roleAssignments.filter(
    (a) => !(a.scopeId === scopeId && a.resourceId === ctx.params.resourceId && set.has(a.identityId.toLowerCase())),
  );
}

/** PATCH: `?inheritPermissions=` toggles inheritance; otherwise the body lists identity ids to remove. */
function patch(ctx: RouteContext): RouteResponse {
  const bad = checkScope(ctx);
  if (bad) return bad;
  const scopeId = ctx.params.scopeId.toLowerCase();
  const inherit = ctx.query.inheritpermissions;
  if (inherit !== undefined) {
    const list = ctx.state.org.inheritanceDisabled.filter((d) => !(d.scopeId === scopeId && d.resourceId === ctx.params.resourceId));
    if (inherit.toLowerCase() === 'false') list.push({ scopeId, resourceId: ctx.params.resourceId });
    ctx.state.org.inheritanceDisabled = list;
    return noContent();
  }
  remove(ctx, Array.isArray(ctx.body) ? (ctx.body as string[]) : []);
  return noContent();
}

/** securityroles role assignments and definitions for the four agent pool scopes. */
export function securityRoleRoutes(): Route[] {
  const base = '/:org/_apis/securityroles/scopes/:scopeId/roleassignments/resources/:resourceId';
  const r = routeMaker('ado', 'securityroles');
  // securityRoles/7.1/securityRoles.json marks every operation x-ms-preview.
  return withApiVersion(
    'preview',
    r('GET', base, 'roleassignments', 'security:read', list),
    r('PUT', base, 'roleassignments', 'security:manage', setMany),
    r('PATCH', base, 'roleassignments', 'security:manage', patch),
    r('PUT', `${base}/:identityId`, 'roleassignments', 'security:manage', setOne),
    r('DELETE', `${base}/:identityId`, 'roleassignments', 'security:manage', (ctx) => {
      const bad = checkScope(ctx);
      if (bad) return bad;
      remove(ctx, [ctx.params.identityId]);
      return noContent();
    }),
    r('GET', '/:org/_apis/securityroles/scopes/:scopeId/roledefinitions', 'roledefinitions', 'security:read', (ctx) => {
      const bad = checkScope(ctx);
      if (bad) return bad;
      const scopeId = ctx.params.scopeId.toLowerCase();
      const value = SCOPES[scopeId].map((role) => roleShape(scopeId, role));
      return json(200, { count: value.length, value });
    }),
  );
}
