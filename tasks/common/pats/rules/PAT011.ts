import type { PostureRule } from '../posture-rule';
import { judgePolicy, policyFinding } from '../posture-rule';

/** PAT011: the tenant policy "Automatic revocation of leaked personal access tokens" is off. */
export const PAT011: PostureRule = {
  info: {
    id: 'PAT011',
    title: 'Leaked personal access tokens are not revoked automatically',
    defaultSeverity: 'high',
    rationale:
      'Azure DevOps finds tokens pushed to public GitHub repositories; with this policy off it only tells the owner and the token keeps working.',
    fix: 'Turn on "Automatic revocation of leaked personal access tokens" (Organization settings > Microsoft Entra > Policies).',
  },
  evaluate(posture) {
    return judgePolicy(PAT011.info, posture, 'TenantPolicy.EnableLeakedPersonalAccessTokenAutoRevocation', (policy) =>
      policy.state === 'off'
        ? policyFinding(
            PAT011.info,
            'high',
            `The tenant policy "${policy.title}" is off: a leaked token keeps working until someone revokes it.`,
            policy,
          )
        : undefined,
    );
  },
};
