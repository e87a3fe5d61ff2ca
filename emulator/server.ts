import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { accessDenied, authenticateAdo, authenticateArm, serviceOf } from './auth';
import type { FaultInjector, FaultRule } from './faults';
import { adoError, armError, entraError, json, signInPage, type RouteContext, type RouteResponse, type ServiceName } from './http';
import type { JwtSigner } from './jwt';
import { apiVersionError, requestedApiVersion, type Router } from './router';
import type { Grant } from './seed';
import type { EmulatorState } from './state';
import type { Throttle } from './throttle';

/** One handled request, in arrival order. */
export interface RecordedRequest {
  seq: number;
  method: string;
  service: ServiceName;
  path: string;
  query: Record<string, string>;
  /** 0 when the connection was reset by a fault. */
  status: number;
  identityId?: string;
  area?: string;
  resource?: string;
  /** Simulated time the request arrived (ISO). */
  time: string;
  /** True when a fault answered instead of the route. */
  faulted?: boolean;
  /** True when the matched route changes state (any non-GET route not marked read-only). */
  write?: boolean;
  /** The matched route's template (e.g. `/:org/_apis/distributedtask/pools/:poolId`) and the grant it checks. */
  route?: string;
  /** The Azure DevOps grant the matched route requires (`grant` or `handlerGrant` of the route table), if any. */
  grant?: Grant;
  /** Parsed JSON body of an Azure DevOps / vssps request (e.g. the descriptors of a subject lookup). */
  body?: unknown;
}

export type RequestHook = (req: RecordedRequest, state: EmulatorState) => void;

export interface PipelineDeps {
  state: EmulatorState;
  signer: JwtSigner;
  router: Router;
  faults: FaultInjector;
  throttle?: Throttle;
  latency?: { fixedMs: number; jitterMs: number };
  random: () => number;
  baseUrl: () => string;
  requests: RecordedRequest[];
  hooks: Set<RequestHook>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseBody(req: IncomingMessage, raw: string): unknown {
  if (!raw) return undefined;
  const type = String(req.headers['content-type'] ?? '');
  if (type.includes('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(raw));
  return JSON.parse(raw);
}

/** The body a fault of kind `status` answers with, in the service's own error shape. */
function faultResponse(service: ServiceName, rule: FaultRule): RouteResponse {
  const status = rule.status ?? 500;
  const headers: Record<string, string> = rule.retryAfterSeconds !== undefined ? { 'Retry-After': String(rule.retryAfterSeconds) } : {};
  let res: RouteResponse;
  if (service === 'arm') {
    res =
      status === 429
        ? armError(429, 'TooManyRequests', 'The request is being throttled as the limit has been reached for operation type - Read_30Min.')
        : armError(status, status === 503 ? 'ServiceUnavailable' : 'InternalServerError', 'The server encountered an internal error.');
  } else if (service === 'entra') {
    res = entraError(status, 'temporarily_unavailable', 50196, 'The server temporarily throttled the request.');
  } else if (status === 429) {
    res = adoError(
      429,
      'RequestBlockedException',
      "TF400733: The request has been canceled: Request was blocked due to exceeding usage of resource 'Core' in namespace 'User'.",
      'Microsoft.TeamFoundation.Framework.Server',
    );
  } else if (status === 401) {
    // What Azure DevOps answers an identity that is not (or no longer) a member of the organization.
    res = adoError(
      401,
      'UnauthorizedRequestException',
      "TF400813: The user '' is not authorized to access this resource.",
      'Microsoft.TeamFoundation.Framework.Server',
    );
  } else if (status === 403) {
    res = adoError(
      403,
      'AccessCheckException',
      'Access denied. The caller needs View permissions to perform the action.',
      'Microsoft.VisualStudio.Services.Security',
      'Microsoft.VisualStudio.Services.WebApi',
    );
  } else {
    res = adoError(
      status,
      'VssServiceException',
      'VS402371: The service is temporarily unavailable.',
      'Microsoft.VisualStudio.Services.Common',
    );
  }
  return { ...res, headers: { ...res.headers, ...headers } };
}

function notFound(service: ServiceName, path: string): RouteResponse {
  if (service === 'arm') return armError(404, 'InvalidResourceType', `The resource type could not be found for path '${path}'.`);
  if (service === 'entra') return json(404, { error: 'not_found', error_description: `No Entra route for ${path}` });
  return adoError(
    404,
    'VssResourceNotFoundException',
    `VS800075: The project or API route for ${path} could not be found.`,
    'Microsoft.VisualStudio.Services.WebApi',
  );
}

/** Handles one HTTP request end to end: record, latency, faults, auth, throttling, grants, route, hooks. */
export async function handleRequest(deps: PipelineDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { state } = deps;
  const url = new URL(req.url ?? '/', 'https://emulator');
  const path = url.pathname;
  const method = (req.method ?? 'GET').toUpperCase();
  const query: Record<string, string> = {};
  for (const [k, v] of url.searchParams) query[k.toLowerCase()] = v;
  const service = serviceOf(path, state.org.organization.name);
  const record: RecordedRequest = {
    seq: deps.requests.length + 1,
    method,
    service,
    path,
    query,
    status: 0,
    time: state.now().toISOString(),
  };
  deps.requests.push(record);

  const finish = (response: RouteResponse) => {
    record.status = response.status;
    send(res, service, response);
    for (const hook of deps.hooks) hook(record, state);
  };

  const rawBody = await readBody(req);
  if (deps.latency) await sleep(deps.latency.fixedMs + deps.latency.jitterMs * deps.random());

  const fault = deps.faults.pick(service, method, path);
  if (fault) {
    if (fault.kind === 'latency') await sleep(fault.delayMs ?? 100);
    else {
      record.faulted = true;
      if (fault.kind === 'reset') {
        req.socket.destroy();
        for (const hook of deps.hooks) hook(record, state);
        return;
      }
      return finish(fault.kind === 'html203' ? signInPage() : faultResponse(service, fault));
    }
  }

  const match = deps.router.match(method, service, path);
  if (!match) {
    return finish(deps.router.hasPath(service, path) ? json(405, { message: `Method ${method} not allowed.` }) : notFound(service, path));
  }
  record.area = match.route.area;
  record.resource = match.route.resource;
  record.grant = match.route.grant ?? match.route.handlerGrant;
  record.write = !['GET', 'HEAD', 'OPTIONS'].includes(method) && !match.route.readOnly;
  record.route = match.route.template;

  let body: unknown;
  try {
    body = parseBody(req, rawBody);
  } catch {
    return finish(
      service === 'arm'
        ? armError(400, 'InvalidRequestContent', 'The request content was invalid and could not be deserialized.')
        : adoError(
            400,
            'VssRequestContentException',
            'The request body could not be parsed as JSON.',
            'Microsoft.VisualStudio.Services.WebApi',
          ),
    );
  }

  if ((service === 'ado' || service === 'vssps') && body !== undefined) record.body = body;

  const ctx: RouteContext = {
    req,
    service,
    path,
    params: match.params,
    query,
    rawBody,
    body,
    state,
    signer: deps.signer,
    baseUrl: deps.baseUrl(),
  };
  const extraHeaders: Record<string, string> = {};
  if (!match.route.anonymous && service !== 'entra') {
    const auth = service === 'arm' ? authenticateArm(req, state, deps.signer) : authenticateAdo(req, state, deps.signer);
    if ('error' in auth) return finish(auth.error);
    ctx.caller = auth.caller;
    record.identityId = auth.caller.identityId;
    if (deps.throttle && (service === 'ado' || service === 'vssps' || service === 'auditservice')) {
      const decision = deps.throttle.check(auth.caller.identityId);
      Object.assign(extraHeaders, decision.headers);
      if (decision.blocked) {
        const blocked = faultResponse(service, { kind: 'status', status: 429 });
        return finish({ ...blocked, headers: { ...blocked.headers, ...decision.headers } });
      }
    }
  }
  // The version is part of route selection: checked after sign-in, before permissions (see router.ts).
  const versionError = apiVersionError(match.route, method, requestedApiVersion(ctx));
  if (versionError) return finish(versionError);
  if (ctx.caller && match.route.grant && !state.hasGrant(ctx.caller.identityId, match.route.grant)) {
    return finish(accessDenied(state, ctx.caller.identityId, match.route.grant));
  }

  let response: RouteResponse;
  try {
    response = await match.route.handler(ctx);
  } catch (err) {
    response = json(500, { message: `emulator error: ${(err as Error).message}` });
  }
  finish({ ...response, headers: { ...extraHeaders, ...response.headers } });
}

function send(res: ServerResponse, service: ServiceName, response: RouteResponse): void {
  const headers: Record<string, string> = { ...response.headers };
  if (service === 'ado' || service === 'vssps' || service === 'auditservice' || service === 'oidc') {
    headers['x-vss-e2eid'] ??= randomUUID();
    headers['activityid'] ??= randomUUID();
  }
  if (service === 'arm') headers['x-ms-request-id'] ??= randomUUID();
  let payload: string | undefined;
  if (response.body !== undefined) {
    if (typeof response.body === 'string') payload = response.body;
    else {
      payload = JSON.stringify(response.body);
      headers['content-type'] ??=
        service === 'ado' || service === 'vssps' || service === 'auditservice'
          ? 'application/json; charset=utf-8; api-version=7.1'
          : 'application/json; charset=utf-8';
    }
  }
  if (payload !== undefined) headers['content-length'] = String(Buffer.byteLength(payload));
  res.writeHead(response.status, headers);
  res.end(payload);
}
