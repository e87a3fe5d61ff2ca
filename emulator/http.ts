import type { IncomingMessage } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { EmulatorState } from './state';
import type { JwtSigner } from './jwt';

export type ServiceName = 'entra' | 'oidc' | 'ado' | 'vssps' | 'arm' | 'auditservice';

/** What a route handler returns. `body` objects are sent as JSON, strings as-is. */
export interface RouteResponse {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/** The authenticated caller, when the route's service authenticates. */
export interface Caller {
  /** Org identity id (ADO) or service principal object id (ARM). */
  identityId: string;
  /** Entra token claims (absent for job tokens). */
  claims?: Record<string, unknown>;
  /** The job, when the bearer was a job token. */
  jobToken?: string;
}

export interface RouteContext {
  req: IncomingMessage;
  service: ServiceName;
  path: string;
  params: Record<string, string>;
  /** Query parameters by lower-cased name (ADO treats names case-insensitively). */
  query: Record<string, string>;
  rawBody: string;
  /** Parsed JSON (or form for the token endpoint); undefined when empty. */
  body: unknown;
  caller?: Caller;
  state: EmulatorState;
  signer: JwtSigner;
  /** https://127.0.0.1:PORT */
  baseUrl: string;
}

/** JSON response. */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): RouteResponse {
  return { status, body, headers };
}

/** Collection wrapper used by Azure DevOps: `{count, value}`. */
export function collection(value: unknown[], headers: Record<string, string> = {}): RouteResponse {
  return json(200, { count: value.length, value }, headers);
}

/** Azure DevOps error body (`{$id, innerException, message, typeName, typeKey, errorCode, eventId}`). */
export function adoError(
  status: number,
  typeKey: string,
  message: string,
  namespace = 'Microsoft.TeamFoundation.DistributedTask.WebApi',
  assembly = namespace,
): RouteResponse {
  return json(status, {
    $id: '1',
    innerException: null,
    message,
    typeName: `${namespace}.${typeKey}, ${assembly}`,
    typeKey,
    errorCode: 0,
    eventId: 3000,
  });
}

/** ARM error body `{error:{code,message}}`. */
export function armError(status: number, code: string, message: string, headers: Record<string, string> = {}): RouteResponse {
  return json(status, { error: { code, message } }, { 'x-ms-request-id': randomUUID(), ...headers });
}

/** ARM's 400 for a request without `api-version`. */
export function armMissingApiVersion(): RouteResponse {
  return armError(400, 'MissingApiVersionParameter', 'The api-version query parameter (?api-version=) is required for all requests.');
}

/** ARM's 404 for a resource (`type` as `Provider/type`) that resource group `rg` does not hold. */
export function armResourceNotFound(type: string, name: string, rg: string): RouteResponse {
  return armError(
    404,
    'ResourceNotFound',
    `The Resource '${type}/${name}' under resource group '${rg}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
  );
}

/** ARM's 412 when the request's `If-Match` names another ETag than `current` (`*` matches any); undefined otherwise. */
export function armIfMatchFailed(ctx: RouteContext, current: string): RouteResponse | undefined {
  const ifMatch = ctx.req.headers['if-match'];
  if (!ifMatch || ifMatch === '*' || ifMatch === current) return undefined;
  return armError(412, 'PreconditionFailed', `The specified precondition 'If-Match = ${ifMatch}' failed.`);
}

/** Entra error body with AADSTS text. */
export function entraError(status: number, error: string, code: number, description: string): RouteResponse {
  const trace = randomUUID();
  const correlation = randomUUID();
  const timestamp = new Date()
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, 'Z');
  return json(status, {
    error,
    error_description: `AADSTS${code}: ${description} Trace ID: ${trace} Correlation ID: ${correlation} Timestamp: ${timestamp}`,
    error_codes: [code],
    timestamp,
    trace_id: trace,
    correlation_id: correlation,
    error_uri: `https://login.microsoftonline.com/error?code=${code}`,
  });
}

export function noContent(): RouteResponse {
  return { status: 204 };
}

/** The sign-in page Azure DevOps serves (HTTP 203) when it does not accept the credentials. */
export function signInPage(): RouteResponse {
  return {
    status: 203,
    headers: { 'content-type': 'text/html; charset=utf-8' },
    body: '<!DOCTYPE html><html><head><title>Azure DevOps Services | Sign In</title></head><body><form id="signin">Sign in to your account</form></body></html>',
  };
}
