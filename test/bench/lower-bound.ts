/**
 * The benchmark's lower bound, as issue 6 defines it: the longest chain of dependent requests plus
 * total requests × latency / concurrency — or, where the per-identity throttle binds, its minimum time
 * (the time a client honouring the throttle's warnings needs; see `LowerBound.throttleMs`).
 */
import type { OrgSeed } from '../../emulator';
import type { ThrottleOptions } from '../../emulator/throttle';

export type BenchTask = 'PoolInventoryV1' | 'PoolRoleAuditV1' | 'PatAuditV1';

/**
 * Longest chain of requests that must wait for each other, read off each task's structure:
 * - every task: OIDC token → Entra token;
 * - inventory: projects (pages) → queues, or pools → agents;
 * - role audit: projects → queues → role assignments → graph area → identities (descriptors of holders served
 *   without one, as in the official role assignment example) → subject lookup → then 2 requests
 *   (memberships, member lookup) per level of group nesting below the assigned groups;
 * - PAT audit: graph area → users page after page → the last page's users: membership state → token pages.
 */
export function dependentChain(task: BenchTask, org: OrgSeed): number {
  const signIn = 2;
  const projectPages = Math.max(1, Math.ceil(org.projects.length / 500));
  if (task === 'PoolInventoryV1') return signIn + Math.max(2, projectPages + 1);
  if (task === 'PoolRoleAuditV1') return signIn + projectPages + 1 + 1 + 1 + 1 + 1 + 2 * groupDepth(org);
  const userPages = Math.max(
    1,
    Math.ceil(org.identities.filter((i) => i.kind === 'user' || i.kind === 'buildService').length / (org.paging?.graphPageSize ?? 500)),
  );
  const perUser = Math.max(0, ...countBy(org.pats.filter((p) => !p.isPublic).map((p) => p.userId)).map((n) => Math.ceil(n / 100)));
  return signIn + 1 + userPages + 1 + 1 + Math.max(1, perUser);
}

/** Deepest group nesting (groups inside groups), cycle-safe. */
function groupDepth(org: OrgSeed): number {
  const groups = new Map(org.identities.filter((i) => i.kind === 'group').map((g) => [g.id, g]));
  const depth = (id: string, path: Set<string>): number => {
    const group = groups.get(id);
    if (!group || path.has(id)) return 0;
    const next = new Set(path).add(id);
    return 1 + Math.max(0, ...(group.members ?? []).map((m) => depth(m, next)));
  };
  return Math.max(0, ...[...groups.keys()].map((id) => depth(id, new Set())));
}

function countBy(keys: string[]): number[] {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return [...counts.values()];
}

export interface LowerBound {
  /** chain × latency + requests × latency / concurrency. */
  latencyMs: number;
  /**
   * Earliest time the throttle lets the throttled requests through while the client honours its warnings: beyond the
   * warning threshold every answer carries `Retry-After`, so a compliant client sustains at most that many requests
   * per window (0 when no throttle).
   */
  throttleMs: number;
  /** The same, were the client to ignore the warnings and run up to the 429 limit (for reference). */
  throttleBlockMs: number;
  /** The larger of `latencyMs` and `throttleMs`. */
  boundMs: number;
  binding: 'latency' | 'throttle';
  chain: number;
}

/**
 * @param requests every request the task sent (its own count: the bound is for the work it chose to do)
 * @param throttledRequests those subject to the per-identity throttle (Azure DevOps and vssps routes), retries excluded
 */
export function lowerBound(args: {
  chain: number;
  requests: number;
  throttledRequests: number;
  meanLatencyMs: number;
  concurrency: number;
  throttle?: ThrottleOptions;
}): LowerBound {
  const latencyMs = args.chain * args.meanLatencyMs + (args.requests * args.meanLatencyMs) / args.concurrency;
  // A sliding window of `windowMs` lets at most `perWindow` through: request i goes at floor(i / perWindow) windows at the earliest.
  const windows = (perWindow: number) =>
    args.throttle && args.throttledRequests > 0
      ? Math.floor((args.throttledRequests - 1) / perWindow) * args.throttle.windowMs + args.meanLatencyMs
      : 0;
  const limit = args.throttle?.requestsPerWindow ?? 1;
  const throttleMs = windows(Math.max(1, Math.floor(limit * (args.throttle?.warnAtFraction ?? 0.8))));
  const throttleBlockMs = windows(limit);
  const binding = throttleMs > latencyMs ? 'throttle' : 'latency';
  return { latencyMs, throttleMs, throttleBlockMs, boundMs: Math.max(latencyMs, throttleMs), binding, chain: args.chain };
}
