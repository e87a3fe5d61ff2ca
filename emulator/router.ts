/**
 * The emulator's router: method + path template → handler, as strict as the real services' routers.
 *
 * Paths are canonical: a trailing `/` or an empty segment (`a//b`) matches no route (404), as on Azure DevOps, vssps
 * and ARM, so a client that sends one fails its tests.
 *
 * api-version rules: every Azure DevOps, vssps and job-OIDC route checks `api-version` (query parameter or the
 * `api-version=` of the Accept header, as the service reads it) before its handler, in the service's error shape
 * (`adoError`, see `apiVersionError`). Declare a route's rule in one line with the `apiVersion` field (or wrap many
 * with `withApiVersion(rule, ...routes)`); routes that declare none get the default of their service:
 *
 * | rule          | accepts                                                               | default for            |
 * | ------------- | --------------------------------------------------------------------- | ---------------------- |
 * | `'released'`  | `M.m` up to 7.1, `M.m-preview[.N]` up to 7.2                          | ado, vssps, audit, oidc|
 * | `'preview'`   | only `M.m-preview[.N]` up to 7.2 (else 400 VssInvalidPreviewVersion…) | —                      |
 * | `'optional'`  | no version at all, or what `'released'` accepts (undocumented routes)  | —                      |
 * | `'none'`      | anything (OAuth, discovery, OPTIONS route lookup)                      | entra, arm, OPTIONS    |
 * | `string[]`    | exactly these versions (ARM style; ARM error shape for arm routes)    | —                      |
 *
 * Missing → 400 VssVersionNotSpecifiedException; unparsable → 400 VssInvalidApiResourceVersionException; above 7.2 →
 * 400 VssVersionOutOfRangeException. ARM routes in `routes/arm.ts` still check their versions in their handlers.
 */
import { adoError, armError, armMissingApiVersion, type RouteContext, type RouteResponse, type ServiceName } from './http';
import type { Grant } from './seed';

/** See the table at the top of this file. */
export type ApiVersionRule = 'released' | 'preview' | 'optional' | 'none' | readonly string[];

export type Handler = (ctx: RouteContext) => RouteResponse | Promise<RouteResponse>;

/** One route: method + path template (`:name` segments; literals compare case-insensitively). */
export interface Route {
  method: string;
  service: ServiceName;
  /** e.g. `/:org/_apis/distributedtask/pools/:poolId` */
  template: string;
  /** For request records and route discovery. */
  area?: string;
  resource?: string;
  /** Azure DevOps grant the caller needs (checked before the handler). */
  grant?: Grant;
  /** A grant the handler checks itself (to answer as the service does, e.g. 401 for token admin); recorded like `grant`. */
  handlerGrant?: Grant;
  /** Skip authentication (Entra, discovery). */
  anonymous?: boolean;
  /** A POST that only reads (lookups, token requests): not counted as a write. */
  readOnly?: boolean;
  /** api-version rule (see the top of this file); the service's default when absent. */
  apiVersion?: ApiVersionRule;
  handler: Handler;
}

/** Declares one api-version rule for many routes: `withApiVersion('preview', ...graphRoutes)`. */
export function withApiVersion(rule: ApiVersionRule, ...routes: Route[]): Route[] {
  return routes.map((route) => ({ ...route, apiVersion: rule }));
}

/** Latest version the emulated Azure DevOps serves (as a preview) and latest released one. */
const MAX_VERSION = [7, 2] as const;
const RELEASED_VERSION = [7, 1] as const;
const VERSION_PATTERN = /^(\d+)\.(\d+)(-preview(\.\d+)?)?$/i;

function ruleOf(route: Route, method: string): ApiVersionRule {
  if (route.apiVersion) return route.apiVersion;
  if (method === 'OPTIONS') return 'none';
  const versioned: ServiceName[] = ['ado', 'vssps', 'auditservice', 'oidc'];
  return versioned.includes(route.service) ? 'released' : 'none';
}

/** The requested api-version: query parameter first, then `Accept: application/json;api-version=…`. */
export function requestedApiVersion(ctx: Pick<RouteContext, 'query' | 'req'>): string | undefined {
  if (ctx.query['api-version'] !== undefined) return ctx.query['api-version'];
  const accept = String(ctx.req.headers.accept ?? '');
  return /api-version=([^;,\s]+)/i.exec(accept)?.[1];
}

const WEBAPI = 'Microsoft.VisualStudio.Services.WebApi';

/** The 400 the service answers for the route's api-version rule, or undefined when the version is acceptable. */
export function apiVersionError(route: Route, method: string, version: string | undefined): RouteResponse | undefined {
  const rule = ruleOf(route, method);
  if (rule === 'none') return undefined;
  if (Array.isArray(rule)) {
    if (!version) return armMissingApiVersion();
    if (rule.includes(version)) return undefined;
    return armError(
      400,
      'InvalidApiVersionParameter',
      `The api-version '${version}' is invalid. The supported versions are '${rule.join(',')}'.`,
    );
  }
  if (!version) {
    if (rule === 'optional') return undefined;
    return adoError(
      400,
      'VssVersionNotSpecifiedException',
      `No api-version was supplied for the ${method} request. The version must be supplied either as part of the Accept header ` +
        `(e.g. "application/json; api-version=1.0") or as a query parameter (e.g. "?api-version=1.0").`,
      WEBAPI,
    );
  }
  const match = VERSION_PATTERN.exec(version);
  if (!match) {
    return adoError(400, 'VssInvalidApiResourceVersionException', `The API version string '${version}' is invalid.`, WEBAPI);
  }
  const major = Number(match[1]);
  const minor = Number(match[2]);
  const preview = match[3] !== undefined;
  const above = (limit: readonly [number, number]) => major > limit[0] || (major === limit[0] && minor > limit[1]);
  if (above(MAX_VERSION)) {
    return adoError(
      400,
      'VssVersionOutOfRangeException',
      `The requested REST API version of ${major}.${minor} is out of range for this server. The latest REST API version this server supports is ${MAX_VERSION.join('.')}.`,
      WEBAPI,
    );
  }
  if (!preview && (rule === 'preview' || above(RELEASED_VERSION))) {
    return adoError(
      400,
      'VssInvalidPreviewVersionException',
      `The requested version "${version}" of the resource is under preview. The -preview flag must be supplied in the api-version for such requests. For example: "${version}-preview"`,
      WEBAPI,
    );
  }
  return undefined;
}

/** Routes of one service and area, written as `route(method, template, resource, grant, handler)`. */
export function routeMaker(service: ServiceName, area: string) {
  return (method: string, template: string, resource: string, grant: Grant | undefined, handler: Handler): Route => ({
    method,
    service,
    template,
    area,
    resource,
    grant,
    handler,
  });
}

export interface RouteMatch {
  route: Route;
  params: Record<string, string>;
}

/** A tiny router: first registered match wins; non-canonical paths match nothing. */
export class Router {
  private readonly routes: Route[] = [];

  add(...routes: Route[]): void {
    this.routes.push(...routes);
  }

  match(method: string, service: ServiceName, path: string): RouteMatch | undefined {
    const segments = segmentsOf(path);
    if (!segments) return undefined;
    for (const route of this.routes) {
      if (route.service !== service || route.method !== method) continue;
      const params = matchTemplate(route.template, segments);
      if (params) return { route, params };
    }
    return undefined;
  }

  /** True when some route exists for the path with another method (→ 405 rather than 404). */
  hasPath(service: ServiceName, path: string): boolean {
    const segments = segmentsOf(path);
    if (!segments) return false;
    return this.routes.some((r) => r.service === service && matchTemplate(r.template, segments) !== undefined);
  }

  all(): readonly Route[] {
    return this.routes;
  }
}

/** Path segments; undefined for a non-canonical path (trailing `/`, empty segment), which no route matches. */
function segmentsOf(path: string): string[] | undefined {
  const segments = path.split('/').slice(1);
  if (segments.some((segment) => segment === '')) return undefined;
  return segments;
}

function matchTemplate(template: string, segments: string[]): Record<string, string> | undefined {
  const parts = template.split('/').filter(Boolean);
  if (parts.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (part.startsWith(':')) params[part.slice(1)] = decodeURIComponent(segments[i]);
    else if (part.toLowerCase() !== segments[i].toLowerCase()) return undefined;
  }
  return params;
}
