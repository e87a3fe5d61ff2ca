import type { PoolRule } from '../rule';
import { RuleResultBuilder } from '../rule';
import { selfHostedAgents } from '../pools';
import { agentRef } from '../refs';
import { compileSecretPatterns, secretReason } from '../../patterns/secrets';

/**
 * POOL010: secret-looking values in agent USER capabilities (which every pool reader can see).
 * One finding per capability; evidence names the key and the reason, never the value.
 */
export const POOL010: PoolRule = {
  info: {
    id: 'POOL010',
    title: 'Secret-looking value in agent user capabilities',
    defaultSeverity: 'high',
    rationale:
      'Agent capabilities are readable by everyone with Reader on the pool and are sent with job requests; a ' +
      'password or token there is effectively published.',
    fix:
      'Remove the capability, rotate the secret, and deliver it through a secret variable, Key Vault or a ' + 'service connection instead.',
  },
  evaluate(snapshot, settings) {
    const out = new RuleResultBuilder('POOL010');
    const patterns = compileSecretPatterns(settings.secretPatterns);
    for (const { pool, agent } of selfHostedAgents(snapshot)) {
      if (!agent.userCapabilities) continue; // not read (includeCapabilities=false)
      const resource = agentRef(agent, pool);
      out.evaluatedOn(resource);
      for (const [key, value] of Object.entries(agent.userCapabilities)) {
        const reason = secretReason(key, value, patterns);
        if (!reason) continue;
        out.add({
          ruleId: 'POOL010',
          severity: 'high',
          title: POOL010.info.title,
          message:
            `User capability '${key}' on agent '${agent.name}' (pool '${pool.name}') looks like a secret: ${reason}. ` +
            'Remove it, rotate the secret and pass it as a secret variable instead.',
          resource,
          evidence: { capabilityKey: key, capabilitySource: 'userCapabilities', reason },
        });
      }
    }
    return out.build();
  },
};
