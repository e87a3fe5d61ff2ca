import type { Agent } from '../../model/pool';
import type { PoolRule } from '../rule';
import { DAY_MS, RuleResultBuilder } from '../rule';
import { isSelfHostedPool } from '../pools';
import { poolRef } from '../refs';

function lastFinishedJob(agents: readonly Agent[]): Date | undefined {
  let latest: Date | undefined;
  for (const agent of agents) {
    const finish = agent.lastCompletedRequest?.finishTime;
    if (finish && (!latest || finish > latest)) latest = finish;
  }
  return latest;
}

/**
 * POOL013: a self-hosted pool with no finished job for MORE than `inactivePoolDays`, by the newest
 * `lastCompletedRequest.finishTime` of its agents. Decisions:
 * - an agent running a job right now makes the pool active;
 * - no job ever (agents, or a plain self-hosted pool with no agents at all) fires once the pool is older than
 *   the limit, or when its creation date is unknown;
 * - elastic and agent-cloud pools with no agents are skipped: they scale to zero by design and keep no history;
 * - pools whose agents were not read are skipped.
 */
export const POOL013: PoolRule = {
  info: {
    id: 'POOL013',
    title: 'Self-hosted agent pool with no recent jobs',
    defaultSeverity: 'low',
    rationale:
      'Unused pools keep machines, agent credentials and role assignments alive for nothing; they are rarely ' +
      'patched because nobody watches them.',
    fix: 'Delete the pool (and its machines) or document why it must stay.',
  },
  evaluate(snapshot, settings, now) {
    const out = new RuleResultBuilder('POOL013');
    const limitMs = settings.inactivePoolDays * DAY_MS;
    for (const pool of snapshot.pools) {
      const agents = snapshot.agentsByPool[String(pool.id)];
      if (!isSelfHostedPool(pool) || !agents) continue;
      if (agents.length === 0 && pool.kind !== 'selfHosted') continue;
      const resource = poolRef(pool);
      out.evaluatedOn(resource);
      if (agents.some((agent) => agent.assignedRequest)) continue;
      const lastJob = lastFinishedJob(agents);
      if (lastJob) {
        if (now.getTime() - lastJob.getTime() <= limitMs) continue;
      } else if (pool.createdOn && now.getTime() - pool.createdOn.getTime() <= limitMs) {
        continue; // young pool that has not run anything yet
      }
      const idleDays = lastJob ? Math.floor((now.getTime() - lastJob.getTime()) / DAY_MS) : null;
      const what = lastJob
        ? `has not finished a job for ${idleDays} days`
        : agents.length === 0
          ? 'has no agents and no job history'
          : 'has never finished a job on its current agents';
      out.add({
        ruleId: 'POOL013',
        severity: 'low',
        title: POOL013.info.title,
        message:
          `Self-hosted agent pool '${pool.name}' ${what} (limit ${settings.inactivePoolDays} days). ` +
          'Delete it or document why it must stay.',
        resource,
        evidence: {
          lastJobFinishedOn: lastJob?.toISOString() ?? null,
          idleDays,
          agentCount: agents.length,
          poolCreatedOn: pool.createdOn?.toISOString() ?? null,
          inactivePoolDays: settings.inactivePoolDays,
        },
      });
    }
    return out.build();
  },
};
