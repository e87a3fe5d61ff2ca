import type { PostureRule } from '../posture-rule';
import { judgePolicy, policyFinding } from '../posture-rule';

/** PAT013: the organization policy "Log audit events" (`Policy.LogAuditEvents`) is off. */
export const PAT013: PostureRule = {
  info: {
    id: 'PAT013',
    title: 'Audit log is off',
    defaultSeverity: 'low',
    rationale: 'Without the audit log nobody can see tokens found in public repositories, revoked by the system, or created in bulk.',
    fix: 'Turn on "Log audit events" (Organization settings > Policies > Security policies); stream the log to a SIEM to keep it beyond 90 days.',
  },
  evaluate(posture) {
    return judgePolicy(PAT013.info, posture, 'Policy.LogAuditEvents', (policy) =>
      policy.state === 'off'
        ? policyFinding(
            PAT013.info,
            'low',
            `The organization policy "${policy.title}" is off: leaks and revocations of tokens cannot be seen.`,
            policy,
          )
        : undefined,
    );
  },
};
