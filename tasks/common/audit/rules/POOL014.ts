import { activeChecks } from '../../model/checks';
import type { PoolRule } from '../rule';
import { RuleResultBuilder } from '../rule';
import { queueLabel, selfHostedQueues, usableByPipelines } from '../queue-access';
import { queueRef } from '../refs';
import { pipelineKey, type AuditedQueue, type PoolAuditSnapshot } from '../snapshot';

/**
 * POOL014: a self-hosted queue that YAML pipelines can use (open access or authorized pipelines) has neither a
 * branch control nor an approval check (disabled checks count as absent). Unreadable permissions or checks are skipped.
 */
export const POOL014: PoolRule = {
  info: {
    id: 'POOL014',
    title: 'Self-hosted agent pool usable by pipelines without branch control or approval',
    defaultSeverity: 'high',
    rationale:
      'Anyone who can push a branch or open a pull request can edit the YAML of an authorized pipeline and run it on ' +
      'these agents: without a branch control or approval check nothing stands between any branch and the machines.',
    fix:
      'Add a branch control check (Project settings → Agent pools → the pool → Approvals and checks) that allows only ' +
      'protected branches such as refs/heads/main with "Verify branch protection" on, or an approval check.',
  },
  evaluate(snapshot, settings) {
    const out = new RuleResultBuilder('POOL014');
    for (const { queue, pool, sensitive } of selfHostedQueues(snapshot, settings)) {
      const usable = usableByPipelines(queue);
      if (usable === undefined || queue.checks === undefined) continue;
      const resource = queueRef(queue, snapshot);
      out.evaluatedOn(resource);
      if (!usable) continue;
      const gates = activeChecks(queue.checks).filter((check) => check.kind === 'branchControl' || check.kind === 'approval');
      if (gates.length > 0) continue;
      const access = queue.openToAllPipelines
        ? 'is open to all pipelines'
        : `has ${queue.authorizedPipelineIds?.length} authorized pipeline(s)`;
      out.add({
        ruleId: 'POOL014',
        severity: sensitive ? 'high' : 'medium',
        title: POOL014.info.title,
        message:
          `Agent pool ${queueLabel(queue, snapshot)} (self-hosted pool '${pool.name}') ${access} and has no enabled branch ` +
          'control or approval check: any branch of those pipelines runs on its agents. Add a branch control check limited ' +
          'to protected branches, or an approval.',
        resource,
        evidence: {
          poolId: pool.id,
          poolName: pool.name,
          queueId: queue.id,
          sensitivePool: sensitive,
          openToAllPipelines: queue.openToAllPipelines === true,
          authorizedPipelines: queue.authorizedPipelineIds?.length ?? 0,
          disabledChecks: queue.checks.filter((check) => check.disabled).length,
          pipelineDefaultBranches: defaultBranches(queue, snapshot).join(', '),
        },
      });
    }
    return out.build();
  },
};

/** The default branches of the Azure Repos pipelines authorized on the queue that were read (sensitive pools only). */
function defaultBranches(queue: AuditedQueue, snapshot: PoolAuditSnapshot): string[] {
  const branches = (queue.authorizedPipelineIds ?? [])
    .map((id) => snapshot.pipelines?.[pipelineKey(queue.projectId, id)]?.repository)
    .filter((repository) => repository?.type === 'TfsGit' && repository.defaultBranch)
    .map((repository) => repository!.defaultBranch);
  return [...new Set(branches)].sort();
}
