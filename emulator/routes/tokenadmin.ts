import { randomUUID } from 'node:crypto';
import { adoError, json, noContent, type RouteContext, type RouteResponse } from '../http';
import type { Route } from '../router';
import type { SeedPat } from '../seed';

/** Token admin dates carry no zone suffix (`2026-12-01T00:00:00`). */
function zoneless(isoDate: string): string {
  return new Date(isoDate).toISOString().replace(/\.\d{3}Z$/, '');
}

function shape(pat: SeedPat): Record<string, unknown> {
  return {
    clientId: '00000000-0000-0000-0000-000000000000',
    accessId: '00000000-0000-0000-0000-000000000000',
    authorizationId: pat.authorizationId,
    hostAuthorizationId: '00000000-0000-0000-0000-000000000000',
    userId: pat.userId,
    validFrom: zoneless(pat.validFrom),
    validTo: zoneless(pat.validTo),
    displayName: pat.displayName,
    scope: pat.scope,
    targetAccounts: pat.targetAccounts,
    token: null,
    alternateToken: null,
    isValid: pat.isValid ?? true,
    isPublic: pat.isPublic ?? false,
    publicData: null,
    source: null,
    claims: null,
  };
}

function noRights(ctx: RouteContext): RouteResponse {
  const name = ctx.state.identity(ctx.caller?.identityId ?? '')?.displayName ?? '';
  return adoError(
    401,
    'UnauthorizedRequestException',
    `The user '${name}' does not have permission to administrate tokens in this organization.`,
    'Microsoft.VisualStudio.Services.Tokens',
    'Microsoft.VisualStudio.Services.WebApi',
  );
}

function list(defaultPageSize: () => number, maxPageSize: () => number | undefined) {
  return (ctx: RouteContext): RouteResponse => {
    if (!ctx.state.hasGrant(ctx.caller?.identityId ?? '', 'tokenadmin')) return noRights(ctx);
    const user = ctx.state.identityByDescriptor(ctx.params.descriptor);
    if (!user || user.unresolvable) {
      return adoError(
        404,
        'IdentityNotFoundException',
        `The user with descriptor ${ctx.params.descriptor} could not be found.`,
        'Microsoft.VisualStudio.Services.Identity',
        'Microsoft.VisualStudio.Services.WebApi',
      );
    }
    const pageSize = ctx.query.pagesize ? Number(ctx.query.pagesize) : defaultPageSize();
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000) {
      return adoError(400, 'ArgumentOutOfRangeException', 'pageSize must be between 1 and 1000.', 'System', 'mscorlib');
    }
    const size = Math.min(pageSize, maxPageSize() ?? pageSize);
    const token = ctx.query.continuationtoken;
    const start = token ? ctx.state.continuations.get(token) : 0;
    if (start === undefined) return adoError(400, 'ArgumentException', `Invalid continuation token ${token}.`, 'System', 'mscorlib');
    const isPublic = ctx.query.ispublic?.toLowerCase() === 'true';
    const pats = ctx.state
      .patsOf(user.id)
      .filter((p) => (p.isPublic ?? false) === isPublic)
      .sort((a, b) => a.authorizationId.localeCompare(b.authorizationId));
    const page = pats.slice(start, start + size);
    let next: string | null = null;
    if (start + size < pats.length) {
      next = randomUUID();
      ctx.state.continuations.set(next, start + size);
    }
    return json(200, { value: page.map(shape), continuationToken: next });
  };
}

function revoke(ctx: RouteContext): RouteResponse {
  if (!ctx.state.hasGrant(ctx.caller?.identityId ?? '', 'tokenadmin')) return noRights(ctx);
  const body = Array.isArray(ctx.body) ? (ctx.body as { authorizationId?: string }[]) : undefined;
  if (!body) return adoError(400, 'ArgumentNullException', 'Value cannot be null. Parameter name: revocations', 'System', 'mscorlib');
  const ids = new Set(body.map((b) => String(b.authorizationId ?? '').toLowerCase()));
  ctx.state.org.pats = ctx.state.org.pats.filter((p) => !ids.has(p.authorizationId.toLowerCase()));
  return noContent();
}

/** tokenadmin on the vssps host. The grant check is in the handlers because the service answers 401, not 403. */
export function tokenAdminRoutes(defaultPageSize: () => number, maxPageSize: () => number | undefined = () => undefined): Route[] {
  return [
    {
      method: 'GET',
      service: 'vssps',
      template: '/_vssps/:org/_apis/tokenadmin/personalaccesstokens/:descriptor',
      area: 'tokenadmin',
      resource: 'personalaccesstokens',
      handlerGrant: 'tokenadmin',
      handler: list(defaultPageSize, maxPageSize),
    },
    {
      method: 'POST',
      service: 'vssps',
      template: '/_vssps/:org/_apis/tokenadmin/revocations',
      area: 'tokenadmin',
      resource: 'revocations',
      handlerGrant: 'tokenadmin',
      handler: revoke,
    },
  ];
}
