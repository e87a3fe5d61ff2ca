import type { Pool } from '../../model/pool';
import type { PoolRule } from '../rule';
import type { PoolAuditSnapshot } from '../snapshot';
import { RuleResultBuilder } from '../rule';
import { agentsReusedAcrossJobs, isSelfHostedPool, managedAgentProfile, queuesOfPool } from '../pools';
import { poolRef } from '../refs';

/** Evidence on the pool's Managed DevOps Pool agent profile: what ARM said, or that it was not read. */
function agentProfileEvidence(snapshot: PoolAuditSnapshot, pool: Pool): Record<string, string> {
  if (!snapshot.managedPools) {
    return {
      managedPoolAgentProfile:
        'not read: no Managed DevOps Pool data (give azureSubscription), so a stateless Managed DevOps Pool, whose agents are never reused, cannot be told apart',
    };
  }
  const managed = snapshot.managedPools[String(pool.id)];
  return managed ? { managedPoolAgentProfile: managed.agentProfile ?? 'unknown', managedPoolResourceId: managed.resourceId } : {};
}

/**
 * POOL019: a self-hosted pool whose agents are reused across jobs (not an elastic pool that recycles each agent
 * after use, nor a stateless Managed DevOps Pool) serves more than one project, or has a queue open to all
 * pipelines. Pools whose reuse cannot be told are not judged.
 */
export const POOL019: PoolRule = {
  info: {
    id: 'POOL019',
    title: 'Reused agents shared across projects or open to all pipelines',
    defaultSeverity: 'medium',
    rationale:
      'An agent that runs job after job keeps its work folders, tool caches and anything a job left behind: a job of ' +
      'one pipeline (or project) can read or poison what the next one uses.',
    fix:
      'Give each project (or trust boundary) its own pool and authorize pipelines one by one, or make the agents single ' +
      'use (scale set pool with "Tear down virtual machines after every use", or a stateless Managed DevOps Pool).',
  },
  evaluate(snapshot) {
    const out = new RuleResultBuilder('POOL019');
    for (const pool of snapshot.pools) {
      if (!isSelfHostedPool(pool)) continue;
      const reused = agentsReusedAcrossJobs(pool, snapshot);
      if (reused === undefined) continue;
      const resource = poolRef(pool);
      out.evaluatedOn(resource);
      if (!reused) continue;
      const queues = queuesOfPool(pool, snapshot);
      const projects = [...new Set(queues.map((queue) => queue.projectName ?? queue.projectId))];
      const open = queues.filter((queue) => queue.openToAllPipelines === true);
      if (projects.length <= 1 && open.length === 0) continue;
      const reasons: string[] = [];
      if (projects.length > 1) reasons.push(`serves ${projects.length} projects (${projects.join(', ')})`);
      if (open.length > 0) reasons.push(`is open to all pipelines in ${open.map((q) => q.projectName ?? q.projectId).join(', ')}`);
      const stateful = managedAgentProfile(pool, snapshot) === 'Stateful';
      out.add({
        ruleId: 'POOL019',
        severity: 'medium',
        title: POOL019.info.title,
        message:
          `${stateful ? `Managed DevOps Pool '${pool.name}' has stateful agents, so it` : `Self-hosted pool '${pool.name}'`} reuses its agents across jobs and ${reasons.join(' and ')}: one pipeline's job ` +
          'can read what another left in the agent folders. Split the pool per project or make its agents single use.',
        resource,
        evidence: {
          poolKind: pool.kind,
          projects: projects.length,
          openQueues: open.length,
          singleUseAgents: false,
          ...agentProfileEvidence(snapshot, pool),
        },
      });
    }
    return out.build();
  },
};
