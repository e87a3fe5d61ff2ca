import { definePolicySchema } from '../policy';
import { PAT_RULE_IDS } from './catalog';
import { AGENT_REGISTRATION_PROFILE, DEFAULT_PAT_AUDIT_SETTINGS } from './settings';

/** Settings a PAT audit policy file may set, with the documented defaults (tasks/common/pats/README.md). */
export const PAT_AUDIT_POLICY = definePolicySchema({
  ruleIds: PAT_RULE_IDS,
  settings: {
    maxLifetimeDays: {
      type: 'integer',
      default: DEFAULT_PAT_AUDIT_SETTINGS.maxLifetimeDays,
      min: 1,
      max: 3650,
      description: 'Longest acceptable lifetime (PAT004).',
    },
    maxSshKeyLifetimeDays: {
      type: 'integer',
      default: DEFAULT_PAT_AUDIT_SETTINGS.maxSshKeyLifetimeDays,
      min: 1,
      max: 3650,
      description: 'Longest acceptable lifetime of an SSH key (PAT004 on SSH keys).',
    },
    broadGroupNames: {
      type: 'string[]',
      default: [...DEFAULT_PAT_AUDIT_SETTINGS.broadGroupNames],
      description: 'Group name patterns that make a PAT creation allow list as good as none (PAT012).',
    },
    expiringWithinDays: {
      type: 'integer',
      default: DEFAULT_PAT_AUDIT_SETTINGS.expiringWithinDays,
      min: 0,
      max: 365,
      description: 'Warn when a token expires this soon (PAT005).',
    },
    noticeWithinDays: {
      type: 'integer',
      default: DEFAULT_PAT_AUDIT_SETTINGS.noticeWithinDays,
      min: 0,
      max: 365,
      description: 'Notice window for expiring tokens (PAT005, low).',
    },
    highPrivilegeScopes: {
      type: 'string[]',
      default: [...DEFAULT_PAT_AUDIT_SETTINGS.highPrivilegeScopes],
      description: 'Scopes reported as high privilege (PAT003).',
    },
    knownScopes: {
      type: 'string[]',
      default: [...DEFAULT_PAT_AUDIT_SETTINGS.knownScopes],
      description: 'Scopes with a known meaning; others are reported as unknown (PAT003).',
    },
    agentTokenNamePattern: {
      type: 'string',
      default: AGENT_REGISTRATION_PROFILE.namePattern,
      description: 'Token names treated as agent registration tokens (PAT008).',
    },
  },
});
