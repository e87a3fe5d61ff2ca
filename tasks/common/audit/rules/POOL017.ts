import { activeChecks } from '../../model/checks';
import type { PoolRule } from '../rule';
import { RuleResultBuilder } from '../rule';
import { hasBlockingPolicy, queueLabel, selfHostedQueues } from '../queue-access';
import { queueProjectName, queueRef } from '../refs';
import { branchKey, templateRepositoryKey } from '../snapshot';

/**
 * POOL017: an enabled required template check whose template comes from an Azure Repos branch with no enabled,
 * blocking branch policy. Templates outside Azure Repos, and branches whose policies could not be read, are not judged.
 */
export const POOL017: PoolRule = {
  info: {
    id: 'POOL017',
    title: 'Required template taken from an unprotected branch',
    defaultSeverity: 'medium',
    rationale:
      'A required template is only a control if people cannot change it at will: when its branch has no blocking ' +
      'policy, anyone with Contribute on the template repository can rewrite what every pipeline must extend.',
    fix: 'Protect the template branch with a blocking branch policy (reviewers, build validation), or point the check at a protected branch.',
  },
  evaluate(snapshot, settings) {
    const out = new RuleResultBuilder('POOL017');
    for (const { queue, pool } of selfHostedQueues(snapshot, settings)) {
      if (queue.checks === undefined) continue;
      const resource = queueRef(queue, snapshot);
      for (const check of activeChecks(queue.checks)) {
        if (check.kind !== 'requiredTemplate') continue;
        for (const template of check.requiredTemplates ?? []) {
          if (template.repositoryType.toLowerCase() !== 'git') continue;
          const repository = templateRepositoryKey(queueProjectName(queue, snapshot), template.repositoryName);
          const policies = snapshot.branchPolicies?.[branchKey(repository, template.repositoryRef)];
          if (policies === undefined) continue;
          out.evaluatedOn(resource);
          if (hasBlockingPolicy(policies)) continue;
          out.add({
            ruleId: 'POOL017',
            severity: 'medium',
            title: POOL017.info.title,
            message:
              `Required template check on agent pool ${queueLabel(queue, snapshot)} (pool '${pool.name}') requires ` +
              `'${template.templatePath}' from ${repository}@${template.repositoryRef}, a branch with no enabled, blocking ` +
              'policy. Protect that branch.',
            resource,
            key: `check ${check.id} ${repository}@${template.repositoryRef}`,
            evidence: {
              poolId: pool.id,
              poolName: pool.name,
              queueId: queue.id,
              checkId: check.id,
              repository,
              repositoryRef: template.repositoryRef,
              templatePath: template.templatePath,
              policies: policies.length,
            },
          });
        }
      }
    }
    return out.build();
  },
};
