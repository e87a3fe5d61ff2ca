import type { PoolRule } from '../rule';
import { DAY_MS, RuleResultBuilder } from '../rule';
import { selfHostedAgents } from '../pools';
import { agentRef } from '../refs';

/**
 * POOL009: an agent of a self-hosted pool offline for MORE than `staleAgentDays`
 * (now − statusChangedOn > days; exactly the limit does not fire). Agents without `statusChangedOn`
 * cannot be judged and are skipped.
 */
export const POOL009: PoolRule = {
  info: {
    id: 'POOL009',
    title: 'Agent offline for longer than the stale limit',
    defaultSeverity: 'low',
    rationale:
      'Long-offline agents keep their registration and credentials: a forgotten machine can come back with old ' +
      'software, and the pool looks bigger than it is.',
    fix: 'Remove the agent registration (and the machine) or bring it back online and patched.',
  },
  evaluate(snapshot, settings, now) {
    const out = new RuleResultBuilder('POOL009');
    const limitMs = settings.staleAgentDays * DAY_MS;
    for (const { pool, agent } of selfHostedAgents(snapshot)) {
      if (!agent.statusChangedOn) continue;
      const resource = agentRef(agent, pool);
      out.evaluatedOn(resource);
      const offlineMs = now.getTime() - agent.statusChangedOn.getTime();
      if (agent.status !== 'offline' || offlineMs <= limitMs) continue;
      const offlineDays = Math.floor(offlineMs / DAY_MS);
      out.add({
        ruleId: 'POOL009',
        severity: 'low',
        title: POOL009.info.title,
        message:
          `Agent '${agent.name}' in pool '${pool.name}' has been offline for ${offlineDays} days ` +
          `(limit ${settings.staleAgentDays}). Remove its registration or bring it back online.`,
        resource,
        evidence: {
          status: agent.status,
          offlineSince: agent.statusChangedOn.toISOString(),
          offlineDays,
          staleAgentDays: settings.staleAgentDays,
          enabled: agent.enabled,
          version: agent.version ?? null,
        },
      });
    }
    return out.build();
  },
};
