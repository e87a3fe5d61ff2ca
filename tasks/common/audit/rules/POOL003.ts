import type { PoolRule } from '../rule';
import { RuleResultBuilder } from '../rule';
import { effectiveMembers, orgAdministratorRowsForPool, resolveIdentity } from '../assignments';
import { identityMatchesTrusted } from '../classify';
import { poolRef } from '../refs';

/**
 * POOL003: more effective Administrators on an organization agent pool than `maxAdministrators`.
 * Counted: org-level pool Administrators (assigned and inherited), groups expanded to distinct effective
 * members; identities in `allowedAdministrators` (and members reached only through an allowed group) are not
 * counted. Project-level queue Administrators are not counted: they manage queue membership, while org pool
 * Administrators register agents and so control the machines.
 */
export const POOL003: PoolRule = {
  info: {
    id: 'POOL003',
    title: 'Too many effective Administrators on an agent pool',
    defaultSeverity: 'medium',
    rationale:
      'Pool Administrators can register agents, change roles and take over the machines every pipeline runs on; ' +
      'each extra administrator widens that blast radius.',
    fix: 'Reduce Administrator to a small platform group; give others Reader (org) or User (project).',
  },
  evaluate(snapshot, settings) {
    const out = new RuleResultBuilder('POOL003');
    for (const pool of snapshot.pools) {
      const resource = poolRef(pool);
      out.evaluatedOn(resource);
      const holders = new Map(
        orgAdministratorRowsForPool(pool.id, snapshot)
          .map((row) => resolveIdentity(row.identity, snapshot))
          .filter((identity) => !identityMatchesTrusted(identity, settings.allowedAdministrators))
          .map((identity) => [identity.id, identity]),
      );
      const members = effectiveMembers([...holders.values()], snapshot);
      const countedIds = members.memberIds.filter((id) => {
        const member = snapshot.identities[id];
        return !member || !identityMatchesTrusted(member, settings.allowedAdministrators);
      });
      // A group we could not expand still stands for at least one person.
      const count = countedIds.length + members.unexpandedGroupIds.length;
      if (count <= settings.maxAdministrators) continue;
      const holderNames = [...holders.values()].map((identity) => identity.displayName).sort();
      out.add({
        ruleId: 'POOL003',
        severity: 'medium',
        title: POOL003.info.title,
        message:
          `Agent pool '${pool.name}' has ${count} effective Administrators (limit ${settings.maxAdministrators}) ` +
          `through ${holderNames.join(', ')}. Keep Administrator to a small platform group.`,
        resource,
        evidence: {
          effectiveAdministratorCount: count,
          maxAdministrators: settings.maxAdministrators,
          administratorAssignees: holderNames.join('; '),
          unexpandedGroupCount: members.unexpandedGroupIds.length,
          truncatedGroupCount: members.truncatedGroupIds.length,
        },
      });
    }
    return out.build();
  },
};
