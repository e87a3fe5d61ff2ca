import { json, type RouteContext, type RouteResponse } from '../http';
import type { Route } from '../router';
import type { SeedIdentity } from '../seed';
import type { EmulatorState } from '../state';
import { listParam } from './shapes';

const DESCRIPTOR_TYPES: Record<SeedIdentity['kind'], string> = {
  user: 'Microsoft.IdentityModel.Claims.ClaimsIdentity',
  group: 'Microsoft.TeamFoundation.Identity',
  servicePrincipal: 'Microsoft.VisualStudio.Services.Claims.AadServicePrincipal',
  buildService: 'Microsoft.TeamFoundation.ServiceIdentity',
};
const SCHEMA: Record<SeedIdentity['kind'], string> = {
  user: 'User',
  group: 'Group',
  servicePrincipal: 'ServicePrincipal',
  buildService: 'User',
};

/** The legacy (IMS) identity descriptor `<type>;<value>`, e.g. `Microsoft.IdentityModel.Claims.ClaimsIdentity;{tenant}\\{upn}`. */
export function legacyDescriptor(state: EmulatorState, i: SeedIdentity): string {
  const legacyValue =
    i.kind === 'servicePrincipal'
      ? `${state.org.tenantId}\\${i.originId ?? i.id}`
      : i.kind === 'group'
        ? `S-1-9-1551374245-${i.id}`
        : `${state.org.tenantId}\\${i.principalName ?? i.id}`;
  return `${DESCRIPTOR_TYPES[i.kind]};${legacyValue}`;
}

function shape(ctx: RouteContext, i: SeedIdentity): Record<string, unknown> {
  return {
    id: i.id,
    descriptor: legacyDescriptor(ctx.state, i),
    subjectDescriptor: i.descriptor,
    providerDisplayName: i.displayName,
    isActive: i.active !== false,
    isContainer: i.kind === 'group',
    members: [],
    memberOf: [],
    memberIds: [],
    resourceVersion: 2,
    metaTypeId: i.kind === 'group' ? 255 : 0,
    properties: {
      SchemaClassName: { $type: 'System.String', $value: SCHEMA[i.kind] },
      Account: { $type: 'System.String', $value: i.principalName ?? i.displayName },
      ...(i.mailAddress ? { Mail: { $type: 'System.String', $value: i.mailAddress } } : {}),
    },
  };
}

/** `identities?identityIds=` → one entry per id, `null` for ids it cannot resolve (legacy IMS). */
function search(ctx: RouteContext): RouteResponse {
  const ids = listParam(ctx.query.identityids);
  const descriptors = listParam(ctx.query.subjectdescriptors);
  const found = [...ids.map((id) => ctx.state.identity(id)), ...descriptors.map((d) => ctx.state.identityByDescriptor(d))].map((i) =>
    i && !i.unresolvable ? shape(ctx, i) : null,
  );
  return json(200, { count: found.length, value: found });
}

export function identityRoutes(): Route[] {
  return [
    {
      method: 'GET',
      service: 'vssps',
      template: '/_vssps/:org/_apis/identities',
      area: 'IMS',
      resource: 'Identities',
      grant: 'graph:read',
      handler: search,
    },
  ];
}
