import type { PostureRule } from '../posture-rule';
import { judgePolicy, NOT_JUDGED, policyFinding } from '../posture-rule';

/**
 * PAT010: the tenant policy "Enforce maximum personal access token lifespan" is off, or allows MORE days than
 * `maxLifetimeDays` (exactly the limit passes). On without a readable day limit is not judged (neither a pass nor a
 * finding): the reader marks that policy's limit unknown.
 */
export const PAT010: PostureRule = {
  info: {
    id: 'PAT010',
    title: 'Personal access token lifespan not limited by policy',
    defaultSeverity: 'medium',
    rationale: 'Without a maximum lifespan, tokens valid for a year are created as easily as tokens valid for a week.',
    fix: 'Turn on "Enforce maximum personal access token lifespan" (Organization settings > Microsoft Entra > Policies) with at most the lifetime the audit allows.',
  },
  evaluate(posture, settings) {
    return judgePolicy(PAT010.info, posture, 'TenantPolicy.RestrictPersonalAccessTokenLifespan', (policy) => {
      if (policy.state === 'off') {
        return policyFinding(
          PAT010.info,
          'medium',
          `The tenant policy "${policy.title}" is off: tokens can be created with any lifespan.`,
          policy,
          {
            maxLifetimeDays: settings.maxLifetimeDays,
          },
        );
      }
      const allowed = typeof policy.value === 'number' ? policy.value : undefined;
      if (allowed === undefined) return NOT_JUDGED;
      if (allowed <= settings.maxLifetimeDays) return undefined;
      return policyFinding(
        PAT010.info,
        'medium',
        `The tenant policy "${policy.title}" allows ${allowed} days, more than the ${settings.maxLifetimeDays} days this audit allows.`,
        policy,
        { maxPatLifespanInDays: allowed, maxLifetimeDays: settings.maxLifetimeDays },
      );
    });
  },
};
