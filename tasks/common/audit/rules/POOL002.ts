import type { PoolRule } from '../rule';
import { RuleResultBuilder } from '../rule';
import { resolveIdentity } from '../assignments';
import { identityMatchesTrusted, isIndividualUser } from '../classify';
import { assignmentEvidence, describeResource } from '../evidence';
import { principalRef, scopeRef } from '../refs';

/** POOL002: a person is directly (not through a group) assigned Administrator. */
export const POOL002: PoolRule = {
  info: {
    id: 'POOL002',
    title: 'Individual user directly assigned Administrator',
    defaultSeverity: 'medium',
    rationale:
      'Direct grants to people outlive role changes and are invisible in group reviews; access then depends ' +
      'on someone remembering to remove it.',
    fix:
      'Add the person to an administrators group that holds the role, then remove the direct assignment ' +
      '(or list the identity in allowedAdministrators if the direct grant is intended).',
  },
  evaluate(snapshot, settings) {
    const out = new RuleResultBuilder('POOL002');
    for (const row of snapshot.roleAssignments) {
      if (row.access !== 'assigned') continue; // inherited rows point back at the direct grant on the parent
      const resource = scopeRef(row, snapshot);
      out.evaluatedOn(resource);
      const identity = resolveIdentity(row.identity, snapshot);
      if (row.role !== 'Administrator' || !isIndividualUser(identity)) continue;
      if (identityMatchesTrusted(identity, settings.allowedAdministrators)) continue;
      out.add({
        ruleId: 'POOL002',
        severity: 'medium',
        title: POOL002.info.title,
        message:
          `User '${identity.displayName}' is directly assigned Administrator on ${describeResource(resource)}. ` +
          'Grant Administrator through a group and remove the direct assignment.',
        resource,
        principal: principalRef(identity),
        evidence: assignmentEvidence(row),
      });
    }
    return out.build();
  },
};
