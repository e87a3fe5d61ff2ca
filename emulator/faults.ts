import type { ServiceName } from './http';

export type FaultKind = 'status' | 'reset' | 'latency' | 'html203';

/** One fault rule. Matches on service, method and path (pathname, no query); all given conditions must hold. */
export interface FaultRule {
  service?: ServiceName;
  method?: string;
  path?: RegExp;
  kind: FaultKind;
  /** For `status`: the HTTP status (429, 500, 503, …). */
  status?: number;
  /** For `status`: adds `Retry-After` (seconds). */
  retryAfterSeconds?: number;
  /** For `latency`: extra delay before the request is handled normally. */
  delayMs?: number;
  /** Fire at most this many times (default unlimited). */
  times?: number;
  /** Fire with this probability (seeded PRNG; default 1). */
  probability?: number;
}

/** Registered fault rules; the server asks it for the first rule that fires for each request. */
export class FaultInjector {
  private rules: { rule: FaultRule; fired: number }[] = [];

  constructor(private readonly random: () => number) {}

  /** Adds a rule; returns a function that removes it. */
  add(rule: FaultRule): () => void {
    const entry = { rule, fired: 0 };
    this.rules.push(entry);
    return () => {
      this.rules = this.rules.filter((r) => r !== entry);
    };
  }

  clear(): void {
    this.rules = [];
  }

  /** How often each rule fired so far (same order as added). */
  firedCounts(): number[] {
    return this.rules.map((r) => r.fired);
  }

  /** The fault to apply to this request, if any (consumes one of its `times`). */
  pick(service: ServiceName, method: string, path: string): FaultRule | undefined {
    for (const entry of this.rules) {
      const { rule } = entry;
      if (rule.service && rule.service !== service) continue;
      if (rule.method && rule.method.toUpperCase() !== method) continue;
      if (rule.path && !rule.path.test(path)) continue;
      if (rule.times !== undefined && entry.fired >= rule.times) continue;
      if (rule.probability !== undefined && this.random() >= rule.probability) continue;
      entry.fired++;
      return rule;
    }
    return undefined;
  }
}
