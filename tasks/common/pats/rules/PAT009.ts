import type { PostureRule } from '../posture-rule';
import { judgePolicy, policyFinding } from '../posture-rule';

/** PAT009: the tenant policy "Restrict full-scoped personal access token creation" is off. */
export const PAT009: PostureRule = {
  info: {
    id: 'PAT009',
    title: 'Full-scoped personal access tokens may be created',
    defaultSeverity: 'medium',
    rationale:
      'Without this tenant policy anyone can create a token that can do everything they can; the token audit finds them only after the fact.',
    fix: 'Turn on "Restrict full-scoped personal access token creation" (Organization settings > Microsoft Entra > Policies), with an allow list for the few who need it.',
  },
  evaluate(posture) {
    return judgePolicy(PAT009.info, posture, 'TenantPolicy.RestrictFullScopePersonalAccessToken', (policy) =>
      policy.state === 'off'
        ? policyFinding(PAT009.info, 'medium', `The tenant policy "${policy.title}" is off: full-scoped tokens can be created.`, policy)
        : undefined,
    );
  },
};
