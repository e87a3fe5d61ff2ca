/**
 * Simulated background work ("the service" reacting a little later).
 *
 * Time = real time since start + whatever `tick(ms)` added. Each event fires once, at the first of:
 * a real timer after its delay (when `realTimers` is on; unref'd so it never holds the process open), or a
 * `tick()` that moves simulated time past its due time. Tests call `tick()` and never wait on timers.
 */
export class Scheduler {
  private offsetMs = 0;
  private seq = 0;
  private readonly pending = new Map<number, { dueAt: number; run: () => void; label: string; timer?: NodeJS.Timeout }>();

  constructor(private readonly realTimers: boolean) {}

  /** Current simulated time in epoch milliseconds. */
  nowMs(): number {
    return Date.now() + this.offsetMs;
  }

  now(): Date {
    return new Date(this.nowMs());
  }

  /** Runs `run` after `delayMs` of simulated time. */
  schedule(delayMs: number, label: string, run: () => void): void {
    const id = ++this.seq;
    const entry: { dueAt: number; run: () => void; label: string; timer?: NodeJS.Timeout } = {
      dueAt: this.nowMs() + delayMs,
      run,
      label,
    };
    this.pending.set(id, entry);
    if (this.realTimers) {
      entry.timer = setTimeout(() => this.fire(id), delayMs);
      entry.timer.unref();
    }
  }

  /** Advances simulated time by `ms` (default: far enough to run everything pending) and runs what is due, in order. */
  tick(ms?: number): void {
    if (ms === undefined) {
      // Run until nothing is left, including events scheduled by events.
      for (let guard = 0; this.pending.size > 0 && guard < 1000; guard++) {
        const next = Math.min(...[...this.pending.values()].map((e) => e.dueAt));
        this.offsetMs += Math.max(0, next - this.nowMs());
        this.runDue();
      }
      return;
    }
    const target = this.nowMs() + ms;
    for (let guard = 0; guard < 1000; guard++) {
      const due = [...this.pending.values()].filter((e) => e.dueAt <= target);
      if (due.length === 0) break;
      const next = Math.min(...due.map((e) => e.dueAt));
      this.offsetMs += Math.max(0, next - this.nowMs());
      this.runDue();
    }
    this.offsetMs += Math.max(0, target - this.nowMs());
  }

  /** Labels of events not yet run (for debugging tests). */
  pendingLabels(): string[] {
    return [...this.pending.values()].map((e) => e.label);
  }

  close(): void {
    for (const entry of this.pending.values()) if (entry.timer) clearTimeout(entry.timer);
    this.pending.clear();
  }

  private runDue(): void {
    const now = this.nowMs();
    const due = [...this.pending.entries()].filter(([, e]) => e.dueAt <= now).sort((a, b) => a[1].dueAt - b[1].dueAt || a[0] - b[0]);
    for (const [id] of due) this.fire(id);
  }

  private fire(id: number): void {
    const entry = this.pending.get(id);
    if (!entry) return;
    this.pending.delete(id);
    if (entry.timer) clearTimeout(entry.timer);
    entry.run();
  }
}
