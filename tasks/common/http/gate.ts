import type { Clock } from '../model/context';

/**
 * Bounds how many requests are in flight and pauses new ones while the service asked us to wait
 * (`Retry-After`, `X-RateLimit-Delay`). One gate per service identity, shared by every call of a run.
 */
export class RequestGate {
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  private pausedUntil = 0;

  constructor(
    private limit: number,
    private readonly clock: Clock,
  ) {
    if (!Number.isInteger(limit) || limit < 1) {
      throw new Error(`maxConcurrency must be a whole number of at least 1, got ${limit}`);
    }
  }

  /** Current concurrency limit (can shrink when the service warns that the budget runs low). */
  get concurrency(): number {
    return this.limit;
  }

  setConcurrency(limit: number): void {
    this.limit = Math.max(1, Math.floor(limit));
    this.drain();
  }

  /** Asks the gate to hold new requests for `ms` milliseconds (the longest pause wins). */
  pauseFor(ms: number): void {
    if (ms > 0) this.pausedUntil = Math.max(this.pausedUntil, this.clock.now().getTime() + ms);
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      await this.waitWhilePaused();
      return await work();
    } finally {
      this.release();
    }
  }

  private async waitWhilePaused(): Promise<void> {
    for (;;) {
      const wait = this.pausedUntil - this.clock.now().getTime();
      if (wait <= 0) return;
      await this.clock.sleep(wait);
    }
  }

  private acquire(): Promise<void> {
    if (this.active < this.limit) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    this.active--;
    this.drain();
  }

  private drain(): void {
    while (this.active < this.limit && this.waiting.length > 0) {
      this.active++;
      this.waiting.shift()!();
    }
  }
}

/** Runs `worker` over `items` with at most `limit` at once; results keep the input order. */
export async function mapConcurrent<T, R>(
  items: readonly T[],
  limit: number,
  worker: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const runners = Array.from({ length: Math.min(Math.max(1, limit), items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await worker(items[index], index);
    }
  });
  await Promise.all(runners);
  return results;
}
