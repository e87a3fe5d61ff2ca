import type { TokenCredential } from '@azure/core-auth';
import {
  bearerTokenAuthenticationPolicy,
  createDefaultHttpClient,
  createEmptyPipeline,
  createHttpHeaders,
  createPipelineRequest,
  retryPolicy,
  userAgentPolicy,
  type HttpClient as TransportClient,
  type HttpMethods,
  type Pipeline,
  type PipelineRequest,
} from '@azure/core-rest-pipeline';
import type { Clock, Logger } from '../model/context';
import { AdaptiveConcurrency, type ResponseSignals } from './concurrency';
import { HttpError } from './errors';
import { RequestGate } from './gate';
import { attemptTimeoutPolicy, gatePolicy, signInDetectionPolicy } from './policies';
import { IDEMPOTENT_HEADER, throttlingStrategy, transientStrategy } from './retry';
import { createStats, type HttpStats } from './stats';

export interface RestClientOptions {
  credential: TokenCredential;
  /** OAuth scope of every call made by this client, e.g. `499b84ac-…/.default`. */
  scope: string;
  /** Ceiling of the adaptive concurrency (it starts at {@link INITIAL_CONCURRENCY} or this, whichever is lower). */
  maxConcurrency: number;
  logger: Logger;
  clock: Clock;
  maxRetries?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Source of jitter (seedable in tests). */
  random?: () => number;
  userAgent?: string;
  /** Longest one attempt (headers and body) may take, in milliseconds; default 100 s. */
  timeoutMs?: number;
  /** Transport override (tests); defaults to the Azure SDK's Node client. */
  transport?: TransportClient;
  stats?: HttpStats;
}

export interface RequestOptions {
  query?: Record<string, string | number | boolean | undefined>;
  headers?: Record<string, string>;
  body?: unknown;
  /** Lets a POST/PATCH be retried on 5xx because repeating it changes nothing. */
  idempotent?: boolean;
  /** Statuses returned to the caller instead of thrown (e.g. 404, 412). */
  allowStatuses?: number[];
  signal?: AbortSignal;
}

export interface JsonResponse<T> {
  status: number;
  body: T;
  /** How many times the request was sent (1 unless retried): tells "already gone" from "gone because we retried". */
  attempts: number;
  header(name: string): string | undefined;
}

/** Requests in flight at the start of a run; the gate grows from here while the service answers without strain. */
export const INITIAL_CONCURRENCY = 8;

/** Builds a URL from a base (with or without trailing slash), a relative path and query parameters. */
export function buildUrl(base: string, path: string, query?: RequestOptions['query']): string {
  const url = new URL(path.replace(/^\//, ''), base.endsWith('/') ? base : `${base}/`);
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== '') url.searchParams.set(key, String(value));
  }
  return url.toString();
}

/**
 * Adds query parameters to a URL without touching its path: official clients never send a trailing `/` and no
 * route template has one (a strict router answers 404 to `_apis/projects/`).
 */
export function withQuery(url: string, query: RequestOptions['query']): string {
  const parsed = new URL(url);
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== '') parsed.searchParams.set(key, String(value));
  }
  return parsed.toString();
}

/**
 * The one HTTP client of Pool Warden: the Azure SDK pipeline (retry engine, bearer tokens refreshed
 * before expiry) plus our policies for Azure DevOps specifics (rate-limit headers on 200s, sign-in
 * pages, adaptive concurrency). One instance per token scope and run.
 */
export class RestClient {
  readonly stats: HttpStats;
  private readonly pipeline: Pipeline;
  private readonly transport: TransportClient;
  /** Sends per request, counted by the gate policy below the retry policy (retries re-send the same request object). */
  private readonly attempts = new WeakMap<PipelineRequest, number>();

  constructor(options: RestClientOptions) {
    this.stats = options.stats ?? createStats();
    this.transport = options.transport ?? createDefaultHttpClient();
    const random = options.random ?? Math.random;
    const controller = new AdaptiveConcurrency({ initial: INITIAL_CONCURRENCY, max: options.maxConcurrency });
    const gate = new RequestGate(controller.limit, options.clock);
    // Every answer, a 200 included, may ask to slow down: `Retry-After` and `X-RateLimit-Delay` pause the whole gate
    // (not just this request) that long, and the adaptive controller lowers the concurrency.
    const observe = (signals: ResponseSignals) => {
      gate.pauseFor(signals.retryAfterMs ?? 0);
      gate.pauseFor(signals.rateLimitDelayMs ?? 0);
      const change = controller.observe(signals);
      if (!change) return;
      gate.setConcurrency(change.to);
      options.logger.debug(`Concurrency ${change.from} → ${change.to}: ${change.reason}`);
    };
    const pipeline = createEmptyPipeline();
    pipeline.addPolicy(userAgentPolicy({ userAgentPrefix: options.userAgent ?? 'pool-warden/1.0' }));
    pipeline.addPolicy(
      retryPolicy(
        [throttlingStrategy(random, 5_000), transientStrategy(random, options.baseDelayMs ?? 800, options.maxDelayMs ?? 30_000)],
        { maxRetries: options.maxRetries ?? 6 },
      ),
      { phase: 'Retry' },
    );
    pipeline.addPolicy(gatePolicy(gate, this.stats, options.logger, this.attempts, observe), { phase: 'Sign' });
    pipeline.addPolicy(
      bearerTokenAuthenticationPolicy({
        credential: options.credential,
        scopes: options.scope,
        challengeCallbacks: {
          // Azure DevOps answers 401 + WWW-Authenticate when a token went stale: fetch a new one, try once more.
          async authorizeRequestOnChallenge({ request, scopes }) {
            const token = await options.credential.getToken(scopes);
            if (!token) return false;
            request.headers.set('Authorization', `Bearer ${token.token}`);
            return true;
          },
        },
      }),
      { phase: 'Sign' },
    );
    pipeline.addPolicy(signInDetectionPolicy(), { phase: 'Sign' });
    pipeline.addPolicy(attemptTimeoutPolicy(options.timeoutMs ?? 100_000), { phase: 'Sign' });
    this.pipeline = pipeline;
  }

  get<T>(url: string, options: RequestOptions = {}): Promise<JsonResponse<T>> {
    return this.send<T>('GET', url, options);
  }

  async send<T>(method: HttpMethods, url: string, options: RequestOptions = {}): Promise<JsonResponse<T>> {
    const fullUrl = options.query ? withQuery(url, options.query) : url;
    const headers = createHttpHeaders({ Accept: 'application/json', ...(options.headers ?? {}) });
    if (options.idempotent) headers.set(IDEMPOTENT_HEADER, '1');
    let body: string | undefined;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      // A caller may name another JSON type (work item updates take application/json-patch+json only).
      if (!headers.has('Content-Type')) headers.set('Content-Type', 'application/json');
    }
    const request = createPipelineRequest({
      url: fullUrl,
      method,
      headers,
      body,
      // No `timeout` here: attemptTimeoutPolicy bounds each attempt without leaving a timer behind.
      abortSignal: options.signal,
    });
    const response = await this.pipeline.sendRequest(this.transport, request);
    const text = response.bodyAsText ?? '';
    const parsed = parseJson(text);
    const ok = response.status >= 200 && response.status < 300;
    if (!ok && !(options.allowStatuses ?? []).includes(response.status)) {
      this.stats.failed++;
      throw new HttpError({
        method,
        url: fullUrl,
        status: response.status,
        ...serviceError(parsed, text),
        requestId: response.headers.get('x-vss-e2eid') ?? response.headers.get('x-ms-request-id'),
      });
    }
    return {
      status: response.status,
      body: parsed as T,
      attempts: this.attempts.get(request) ?? 1,
      header: (name) => response.headers.get(name),
    };
  }
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * The service's own message and code: Azure DevOps `{message, typeKey}`, ARM/Entra `{error: {message, code}}`,
 * OAuth `{error, error_description}`; a body that is not JSON gives its first 200 characters as the message.
 */
function serviceError(body: unknown, text: string): { serviceMessage?: string; code?: string } {
  if (!body || typeof body !== 'object') return { serviceMessage: text && !body ? text.slice(0, 200) : undefined };
  const record = body as Record<string, unknown>;
  const error = record.error;
  const nested = error && typeof error === 'object' ? (error as Record<string, unknown>) : {};
  return {
    serviceMessage: stringOf(record.message) ?? stringOf(nested.message) ?? stringOf(record.error_description),
    code: stringOf(record.typeKey) ?? stringOf(nested.code) ?? stringOf(error),
  };
}

function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Re-exported for tests that need to build a client with a fake transport. */
export type { TransportClient };
