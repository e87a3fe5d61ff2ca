/** Render and filter timings the benchmark reads from the page (`window.__poolWardenTimings`). */
export interface TabTiming {
  kind: 'firstTable' | 'filter';
  ms: number;
  rows: number;
}

export function recordTiming(timing: TabTiming): void {
  const target = window as unknown as { __poolWardenTimings?: TabTiming[] };
  (target.__poolWardenTimings ??= []).push(timing);
}
