import { adoError, collection, json, type RouteContext, type RouteResponse } from '../http';
import type { ApiVersionRule, Route } from '../router';
import type { SeedIdentity } from '../seed';
import type { EmulatorState } from '../state';
import { legacyDescriptor } from './identities';

function graphBase(ctx: RouteContext): string {
  return `${ctx.baseUrl}/_vssps/${ctx.state.org.organization.name}/_apis/graph`;
}

/** GraphUser / GraphGroup / GraphServicePrincipal for an identity. */
export function subjectShape(ctx: RouteContext, i: SeedIdentity): Record<string, unknown> {
  const base = graphBase(ctx);
  const kindPath = i.kind === 'group' ? 'Groups' : i.kind === 'servicePrincipal' ? 'ServicePrincipals' : 'Users';
  const links = {
    self: { href: `${base}/${kindPath}/${i.descriptor}` },
    memberships: { href: `${base}/Memberships/${i.descriptor}` },
    membershipState: { href: `${base}/MembershipStates/${i.descriptor}` },
    storageKey: { href: `${base}/StorageKeys/${i.descriptor}` },
    avatar: { href: `${ctx.baseUrl}/${ctx.state.org.organization.name}/_apis/GraphProfile/MemberAvatars/${i.descriptor}` },
  };
  const common = {
    origin: i.origin,
    originId: i.originId ?? i.id,
    displayName: i.displayName,
    _links: links,
    url: links.self.href,
    descriptor: i.descriptor,
    ...(i.isDeletedInOrigin ? { isDeletedInOrigin: true } : {}),
  };
  if (i.kind === 'group') {
    return {
      subjectKind: 'group',
      description: i.description ?? '',
      domain: i.domain ?? `vstfs:///Classification/TeamProject/${ctx.state.org.organization.id}`,
      principalName: i.principalName ?? `[${ctx.state.org.organization.name}]\\${i.displayName}`,
      mailAddress: i.mailAddress ?? null,
      ...common,
    };
  }
  if (i.kind === 'servicePrincipal') {
    return {
      subjectKind: 'servicePrincipal',
      applicationId: i.appId,
      directoryAlias: null,
      domain: i.domain ?? ctx.state.org.tenantId,
      principalName: i.appId,
      mailAddress: null,
      metaType: 'application',
      ...common,
    };
  }
  return {
    subjectKind: 'user',
    metaType: i.kind === 'buildService' ? undefined : 'member',
    directoryAlias: i.principalName?.split('@')[0],
    domain: i.domain ?? (i.kind === 'buildService' ? 'Build' : ctx.state.org.tenantId),
    principalName: i.principalName ?? i.displayName,
    mailAddress: i.mailAddress ?? i.principalName ?? '',
    ...common,
  };
}

function resolvable(state: EmulatorState): SeedIdentity[] {
  return state.org.identities.filter((i) => !i.unresolvable);
}

function subjectNotFound(descriptor: string): RouteResponse {
  return adoError(
    404,
    'GraphSubjectNotFoundException',
    `VS860015: The subject with descriptor ${descriptor} could not be found.`,
    'Microsoft.VisualStudio.Services.Graph',
    'Microsoft.VisualStudio.Services.WebApi',
  );
}

/** Header-continuation paging (`X-MS-ContinuationToken`), opaque tokens. */
function paged(ctx: RouteContext, items: SeedIdentity[], pageSize: number): RouteResponse {
  const token = ctx.query.continuationtoken;
  const start = token
    ? Number(
        Buffer.from(token, 'base64url')
          .toString('utf8')
          .replace(/^offset:/, ''),
      ) || 0
    : 0;
  const page = items.slice(start, start + pageSize);
  const headers: Record<string, string> = {};
  if (start + pageSize < items.length) headers['X-MS-ContinuationToken'] = Buffer.from(`offset:${start + pageSize}`).toString('base64url');
  return collection(
    page.map((i) => subjectShape(ctx, i)),
    headers,
  );
}

function typeFilter(ctx: RouteContext): (i: SeedIdentity) => boolean {
  const types = (ctx.query.subjecttypes ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  return (i) => types.length === 0 || types.includes(i.descriptor.split('.')[0].toLowerCase());
}

function byDescriptor(ctx: RouteContext, kinds: SeedIdentity['kind'][]): RouteResponse {
  const i = ctx.state.identityByDescriptor(ctx.params.descriptor);
  if (!i || i.unresolvable || !kinds.includes(i.kind)) return subjectNotFound(ctx.params.descriptor);
  return json(200, subjectShape(ctx, i));
}

/**
 * The membership descriptor of a member as the service writes it. The official examples
 * (graph/7.1/httpExamples/MembershipsBatch/*.json) carry legacy identity descriptors, base64 of `<type>;<value>` without
 * padding; people (ClaimsIdentity users) are served that way here, everyone else by subject descriptor, so clients
 * must resolve both (subject lookup answers for either).
 */
function membershipDescriptor(ctx: RouteContext, member: SeedIdentity): string {
  if (member.kind !== 'user') return member.descriptor;
  return Buffer.from(legacyDescriptor(ctx.state, member), 'utf8').toString('base64url');
}

/** An identity from a subject descriptor or an encoded legacy identity descriptor. */
function subjectOf(ctx: RouteContext, descriptor: string): SeedIdentity | undefined {
  const bySubject = ctx.state.identityByDescriptor(descriptor);
  if (bySubject) return bySubject;
  if (descriptor.includes('.')) return undefined;
  const decoded = Buffer.from(descriptor, 'base64url').toString('utf8');
  if (!decoded.includes(';')) return undefined;
  return ctx.state.org.identities.find((i) => legacyDescriptor(ctx.state, i) === decoded);
}

function memberships(ctx: RouteContext): RouteResponse {
  const subject = ctx.state.identityByDescriptor(ctx.params.descriptor);
  if (!subject || subject.unresolvable) return subjectNotFound(ctx.params.descriptor);
  const direction = (ctx.query.direction ?? 'up').toLowerCase();
  const base = graphBase(ctx);
  const link = (container: SeedIdentity, member: SeedIdentity, memberDescriptor = member.descriptor) => ({
    _links: {
      self: { href: `${base}/Memberships/${memberDescriptor}/${container.descriptor}` },
      member: { href: `${base}/Users/${memberDescriptor}` },
      container: { href: `${base}/Groups/${container.descriptor}` },
    },
    containerDescriptor: container.descriptor,
    memberDescriptor,
  });
  if (direction === 'down') {
    const members = (subject.members ?? []).map((id) => ctx.state.identity(id)).filter((m): m is SeedIdentity => !!m && !m.unresolvable);
    return collection(members.map((m) => link(subject, m, membershipDescriptor(ctx, m))));
  }
  const groups = ctx.state.org.identities.filter(
    (g) => g.kind === 'group' && g.members?.some((m) => m.toLowerCase() === subject.id.toLowerCase()),
  );
  return collection(groups.map((g) => link(g, subject)));
}

/** Keyed by the descriptor asked for (subject or legacy); each value carries the subject descriptor. */
function subjectLookup(ctx: RouteContext): RouteResponse {
  const keys = ((ctx.body ?? {}) as { lookupKeys?: { descriptor: string }[] }).lookupKeys ?? [];
  const value: Record<string, unknown> = {};
  for (const key of keys) {
    const i = subjectOf(ctx, key.descriptor);
    if (i && !i.unresolvable) value[key.descriptor] = subjectShape(ctx, i);
  }
  return json(200, { count: Object.keys(value).length, value });
}

/** Graph on the vssps host. */
export function graphRoutes(pageSize: () => number): Route[] {
  const base = '/_vssps/:org/_apis/graph';
  // graph/7.1/graph.json: every operation we serve is x-ms-preview except descriptors and storagekeys.
  const r = (
    method: string,
    template: string,
    resource: string,
    handler: Route['handler'],
    apiVersion: ApiVersionRule = 'preview',
  ): Route => ({
    method,
    apiVersion,
    service: 'vssps',
    template: `${base}${template}`,
    area: 'graph',
    resource,
    grant: 'graph:read',
    handler,
  });
  return [
    r('GET', '/users', 'users', (ctx) =>
      paged(
        ctx,
        resolvable(ctx.state)
          .filter((i) => i.kind === 'user' || i.kind === 'buildService')
          .filter(typeFilter(ctx)),
        pageSize(),
      ),
    ),
    r('GET', '/users/:descriptor', 'users', (ctx) => byDescriptor(ctx, ['user', 'buildService'])),
    r('GET', '/groups', 'groups', (ctx) =>
      paged(
        ctx,
        resolvable(ctx.state)
          .filter((i) => i.kind === 'group')
          .filter(typeFilter(ctx)),
        pageSize(),
      ),
    ),
    r('GET', '/groups/:descriptor', 'groups', (ctx) => byDescriptor(ctx, ['group'])),
    r('GET', '/serviceprincipals', 'serviceprincipals', (ctx) =>
      paged(
        ctx,
        resolvable(ctx.state).filter((i) => i.kind === 'servicePrincipal'),
        pageSize(),
      ),
    ),
    r('GET', '/serviceprincipals/:descriptor', 'serviceprincipals', (ctx) => byDescriptor(ctx, ['servicePrincipal'])),
    r('GET', '/memberships/:descriptor', 'memberships', memberships),
    r('GET', '/membershipstates/:descriptor', 'membershipstates', (ctx) => {
      const i = ctx.state.identityByDescriptor(ctx.params.descriptor);
      if (!i || i.unresolvable) return subjectNotFound(ctx.params.descriptor);
      return json(200, { _links: { self: { href: `${graphBase(ctx)}/MembershipStates/${i.descriptor}` } }, active: i.active !== false });
    }),
    r(
      'GET',
      '/descriptors/:storageKey',
      'descriptors',
      (ctx) => {
        const i = ctx.state.identity(ctx.params.storageKey);
        if (!i || i.unresolvable) return subjectNotFound(ctx.params.storageKey);
        return json(200, { value: i.descriptor, _links: { self: { href: `${graphBase(ctx)}/Descriptors/${i.id}` } } });
      },
      'released',
    ),
    r(
      'GET',
      '/storagekeys/:descriptor',
      'storagekeys',
      (ctx) => {
        const i = ctx.state.identityByDescriptor(ctx.params.descriptor);
        if (!i || i.unresolvable) return subjectNotFound(ctx.params.descriptor);
        return json(200, { value: i.id, _links: { self: { href: `${graphBase(ctx)}/StorageKeys/${i.descriptor}` } } });
      },
      'released',
    ),
    { ...r('POST', '/subjectlookup', 'subjectlookup', subjectLookup), readOnly: true },
  ];
}
