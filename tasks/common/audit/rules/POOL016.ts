import { activeChecks, type QueueCheck } from '../../model/checks';
import type { PoolRule } from '../rule';
import { RuleResultBuilder } from '../rule';
import { identityMatchesTrusted, isBroadGroupByName, isGroup } from '../classify';
import { approverIdentity, queueLabel, selfHostedQueues } from '../queue-access';
import { principalRef, queueRef } from '../refs';
import type { PoolAuditSettings } from '../settings';
import type { PoolAuditSnapshot } from '../snapshot';

/**
 * POOL016: an enabled approval check on a self-hosted queue whose approvers include a broad group (built-in broad
 * name, or more effective members than `broadGroupMemberThreshold`; `trustedApprovers` never count), or, on a
 * sensitive pool, that lets the requester approve their own run. One finding per broad approver, one for self-approval.
 */
export const POOL016: PoolRule = {
  info: {
    id: 'POOL016',
    title: 'Approval check that anyone (or the requester) can approve',
    defaultSeverity: 'high',
    rationale:
      'An approval stops nothing when the approvers are a group nearly everyone belongs to, or when the person who ' +
      'queued the run may approve it: the author of a malicious change simply approves it.',
    fix:
      'Name a small dedicated group (or people) as approvers and turn on "Requester cannot approve" (or list the group ' +
      "in the policy file's trustedApprovers by its principal name, e.g. [Project]\\Release Approvers, when it is intended).",
  },
  evaluate(snapshot, settings) {
    const out = new RuleResultBuilder('POOL016');
    for (const { queue, pool, sensitive } of selfHostedQueues(snapshot, settings)) {
      if (queue.checks === undefined) continue;
      const resource = queueRef(queue, snapshot);
      out.evaluatedOn(resource);
      for (const check of activeChecks(queue.checks)) {
        if (check.kind !== 'approval' || !check.approval) continue;
        const base = { poolId: pool.id, poolName: pool.name, queueId: queue.id, checkId: check.id, sensitivePool: sensitive };
        for (const broad of broadApprovers(check, snapshot, settings)) {
          out.add({
            ruleId: 'POOL016',
            severity: 'high',
            title: POOL016.info.title,
            message:
              `Approval check on agent pool ${queueLabel(queue, snapshot)} (pool '${pool.name}') lets group ` +
              `'${broad.identity.displayName}' approve: ${broad.reason}. Name a small dedicated group instead.`,
            resource,
            principal: principalRef(broad.identity),
            key: `check ${check.id}`,
            evidence: { ...base, reason: 'broadApprover', broadByName: broad.byName, effectiveMemberCount: broad.memberCount ?? null },
          });
        }
        if (sensitive && !check.approval.requesterCannotBeApprover) {
          out.add({
            ruleId: 'POOL016',
            severity: 'high',
            title: POOL016.info.title,
            message:
              `Approval check on sensitive agent pool ${queueLabel(queue, snapshot)} (pool '${pool.name}') lets the ` +
              'requester approve their own run. Turn on "Requester cannot approve".',
            resource,
            key: `check ${check.id} requester`,
            evidence: { ...base, reason: 'requesterCanApprove' },
          });
        }
      }
    }
    return out.build();
  },
};

function broadApprovers(check: QueueCheck, snapshot: PoolAuditSnapshot, settings: PoolAuditSettings) {
  const found = [];
  for (const approver of check.approval?.approvers ?? []) {
    const identity = approverIdentity(approver, snapshot);
    if (!isGroup(identity) || identityMatchesTrusted(identity, settings.trustedApprovers)) continue;
    const memberCount = snapshot.groupExpansions[identity.id]?.effectiveMemberIds.length;
    const byName = isBroadGroupByName(identity, settings.broadGroups);
    const bySize = memberCount !== undefined && memberCount > settings.broadGroupMemberThreshold;
    if (!byName && !bySize) continue;
    const reason = byName ? `built-in broad group` : `${memberCount} effective members (threshold ${settings.broadGroupMemberThreshold})`;
    found.push({ identity, byName, memberCount, reason });
  }
  return found;
}
