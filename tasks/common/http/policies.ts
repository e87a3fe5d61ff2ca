import type { PipelinePolicy, PipelineRequest } from '@azure/core-rest-pipeline';
import type { Logger } from '../model/context';
import { SignInError } from './errors';
import { signalsOf, type ResponseSignals } from './concurrency';
import type { RequestGate } from './gate';
import { retryAfterMs } from './retry';
import { resourceKey, type HttpStats } from './stats';

/**
 * Every attempt (first try and retries) waits for a slot in the gate and for any requested pause. It counts the
 * attempts of each request in `attempts` (the client reports them as `JsonResponse.attempts`) and tells `observe`
 * what each answer said about the service's load (status, rate-limit headers, latency): the adaptive concurrency.
 */
export function gatePolicy(
  gate: RequestGate,
  stats: HttpStats,
  logger: Logger,
  attempts = new WeakMap<PipelineRequest, number>(),
  observe: (signals: ResponseSignals) => void = () => undefined,
): PipelinePolicy {
  return {
    name: 'poolWardenGate',
    sendRequest: (request, next) =>
      gate.run(async () => {
        const attempt = (attempts.get(request) ?? 0) + 1;
        attempts.set(request, attempt);
        stats.requests++;
        if (attempt > 1) stats.retries++;
        const key = resourceKey(request.method, request.url);
        stats.byResource[key] = (stats.byResource[key] ?? 0) + 1;
        const started = Date.now();
        try {
          const response = await next(request);
          const latencyMs = Date.now() - started;
          if (response.status === 429) stats.throttled++;
          logger.debug(
            `${request.method} ${request.url} → ${response.status} in ${latencyMs} ms${attempt > 1 ? ` (attempt ${attempt})` : ''}`,
          );
          observe(signalsOf(response.status, response.headers, latencyMs, retryAfterMs(response.headers, Date.now())));
          return response;
        } catch (error) {
          logger.debug(`${request.method} ${request.url} → ${(error as Error).message} (attempt ${attempt})`);
          // A sign-in page is an answer, not a lost connection; either way it says nothing about load.
          observe({ status: 0, latencyMs: Date.now() - started });
          throw error;
        }
      }),
  };
}

/** A 203 or an HTML page where JSON was expected is Azure DevOps' sign-in redirect: fail with a clear message. */
export function signInDetectionPolicy(): PipelinePolicy {
  return {
    name: 'poolWardenSignInDetection',
    async sendRequest(request, next) {
      request.headers.set('X-TFS-FedAuthRedirect', 'Suppress');
      const response = await next(request);
      const contentType = response.headers.get('content-type') ?? '';
      if (response.status === 203 || (response.status < 300 && /text\/html/i.test(contentType))) {
        throw new SignInError(request.method, request.url, response.status);
      }
      return response;
    },
  };
}

/**
 * One attempt may take at most `timeoutMs` (headers and body). The SDK's own `request.timeout` leaves its timer
 * running when the connection fails (reset, refused), which keeps a finished task's process alive until the timer
 * fires; `AbortSignal.timeout` uses an unreferenced timer, so nothing outlives the run. The caller's own signal
 * still cancels, and retries get a fresh budget because the original signal is restored after each attempt.
 */
export function attemptTimeoutPolicy(timeoutMs: number): PipelinePolicy {
  return {
    name: 'poolWardenAttemptTimeout',
    async sendRequest(request, next) {
      const caller = request.abortSignal;
      const timeout = AbortSignal.timeout(timeoutMs);
      request.abortSignal = caller ? AbortSignal.any([caller as AbortSignal, timeout]) : timeout;
      try {
        return await next(request);
      } finally {
        request.abortSignal = caller;
      }
    },
  };
}
