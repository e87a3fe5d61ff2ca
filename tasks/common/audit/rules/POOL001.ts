import type { PoolRule } from '../rule';
import { RuleResultBuilder } from '../rule';
import { assignmentsToJudge, resolveIdentity } from '../assignments';
import { isBroadGroupByName, isGroup } from '../classify';
import { assignmentEvidence, describeResource } from '../evidence';
import { isSelfHostedPool, poolOfAssignment } from '../pools';
import { principalRef, scopeRef } from '../refs';

/** Roles that let a holder use, create or manage a pool (everything except Reader). */
const USE_OR_MANAGE_ROLES = new Set(['User', 'Creator', 'Service Account', 'Administrator']);

/**
 * POOL001: a broad group (built-in broad name, or more members than the threshold) can use or manage pools.
 * Rows on Microsoft-hosted pools (and their queues) are not judged; "All agent pools" rows are.
 */
export const POOL001: PoolRule = {
  info: {
    id: 'POOL001',
    title: 'Broad group holds a use or manage role on agent pools',
    defaultSeverity: 'high',
    rationale:
      'Groups such as Contributors or Project Collection Valid Users include nearly everyone, so any member ' +
      'can run code on (or manage) the pool agents and reach the networks and secrets those machines hold.',
    fix:
      'Replace the broad group with a small dedicated group (User for pipeline authors, Administrator for the ' +
      'platform team), or downgrade the broad group to Reader.',
  },
  evaluate(snapshot, settings) {
    const out = new RuleResultBuilder('POOL001');
    const judged = new Set(assignmentsToJudge(snapshot.roleAssignments));
    for (const row of snapshot.roleAssignments) {
      const pool = poolOfAssignment(row, snapshot);
      // Microsoft-hosted pools run on Microsoft's machines and Contributors hold User there by default.
      if (pool && !isSelfHostedPool(pool)) continue;
      const resource = scopeRef(row, snapshot);
      out.evaluatedOn(resource);
      if (!judged.has(row)) continue; // repeated grant: reported at its origin
      const identity = resolveIdentity(row.identity, snapshot);
      if (!isGroup(identity) || !USE_OR_MANAGE_ROLES.has(row.role)) continue;
      const expansion = snapshot.groupExpansions[identity.id];
      const memberCount = expansion?.effectiveMemberIds.length;
      const byName = isBroadGroupByName(identity, settings.broadGroups);
      const bySize = memberCount !== undefined && memberCount > settings.broadGroupMemberThreshold;
      if (!byName && !bySize) continue;
      const reason = byName
        ? `built-in broad group '${identity.displayName}'`
        : `${memberCount} effective members (threshold ${settings.broadGroupMemberThreshold})`;
      out.add({
        ruleId: 'POOL001',
        severity: 'high',
        title: POOL001.info.title,
        message:
          `Group '${identity.displayName}' holds the ${row.role} role (${row.access}) on ${describeResource(resource)}: ` +
          `${reason}. Grant the role to a small dedicated group instead, or downgrade this group to Reader.`,
        resource,
        principal: principalRef(identity),
        evidence: {
          ...assignmentEvidence(row),
          broadByName: byName,
          effectiveMemberCount: memberCount ?? null,
          memberThreshold: settings.broadGroupMemberThreshold,
          expansionTruncated: expansion?.truncated ?? null,
        },
      });
    }
    return out.build();
  },
};
