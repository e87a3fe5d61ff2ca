import type { PoolRule } from '../rule';
import { RuleResultBuilder } from '../rule';
import { resolveIdentity } from '../assignments';
import { assignmentEvidence, describeResource } from '../evidence';
import { compileNamePattern } from '../../patterns/names';
import { poolRef, principalRef, scopeRef } from '../refs';

/**
 * POOL008: inherited role assignments on a pool the settings mark sensitive (`sensitivePools`), at the
 * org pool scope or on any project queue of that pool. One finding per inherited row.
 */
export const POOL008: PoolRule = {
  info: {
    id: 'POOL008',
    title: 'Inherited role assignments on a sensitive agent pool',
    defaultSeverity: 'high',
    rationale:
      'Inherited roles come from "All agent pools" and change whenever someone edits that shared node; a pool ' +
      'that deploys to production should grant access only by explicit assignment.',
    fix: 'Turn off inheritance on the sensitive pool (Security → Inheritance) and assign the roles it needs directly.',
  },
  evaluate(snapshot, settings) {
    const out = new RuleResultBuilder('POOL008');
    if (settings.sensitivePools.length === 0) return out.build();
    const matchers = settings.sensitivePools.map(compileNamePattern);
    const sensitive = snapshot.pools.filter((pool) => matchers.some((matches) => matches(pool.name)));
    for (const pool of sensitive) {
      out.evaluatedOn(poolRef(pool));
      const queueIds = new Set(snapshot.queues.filter((q) => q.poolId === pool.id).map((q) => `${q.projectId}_${q.id}`));
      const rows = snapshot.roleAssignments.filter(
        (row) =>
          (row.scope === 'orgPool' && (row.poolId ?? Number(row.resourceId)) === pool.id) ||
          (row.scope === 'projectQueue' && queueIds.has(row.resourceId)),
      );
      for (const row of rows) {
        const resource = scopeRef(row, snapshot);
        out.evaluatedOn(resource);
        if (row.access !== 'inherited') continue;
        const identity = resolveIdentity(row.identity, snapshot);
        const managed = snapshot.managedPools?.[String(pool.id)];
        // A Managed DevOps Pool created with permissionProfile Inherit had inheritance turned on by the service.
        const cause =
          managed?.permissionProfile.toLowerCase() === 'inherit'
            ? ` The cause is the Managed DevOps Pool's \`permissionProfile: Inherit\` (${managed.resourceId}), which turned inheritance on when the service created the pool; changing the profile later does not change the pool, so turn inheritance off in Azure DevOps.`
            : '';
        out.add({
          ruleId: 'POOL008',
          severity: 'high',
          title: POOL008.info.title,
          message:
            `'${identity.displayName}' holds ${row.role} on sensitive ${describeResource(resource)} only by inheritance. ` +
            'Turn off inheritance on this pool and assign the roles it needs explicitly.' +
            cause,
          resource,
          principal: principalRef(identity),
          evidence: {
            ...assignmentEvidence(row),
            sensitivePool: pool.name,
            ...(managed ? { permissionProfile: managed.permissionProfile, managedPoolResourceId: managed.resourceId } : {}),
          },
        });
      }
    }
    return out.build();
  },
};
