/** Facts about who can send jobs to a queue, shared by POOL014–POOL019 and the summary table. */
import type { BranchPolicy } from '../ado/git-policies';
import type { CheckApprover } from '../model/checks';
import type { Identity } from '../model/identity';
import type { Pool } from '../model/pool';
import { compileNamePattern } from '../patterns/names';
import { isSelfHostedPool } from './pools';
import { queueProjectName } from './refs';
import type { PoolAuditSettings } from './settings';
import type { AuditedQueue, PoolAuditSnapshot } from './snapshot';

export interface SelfHostedQueue {
  queue: AuditedQueue;
  pool: Pool;
  /** The pool matches `sensitivePools`. */
  sensitive: boolean;
}

/** A predicate for pools named in `sensitivePools` (never true when the list is empty). */
export function sensitivePoolMatcher(settings: Pick<PoolAuditSettings, 'sensitivePools'>): (pool: Pool) => boolean {
  const matchers = settings.sensitivePools.map(compileNamePattern);
  return (pool) => matchers.some((matches) => matches(pool.name));
}

/** Every queue of a self-hosted pool in the snapshot, with its pool and whether that pool is sensitive. */
export function selfHostedQueues(snapshot: PoolAuditSnapshot, settings: Pick<PoolAuditSettings, 'sensitivePools'>): SelfHostedQueue[] {
  const pools = new Map(snapshot.pools.map((pool) => [pool.id, pool]));
  const isSensitive = sensitivePoolMatcher(settings);
  const out: SelfHostedQueue[] = [];
  for (const queue of snapshot.queues) {
    const pool = pools.get(queue.poolId);
    if (pool && isSelfHostedPool(pool)) out.push({ queue, pool, sensitive: isSensitive(pool) });
  }
  return out;
}

/**
 * True when YAML pipelines can use the queue: open to all pipelines, or at least one pipeline authorized.
 * undefined when the pipeline permissions were not read.
 */
export function usableByPipelines(queue: AuditedQueue): boolean | undefined {
  if (queue.openToAllPipelines === undefined) return undefined;
  return queue.openToAllPipelines || (queue.authorizedPipelineIds?.length ?? 0) > 0;
}

/** The identity an approver stands for: the resolved one when the reader resolved it, else built from the check. */
export function approverIdentity(approver: CheckApprover, snapshot: PoolAuditSnapshot): Identity {
  const known = snapshot.identities[approver.id];
  if (known) return known;
  const descriptor = approver.descriptor;
  const groupByDescriptor = descriptor?.startsWith('vssgp.')
    ? 'azureDevOpsGroup'
    : descriptor?.startsWith('aadgp.')
      ? 'entraGroup'
      : undefined;
  return {
    id: approver.id,
    descriptor,
    displayName: approver.displayName,
    principalName: approver.uniqueName,
    kind: groupByDescriptor ?? (approver.isContainer ? 'azureDevOpsGroup' : 'unknown'),
  };
}

/**
 * True when a branch policy makes every change to the branch go through a pull request that someone other than
 * the author approves: an enabled, blocking minimum-reviewers policy (≥ 1, author's vote not counted), or
 * required reviewers on every path (author's vote not counted).
 */
export function requiresIndependentReview(policy: BranchPolicy): boolean {
  if (!policy.enabled || !policy.blocking) return false;
  if (policy.kind !== 'minimumReviewers' && policy.kind !== 'requiredReviewers') return false;
  if (policy.kind === 'requiredReviewers' && policy.pathFiltered) return false;
  return (policy.minimumApproverCount ?? 0) >= 1 && policy.creatorVoteCounts !== true;
}

/** True when any enabled, blocking policy applies to the branch (what "protected" means for POOL017). */
export function hasBlockingPolicy(policies: readonly BranchPolicy[]): boolean {
  return policies.some((policy) => policy.enabled && policy.blocking);
}

/** "Default (Payments)": a queue named with its project, for messages. */
export function queueLabel(queue: AuditedQueue, snapshot: PoolAuditSnapshot): string {
  return `'${queue.name}' in project '${queueProjectName(queue, snapshot)}'`;
}
