import { matchesGroupNamePattern } from '../../patterns/names';
import type { PostureRule } from '../posture-rule';
import { judgePolicy, policyFinding } from '../posture-rule';

/**
 * PAT012: the organization policy "Restrict personal access token creation" (Entra-backed organizations only) is
 * off, or its allow list names a broad group: `broadGroupNames` are name patterns (patterns/names.ts) matched by
 * `matchesGroupNamePattern` (without `\` against the name without its `[scope]\` prefix, with `\` against the
 * whole `[scope]\Group` name). A match only raises a finding, so matching the policy's display names is safe.
 */
export const PAT012: PostureRule = {
  info: {
    id: 'PAT012',
    title: 'Personal access token creation not restricted',
    defaultSeverity: 'low',
    rationale: 'Most people never need a PAT; letting everyone create them multiplies the tokens that can leak.',
    fix: 'Turn on "Restrict personal access token creation" (Organization settings > Policies) and allow only the people or small groups that need tokens.',
  },
  evaluate(posture, settings) {
    return judgePolicy(PAT012.info, posture, 'Policy.DisablePATCreation', (policy) => {
      if (policy.state === 'off') {
        return policyFinding(PAT012.info, 'low', `The organization policy "${policy.title}" is off: every user may create tokens.`, policy);
      }
      const allowList = Array.isArray(policy.value) ? policy.value : [];
      const hits = allowList.filter((name) => matchesGroupNamePattern(name, settings.broadGroupNames));
      if (hits.length === 0) return undefined;
      return policyFinding(
        PAT012.info,
        'low',
        `The organization policy "${policy.title}" is on, but its allow list holds broad groups (${hits.join(', ')}): in effect everyone may create tokens.`,
        policy,
        { broadGroups: hits.join(', ') },
      );
    });
  },
};
