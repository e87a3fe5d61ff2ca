import type { PoolRule } from '../rule';
import { RuleResultBuilder } from '../rule';
import { selfHostedAgents } from '../pools';
import { agentRef } from '../refs';

const RUN_AS_ROOT_KEY = 'agent_allow_runasroot';
const TRUE_ISH = new Set(['true', '1', 'yes', 'on', 'y']);

/** POOL011: an agent allowed to run as root (`AGENT_ALLOW_RUNASROOT` true-ish in system or user capabilities). */
export const POOL011: PoolRule = {
  info: {
    id: 'POOL011',
    title: 'Agent allowed to run as root',
    defaultSeverity: 'high',
    rationale:
      "A job on a root agent can change the machine itself: install persistence, read other jobs' files and " +
      'credentials, and poison later builds.',
    fix: 'Run the agent service under an unprivileged account and remove AGENT_ALLOW_RUNASROOT from its environment.',
  },
  evaluate(snapshot) {
    const out = new RuleResultBuilder('POOL011');
    for (const { pool, agent } of selfHostedAgents(snapshot)) {
      if (!agent.systemCapabilities && !agent.userCapabilities) continue; // capabilities not read
      const resource = agentRef(agent, pool);
      out.evaluatedOn(resource);
      const sources = [
        ['systemCapabilities', agent.systemCapabilities],
        ['userCapabilities', agent.userCapabilities],
      ] as const;
      for (const [source, capabilities] of sources) {
        // Environment variable names are case-insensitive on Windows; compare keys case-insensitively.
        const entry = Object.entries(capabilities ?? {}).find(([key]) => key.toLowerCase() === RUN_AS_ROOT_KEY);
        if (!entry || !TRUE_ISH.has(entry[1].trim().toLowerCase())) continue;
        out.add({
          ruleId: 'POOL011',
          severity: 'high',
          title: POOL011.info.title,
          message:
            `Agent '${agent.name}' in pool '${pool.name}' is allowed to run as root (${entry[0]}=${entry[1].trim()}). ` +
            'Run the agent as an unprivileged account.',
          resource,
          evidence: { capabilityKey: entry[0], capabilitySource: source, value: entry[1].trim() },
        });
        break; // one finding per agent
      }
    }
    return out.build();
  },
};
