import type { PipelinePolicy, PipelineRequest } from '@azure/core-rest-pipeline';
import type { Logger } from '../model/context';
import { SignInError } from './errors';
import type { RequestGate } from './gate';
import { retryAfterMs } from './retry';
import { resourceKey, type HttpStats } from './stats';

/**
 * Every attempt (first try and retries) waits for a slot in the gate and for any requested pause. It counts the
 * attempts of each request in `attempts` (the client reports them as `JsonResponse.attempts`).
 */
export function gatePolicy(
  gate: RequestGate,
  stats: HttpStats,
  logger: Logger,
  attempts = new WeakMap<PipelineRequest, number>(),
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
          if (response.status === 429) stats.throttled++;
          logger.debug(
            `${request.method} ${request.url} → ${response.status} in ${Date.now() - started} ms${attempt > 1 ? ` (attempt ${attempt})` : ''}`,
          );
          return response;
        } catch (error) {
          logger.debug(`${request.method} ${request.url} → ${(error as Error).message} (attempt ${attempt})`);
          throw error;
        }
      }),
  };
}

/**
 * Azure DevOps sends throttling signals on successful answers too: `Retry-After` and `X-RateLimit-Delay`
 * mean "slow down now"; `X-RateLimit-Remaining` close to zero means the budget is almost spent.
 * We pause the whole gate (not just this request) and shrink concurrency, so the run never trips a 429 storm.
 */
export function rateLimitPolicy(gate: RequestGate, logger: Logger): PipelinePolicy {
  const initialConcurrency = gate.concurrency;
  return {
    name: 'poolWardenRateLimit',
    async sendRequest(request, next) {
      const response = await next(request);
      const asked = retryAfterMs(response.headers, Date.now());
      if (asked !== undefined) gate.pauseFor(asked);
      const delaySeconds = Number(response.headers.get('x-ratelimit-delay'));
      if (Number.isFinite(delaySeconds) && delaySeconds > 0) {
        gate.pauseFor(delaySeconds * 1000);
      }
      const remaining = Number(response.headers.get('x-ratelimit-remaining'));
      const limit = Number(response.headers.get('x-ratelimit-limit'));
      if (Number.isFinite(remaining) && Number.isFinite(limit) && limit > 0) {
        const wanted = remaining / limit < 0.2 ? Math.max(1, Math.floor(initialConcurrency / 4)) : initialConcurrency;
        if (wanted !== gate.concurrency) {
          logger.debug(`Rate limit budget ${remaining}/${limit}: concurrency ${gate.concurrency} → ${wanted}`);
          gate.setConcurrency(wanted);
        }
      }
      return response;
    },
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
