import type { PipelineRequest, RetryStrategy } from '@azure/core-rest-pipeline';

/** Methods that are safe to repeat after a 5xx or a dropped connection. */
const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);

/** Requests marked with this header may be retried on 5xx even if their method is not idempotent. */
export const IDEMPOTENT_HEADER = 'x-pool-warden-idempotent';

export function isIdempotent(request: PipelineRequest): boolean {
  return IDEMPOTENT.has(request.method) || request.headers.has(IDEMPOTENT_HEADER);
}

/** Reads `Retry-After` (seconds or HTTP date) in milliseconds. */
export function retryAfterMs(headers: { get(name: string): string | undefined }, nowMs: number): number | undefined {
  const value = headers.get('retry-after');
  if (value === undefined || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - nowMs) : undefined;
}

/**
 * 429 (and 503 with Retry-After): wait what the service asks, plus a little jitter so that parallel
 * callers do not come back in lock-step. Any method: a throttled request was not processed.
 */
export function throttlingStrategy(random: () => number, fallbackMs: number): RetryStrategy {
  return {
    name: 'poolWardenThrottling',
    retry({ response }) {
      if (!response) return { skipStrategy: true };
      const asked = retryAfterMs(response.headers, Date.now());
      if (response.status === 429 || (response.status === 503 && asked !== undefined)) {
        const base = asked ?? fallbackMs;
        return { retryAfterInMs: base + Math.floor(random() * Math.min(1000, base * 0.1 + 50)) };
      }
      return { skipStrategy: true };
    },
  };
}

const SYSTEM_ERRORS = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'ESOCKETTIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN']);

/** 5xx, 408 and network errors on idempotent requests: exponential backoff with full jitter. */
export function transientStrategy(random: () => number, baseDelayMs: number, maxDelayMs: number): RetryStrategy {
  return {
    name: 'poolWardenTransient',
    retry({ retryCount, response, responseError }) {
      const request = response?.request ?? responseError?.request;
      if (!request || !isIdempotent(request)) {
        return responseError ? { errorToThrow: responseError } : { skipStrategy: true };
      }
      const transientStatus =
        response !== undefined &&
        (response.status === 408 || (response.status >= 500 && response.status !== 501 && response.status !== 505));
      const systemError =
        responseError !== undefined && (SYSTEM_ERRORS.has(String(responseError.code)) || /socket hang up/i.test(responseError.message));
      if (!transientStatus && !systemError) {
        return responseError ? { errorToThrow: responseError } : { skipStrategy: true };
      }
      const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** retryCount);
      return { retryAfterInMs: Math.floor(random() * ceiling) + 1 };
    },
  };
}
