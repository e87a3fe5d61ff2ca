import type { PoolRule } from '../rule';
import { RuleResultBuilder } from '../rule';
import { isSelfHostedPool } from '../pools';
import { queueRef } from '../refs';

/** POOL006: a self-hosted pool's project queue is open to all pipelines. Unreadable permissions are skipped. */
export const POOL006: PoolRule = {
  info: {
    id: 'POOL006',
    title: 'Self-hosted agent pool open to all pipelines',
    defaultSeverity: 'high',
    rationale:
      'With "grant access to all pipelines" any pipeline in the project, including new ones and ones built from ' +
      'pull requests, runs on machines you operate without anyone authorizing it.',
    fix:
      'Turn off "Grant access permission to all pipelines" on the project agent pool (Security → Pipeline ' +
      'permissions) and authorize pipelines one by one.',
  },
  evaluate(snapshot) {
    const out = new RuleResultBuilder('POOL006');
    const pools = new Map(snapshot.pools.map((pool) => [pool.id, pool]));
    for (const queue of snapshot.queues) {
      const pool = pools.get(queue.poolId);
      if (!pool || !isSelfHostedPool(pool) || queue.openToAllPipelines === undefined) continue;
      const resource = queueRef(queue, snapshot);
      out.evaluatedOn(resource);
      if (!queue.openToAllPipelines) continue;
      out.add({
        ruleId: 'POOL006',
        severity: 'high',
        title: POOL006.info.title,
        message:
          `Agent pool '${queue.name}' in project '${resource.parent?.name}' (self-hosted pool '${pool.name}') is open ` +
          'to all pipelines. Turn off open access and authorize the pipelines that need it.',
        resource,
        evidence: { poolId: pool.id, poolName: pool.name, poolKind: pool.kind, queueId: queue.id, openToAllPipelines: true },
      });
    }
    return out.build();
  },
};
