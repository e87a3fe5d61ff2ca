import type { PoolRule } from '../rule';
import { RuleResultBuilder } from '../rule';
import { queueLabel, requiresIndependentReview, selfHostedQueues } from '../queue-access';
import { queueRef } from '../refs';
import { branchKey, pipelineKey } from '../snapshot';

/**
 * POOL018: a pipeline authorized on a queue of a sensitive pool builds from an Azure Repos branch that anyone with
 * Contribute can change: no enabled, blocking policy that requires a reviewer other than the author. Pipelines in
 * other repository types, and pipelines or branches that could not be read, are not judged (the report lists them).
 */
export const POOL018: PoolRule = {
  info: {
    id: 'POOL018',
    title: 'Pipeline on a sensitive pool builds from a branch without independent review',
    defaultSeverity: 'high',
    rationale:
      'A pipeline authorized on a sensitive pool runs whatever its branch holds: if anyone with Contribute can push to ' +
      'that branch without another person approving, anyone with Contribute can run code on the sensitive agents.',
    fix:
      'Add an enabled, blocking "Minimum number of reviewers" policy (at least 1, author\'s vote not counted) to the ' +
      "pipeline's default branch, or remove the pipeline's authorization on the pool.",
  },
  evaluate(snapshot, settings) {
    const out = new RuleResultBuilder('POOL018');
    for (const { queue, pool, sensitive } of selfHostedQueues(snapshot, settings)) {
      if (!sensitive) continue;
      for (const pipelineId of queue.authorizedPipelineIds ?? []) {
        const pipeline = snapshot.pipelines?.[pipelineKey(queue.projectId, pipelineId)];
        if (!pipeline || pipeline.repository.type !== 'TfsGit' || !pipeline.repository.defaultBranch) continue;
        const policies = snapshot.branchPolicies?.[branchKey(pipeline.repository.id, pipeline.repository.defaultBranch)];
        if (policies === undefined) continue;
        const queueResource = queueRef(queue, snapshot);
        const resource = { kind: 'pipeline', id: String(pipeline.id), name: pipeline.name, parent: queueResource.parent! };
        out.evaluatedOn(resource);
        if (policies.some(requiresIndependentReview)) continue;
        out.add({
          ruleId: 'POOL018',
          severity: 'high',
          title: POOL018.info.title,
          message:
            `Pipeline '${pipeline.name}' is authorized on sensitive agent pool ${queueLabel(queue, snapshot)} (pool ` +
            `'${pool.name}') and builds from ${pipeline.repository.name}@${pipeline.repository.defaultBranch}, which has no ` +
            'enabled, blocking policy requiring a reviewer other than the author. Add one, or remove the authorization.',
          resource,
          key: `queue ${queue.projectId}_${queue.id}`,
          evidence: {
            poolId: pool.id,
            poolName: pool.name,
            queueId: queue.id,
            queueName: queue.name,
            pipelineId: pipeline.id,
            repository: pipeline.repository.name,
            branch: pipeline.repository.defaultBranch,
            policies: policies.length,
          },
        });
      }
    }
    return out.build();
  },
};
