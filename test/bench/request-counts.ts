/** Requests per resource of one run, from what the emulator recorded (deterministic: no timing involved). */
import type { RecordedRequest } from '../../emulator';
import { resourceKey } from '../../tasks/common/http/stats';

/** `GET _apis/distributedtask/pools/{id}/agents` → count; Entra and OIDC calls included. */
export function requestsByResource(requests: readonly RecordedRequest[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of requests) {
    const key = resourceKey(r.method, `https://emulator${r.path}`);
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
}

export interface RequestRegression {
  resource: string;
  baseline: number;
  actual: number;
}

/**
 * Resources whose request count grew more than `factor` times over the baseline, plus the run's total when it
 * did (a resource the baseline does not know counts through the total).
 */
export function requestRegressions(baseline: Record<string, number>, actual: Record<string, number>, factor = 2): RequestRegression[] {
  const out: RequestRegression[] = [];
  for (const [resource, count] of Object.entries(actual)) {
    const before = baseline[resource];
    if (before !== undefined && count > before * factor) out.push({ resource, baseline: before, actual: count });
  }
  const total = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);
  if (total(actual) > total(baseline) * factor) out.push({ resource: '(all requests)', baseline: total(baseline), actual: total(actual) });
  return out;
}

/** Retries (a request repeated after a 429 / 5xx answer) and requests whose last answer was still an error. */
export function retryStats(requests: readonly RecordedRequest[]): { retries: number; throttled: number; failed: number } {
  const last = new Map<string, number>();
  let retries = 0;
  let throttled = 0;
  for (const r of requests) {
    const key = `${r.method} ${r.path} ${JSON.stringify(r.query)}`;
    const before = last.get(key);
    if (before !== undefined && (before === 429 || before >= 500 || before === 0)) retries++;
    if (r.status === 429) throttled++;
    last.set(key, r.status);
  }
  // 404 is an answer some reads expect (unknown identities); anything else ≥ 400 left standing is a failed request.
  const failed = [...last.values()].filter((status) => status === 0 || (status >= 400 && status !== 404)).length;
  return { retries, throttled, failed };
}
