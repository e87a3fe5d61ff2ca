/** Per-identity rate limit in a sliding window, with the Azure DevOps `X-RateLimit-*` headers. */
export interface ThrottleOptions {
  requestsPerWindow: number;
  windowMs: number;
  /** From this fraction of the limit on, 200s carry `X-RateLimit-Delay` and `Retry-After` (default 0.8). */
  warnAtFraction?: number;
}

export interface ThrottleDecision {
  blocked: boolean;
  headers: Record<string, string>;
  retryAfterSeconds?: number;
}

export class Throttle {
  private readonly windows = new Map<string, number[]>();

  constructor(
    private readonly options: ThrottleOptions,
    private readonly nowMs: () => number,
  ) {}

  /** Counts one request for `key` and says whether it passes, with headers to send either way. */
  check(key: string): ThrottleDecision {
    const now = this.nowMs();
    const { requestsPerWindow: limit, windowMs } = this.options;
    const recent = (this.windows.get(key) ?? []).filter((t) => t > now - windowMs);
    const reset = Math.ceil(((recent[0] ?? now) + windowMs) / 1000);
    const headers: Record<string, string> = {
      'X-RateLimit-Resource': 'Core',
      'X-RateLimit-Limit': String(limit),
      'X-RateLimit-Reset': String(reset),
    };
    if (recent.length >= limit) {
      this.windows.set(key, recent);
      const retryAfterSeconds = Math.max(1, Math.ceil(((recent[0] ?? now) + windowMs - now) / 1000));
      return {
        blocked: true,
        retryAfterSeconds,
        headers: { ...headers, 'X-RateLimit-Remaining': '0', 'Retry-After': String(retryAfterSeconds) },
      };
    }
    recent.push(now);
    this.windows.set(key, recent);
    const remaining = limit - recent.length;
    const warnAt = Math.floor(limit * (this.options.warnAtFraction ?? 0.8));
    if (recent.length > warnAt) {
      return { blocked: false, headers: { ...headers, 'X-RateLimit-Remaining': '0', 'X-RateLimit-Delay': '0.500', 'Retry-After': '1' } };
    }
    return { blocked: false, headers: { ...headers, 'X-RateLimit-Remaining': String(remaining) } };
  }
}
