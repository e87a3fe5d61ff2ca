import type { Grant } from './seed';
import type { RouteContext, RouteResponse, ServiceName } from './http';

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
  handler: Handler;
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

/** A tiny router: first registered match wins. */
export class Router {
  private readonly routes: Route[] = [];

  add(...routes: Route[]): void {
    this.routes.push(...routes);
  }

  match(method: string, service: ServiceName, path: string): RouteMatch | undefined {
    const segments = path.split('/').filter(Boolean);
    for (const route of this.routes) {
      if (route.service !== service || route.method !== method) continue;
      const params = matchTemplate(route.template, segments);
      if (params) return { route, params };
    }
    return undefined;
  }

  /** True when some route exists for the path with another method (→ 405 rather than 404). */
  hasPath(service: ServiceName, path: string): boolean {
    const segments = path.split('/').filter(Boolean);
    return this.routes.some((r) => r.service === service && matchTemplate(r.template, segments) !== undefined);
  }

  all(): readonly Route[] {
    return this.routes;
  }
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
