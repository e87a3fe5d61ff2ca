import { activeChecks } from '../../model/checks';
import type { PoolRule } from '../rule';
import { RuleResultBuilder } from '../rule';
import { queueLabel, selfHostedQueues } from '../queue-access';
import { queueRef } from '../refs';

/**
 * POOL015: an enabled branch control check on a self-hosted queue that lets any branch through (`*`), does not verify
 * branch protection, or lets branches of unknown protection status through. One finding per check.
 */
export const POOL015: PoolRule = {
  info: {
    id: 'POOL015',
    title: 'Branch control check that does not restrict to protected branches',
    defaultSeverity: 'high',
    rationale:
      'A branch control check only helps when the branches it allows cannot be changed without review: "*" lets every ' +
      'branch through, and without "Verify branch protection" an allowed branch may have no policy at all.',
    fix: 'Edit the check: list only protected branches (no "*"), turn on "Verify branch protection" and leave "Allow unknown status" off.',
  },
  evaluate(snapshot, settings) {
    const out = new RuleResultBuilder('POOL015');
    for (const { queue, pool, sensitive } of selfHostedQueues(snapshot, settings)) {
      if (queue.checks === undefined) continue;
      const resource = queueRef(queue, snapshot);
      out.evaluatedOn(resource);
      for (const check of activeChecks(queue.checks)) {
        const branch = check.branchControl;
        if (check.kind !== 'branchControl' || !branch) continue;
        const reasons: string[] = [];
        if (branch.allowedBranches.includes('*')) reasons.push('allows any branch (*)');
        if (!branch.ensureProtectionOfBranch) reasons.push('does not verify branch protection');
        if (branch.allowUnknownStatusBranch) reasons.push('allows branches of unknown protection status');
        if (reasons.length === 0) continue;
        out.add({
          ruleId: 'POOL015',
          severity: sensitive ? 'high' : 'medium',
          title: POOL015.info.title,
          message:
            `Branch control check '${check.displayName}' on agent pool ${queueLabel(queue, snapshot)} (pool '${pool.name}') ` +
            `${reasons.join(', ')}. Allow only protected branches and verify their protection.`,
          resource,
          key: `check ${check.id}`,
          evidence: {
            poolId: pool.id,
            poolName: pool.name,
            queueId: queue.id,
            checkId: check.id,
            checkName: check.displayName,
            allowedBranches: branch.allowedBranches.join(', '),
            ensureProtectionOfBranch: branch.ensureProtectionOfBranch,
            allowUnknownStatusBranch: branch.allowUnknownStatusBranch,
            sensitivePool: sensitive,
          },
        });
      }
    }
    return out.build();
  },
};
