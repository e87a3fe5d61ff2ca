/**
 * How many requests a run keeps in flight, decided from what the service answers (a pure state machine: no clock, no
 * I/O; the gate feeds it one observation per answer and applies the limit it returns).
 *
 * - Starts at `initial` (8, or the ceiling when that is lower).
 * - Grows while answers come back healthy: after one full round of healthy answers (as many as the current limit) it
 *   doubles up to the recovery threshold (at first `max`; after a back-off half the limit the pressure began at),
 *   then adds one per round. Never above `max` (`maxConcurrency`). So a run pushed down to 1 by a long stretch of
 *   rate-limit warnings is back at half its former pace a few rounds after the warnings stop, as TCP's slow start
 *   does, instead of crawling up one by one.
 * - Halves (never below `min`, 1) on any sign of pressure: 429, 503, `Retry-After`, `X-RateLimit-Delay`,
 *   `X-RateLimit-Remaining` falling below a fifth of `X-RateLimit-Limit`, or latency rising to several times its best.
 *   Azure DevOps asks clients to slow down on exactly these headers. After a back-off the answers of requests that
 *   were already in flight (one round) cannot halve it again: one burst of 429s is one back-off, not five.
 */
export interface ConcurrencyLimits {
  initial: number;
  max: number;
  min?: number;
}

/** What one answer says about the service's load; every field is plain data read off the response. */
export interface ResponseSignals {
  /** HTTP status; 0 when the request failed without an answer (connection reset, timeout). */
  status: number;
  /** Time from sending to the answer's headers, in milliseconds. */
  latencyMs: number;
  retryAfterMs?: number;
  /** `X-RateLimit-Delay` in milliseconds. */
  rateLimitDelayMs?: number;
  rateLimitRemaining?: number;
  rateLimitLimit?: number;
}

export interface ConcurrencyChange {
  from: number;
  to: number;
  reason: string;
}

/** Below this share of the rate-limit budget, a falling `X-RateLimit-Remaining` means "slow down". */
const LOW_BUDGET_SHARE = 0.2;
/** Smoothing of the latency average (weight of the newest answer): slow, so one large page is not a trend. */
const LATENCY_WEIGHT = 0.05;
/**
 * Latency counts as rising once its average passes this multiple of the best average seen… Answers differ in size
 * (an agent list of a big pool takes longer than a small one) and the client's own CPU adds to every answer when it
 * is busy, so only a several-fold rise means the service is straining.
 */
const LATENCY_RISE_FACTOR = 3;
/** …and is at least this much above it (20 ms → 120 ms on a busy loopback is noise, not load). */
const LATENCY_RISE_MIN_MS = 200;
/** Answers needed before the latency average is trusted as a baseline. */
const LATENCY_WARMUP = 50;

export class AdaptiveConcurrency {
  private current: number;
  private readonly min: number;
  private readonly max: number;
  /** Below this the limit doubles per healthy round, from here it adds one. */
  private threshold: number;
  /** True from a back-off until the next healthy round: one stretch of pressure sets the threshold once. */
  private underPressure = false;
  private healthyStreak = 0;
  /** Answers still to come from requests sent before the last back-off. */
  private cooldown = 0;
  private averageLatency?: number;
  private bestLatency?: number;
  /** The reference the last latency rise was measured against (for the log line). */
  private latencyReference?: number;
  private samples = 0;
  private lastRemaining?: number;

  constructor(limits: ConcurrencyLimits) {
    for (const [name, value] of Object.entries(limits)) {
      if (value !== undefined && (!Number.isInteger(value) || value < 1)) {
        throw new Error(`Concurrency ${name} must be a whole number of at least 1, got ${value}`);
      }
    }
    this.max = limits.max;
    this.min = Math.min(limits.min ?? 1, this.max);
    this.current = Math.max(this.min, Math.min(limits.initial, this.max));
    this.threshold = this.max;
  }

  get limit(): number {
    return this.current;
  }

  /** Takes one answer into account; returns the change of limit it caused, if any. */
  observe(signals: ResponseSignals): ConcurrencyChange | undefined {
    const pressure = this.pressureOf(signals);
    if (this.cooldown > 0) this.cooldown--;
    if (pressure) {
      this.healthyStreak = 0;
      if (this.cooldown > 0 || this.current === this.min) return undefined;
      const to = Math.max(this.min, Math.floor(this.current / 2));
      if (!this.underPressure) this.threshold = to;
      this.underPressure = true;
      this.cooldown = this.current;
      return this.change(to, pressure);
    }
    if (signals.status === 0 || signals.status >= 500) {
      // A failure that is not a load signal: do not grow on it, do not shrink either.
      this.healthyStreak = 0;
      return undefined;
    }
    if (++this.healthyStreak < this.current || this.current >= this.max) return undefined;
    this.healthyStreak = 0;
    this.underPressure = false;
    const to = this.current < this.threshold ? Math.min(this.threshold, this.current * 2) : this.current + 1;
    return this.change(Math.min(this.max, to), `${this.current} healthy answers in a row`);
  }

  private change(to: number, reason: string): ConcurrencyChange {
    const from = this.current;
    this.current = to;
    return { from, to, reason };
  }

  /** Why this answer asks us to slow down, or undefined when it does not. Also updates the latency and budget memory. */
  private pressureOf(s: ResponseSignals): string | undefined {
    const latencyRising = this.trackLatency(s);
    const remainingFalling = this.trackRemaining(s);
    if (s.status === 429) return 'HTTP 429 (throttled)';
    if (s.status === 503) return 'HTTP 503 (service unavailable)';
    if (s.retryAfterMs !== undefined) return `Retry-After ${Math.round(s.retryAfterMs)} ms`;
    if (s.rateLimitDelayMs !== undefined && s.rateLimitDelayMs > 0) return `X-RateLimit-Delay ${Math.round(s.rateLimitDelayMs)} ms`;
    if (remainingFalling) return `X-RateLimit-Remaining ${s.rateLimitRemaining}/${s.rateLimitLimit} and falling`;
    if (latencyRising)
      return `latency rising (${Math.round(this.averageLatency ?? 0)} ms, was ${Math.round(this.latencyReference ?? 0)} ms)`;
    return undefined;
  }

  private trackLatency(s: ResponseSignals): boolean {
    if (s.status === 0 || !Number.isFinite(s.latencyMs) || s.latencyMs < 0) return false;
    this.averageLatency =
      this.averageLatency === undefined ? s.latencyMs : this.averageLatency + LATENCY_WEIGHT * (s.latencyMs - this.averageLatency);
    if (++this.samples < LATENCY_WARMUP) return false;
    if (this.bestLatency === undefined || this.averageLatency < this.bestLatency) this.bestLatency = this.averageLatency;
    const rising =
      this.averageLatency > this.bestLatency * LATENCY_RISE_FACTOR && this.averageLatency > this.bestLatency + LATENCY_RISE_MIN_MS;
    // One back-off per rise: the level that caused it becomes the reference, so only a further rise halves again.
    if (rising) {
      this.latencyReference = this.bestLatency;
      this.bestLatency = this.averageLatency;
    }
    return rising;
  }

  private trackRemaining(s: ResponseSignals): boolean {
    const { rateLimitRemaining: remaining, rateLimitLimit: limit } = s;
    if (remaining === undefined || limit === undefined || !Number.isFinite(remaining) || !(limit > 0)) return false;
    const previous = this.lastRemaining;
    this.lastRemaining = remaining;
    return remaining < limit * LOW_BUDGET_SHARE && (previous === undefined || remaining <= previous);
  }
}

/** Reads the signals of one answer from its status, headers and timing. */
export function signalsOf(
  status: number,
  headers: { get(name: string): string | undefined },
  latencyMs: number,
  retryAfterMs: number | undefined,
): ResponseSignals {
  const number = (name: string) => {
    const text = headers.get(name);
    const value = text === undefined || text.trim() === '' ? NaN : Number(text);
    return Number.isFinite(value) ? value : undefined;
  };
  const delaySeconds = number('x-ratelimit-delay');
  return {
    status,
    latencyMs,
    retryAfterMs,
    rateLimitDelayMs: delaySeconds === undefined ? undefined : delaySeconds * 1000,
    rateLimitRemaining: number('x-ratelimit-remaining'),
    rateLimitLimit: number('x-ratelimit-limit'),
  };
}
