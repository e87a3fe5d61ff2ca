import type { PoolRule } from '../rule';
import { RuleResultBuilder } from '../rule';
import { judgedAssignments } from '../assignments';
import { isBuildService } from '../classify';
import { assignmentEvidence, describeResource } from '../evidence';
import { principalRef } from '../refs';

/** POOL005: a build service identity (what pipelines run as) holds Administrator. */
export const POOL005: PoolRule = {
  info: {
    id: 'POOL005',
    title: 'Build service identity holds Administrator on agent pools',
    defaultSeverity: 'critical',
    rationale:
      'Every pipeline job token acts as the build service. With Administrator, any pipeline (or anyone who can ' +
      'edit one) can register rogue agents, change pool roles and take over the pool.',
    fix: 'Give the build service User (or Creator only if it must create project pools) and remove Administrator.',
  },
  evaluate(snapshot) {
    const out = new RuleResultBuilder('POOL005');
    for (const { row, resource, identity } of judgedAssignments(snapshot.roleAssignments, snapshot, out)) {
      if (row.role !== 'Administrator' || !isBuildService(identity)) continue;
      out.add({
        ruleId: 'POOL005',
        severity: 'critical',
        title: POOL005.info.title,
        message:
          `Build service '${identity.displayName}' holds Administrator (${row.access}) on ${describeResource(resource)}. ` +
          'Any pipeline can then manage the pool: downgrade it to User.',
        resource,
        principal: principalRef(identity),
        evidence: assignmentEvidence(row),
      });
    }
    return out.build();
  },
};
