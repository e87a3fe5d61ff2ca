import type { PoolRule } from '../rule';
import { RuleResultBuilder } from '../rule';
import { judgedAssignments } from '../assignments';
import { isInactiveOrDeleted } from '../classify';
import { assignmentEvidence, describeResource } from '../evidence';
import { principalRef } from '../refs';

/** POOL012: a role (any, even Reader) held by an identity that is inactive or deleted in its directory. */
export const POOL012: PoolRule = {
  info: {
    id: 'POOL012',
    title: 'Role held by an inactive or deleted identity',
    defaultSeverity: 'medium',
    rationale:
      'Grants to people who left or were disabled are forgotten access: they come back to life if the account is ' +
      're-enabled or the name is reused.',
    fix: 'Remove the assignment; if the access is still needed, grant it to a current group.',
  },
  evaluate(snapshot) {
    const out = new RuleResultBuilder('POOL012');
    for (const { row, resource, identity } of judgedAssignments(snapshot.roleAssignments, snapshot, out)) {
      if (!isInactiveOrDeleted(identity)) continue;
      const state = identity.deletedInOrigin ? 'deleted in its directory' : 'inactive';
      out.add({
        ruleId: 'POOL012',
        severity: 'medium',
        title: POOL012.info.title,
        message:
          `'${identity.displayName}' is ${state} but still holds ${row.role} on ${describeResource(resource)}. ` + 'Remove the assignment.',
        resource,
        principal: principalRef(identity),
        evidence: {
          ...assignmentEvidence(row),
          active: identity.active ?? null,
          deletedInOrigin: identity.deletedInOrigin ?? null,
        },
      });
    }
    return out.build();
  },
};
