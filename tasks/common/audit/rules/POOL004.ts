import type { PoolRule } from '../rule';
import { RuleResultBuilder } from '../rule';
import { judgedAssignments } from '../assignments';
import { assignmentEvidence, describeResource } from '../evidence';
import { principalRef } from '../refs';

/** POOL004: the organization-level Service Account role (All agent pools or one pool) has members. */
export const POOL004: PoolRule = {
  info: {
    id: 'POOL004',
    title: 'Organization-level Service Account role has members',
    defaultSeverity: 'medium',
    rationale:
      'Service Account lets a holder attach the pool to any project. Microsoft documents that this role ' +
      'normally needs no members, so every member is an unexplained path to the agents.',
    fix: 'Remove members from the Service Account role; link pools to projects explicitly instead.',
  },
  evaluate(snapshot) {
    const out = new RuleResultBuilder('POOL004');
    const orgRows = snapshot.roleAssignments.filter((row) => row.scope === 'orgAllPools' || row.scope === 'orgPool');
    for (const { row, resource, identity } of judgedAssignments(orgRows, snapshot, out)) {
      if (row.role !== 'Service Account') continue;
      out.add({
        ruleId: 'POOL004',
        severity: 'medium',
        title: POOL004.info.title,
        message:
          `'${identity.displayName}' holds the Service Account role on ${describeResource(resource)}. ` +
          'This role normally has no members: remove it unless a documented process needs it.',
        resource,
        principal: principalRef(identity),
        evidence: assignmentEvidence(row),
      });
    }
    return out.build();
  },
};
