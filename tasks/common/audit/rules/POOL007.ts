import type { PoolRule } from '../rule';
import { RuleResultBuilder } from '../rule';
import { isSelfHostedPool } from '../pools';
import { poolRef } from '../refs';

/** POOL007: a self-hosted pool auto-provisions a queue into every project. */
export const POOL007: PoolRule = {
  info: {
    id: 'POOL007',
    title: 'Self-hosted agent pool auto-provisioned to every project',
    defaultSeverity: 'medium',
    rationale:
      'Auto-provisioning adds the pool to every existing and future project, so teams that were never meant to ' +
      'run on these machines get a queue for them.',
    fix: 'Turn off "Auto-provision this agent pool in all projects" and add the pool only to the projects that need it.',
  },
  evaluate(snapshot) {
    const out = new RuleResultBuilder('POOL007');
    for (const pool of snapshot.pools) {
      if (!isSelfHostedPool(pool)) continue;
      const resource = poolRef(pool);
      out.evaluatedOn(resource);
      if (!pool.autoProvision) continue;
      out.add({
        ruleId: 'POOL007',
        severity: 'medium',
        title: POOL007.info.title,
        message:
          `Self-hosted agent pool '${pool.name}' is auto-provisioned into every project. ` +
          'Turn off auto-provisioning and link the pool to the projects that need it.',
        resource,
        evidence: { poolKind: pool.kind, autoProvision: true },
      });
    }
    return out.build();
  },
};
