import { definePolicySchema } from '../policy';
import { POOL_RULE_IDS } from './catalog';
import { DEFAULT_POOL_AUDIT_SETTINGS } from './settings';

/** Settings a pool audit policy file may set, with the documented defaults (tasks/common/audit/README.md). */
export const POOL_AUDIT_POLICY = definePolicySchema({
  ruleIds: POOL_RULE_IDS,
  settings: {
    broadGroupMemberThreshold: {
      type: 'integer',
      default: DEFAULT_POOL_AUDIT_SETTINGS.broadGroupMemberThreshold,
      min: 0,
      description: 'A group with more effective members is broad (POOL001).',
    },
    maxAdministrators: {
      type: 'integer',
      default: DEFAULT_POOL_AUDIT_SETTINGS.maxAdministrators,
      min: 0,
      description: 'Most effective Administrators per pool (POOL003).',
    },
    staleAgentDays: {
      type: 'integer',
      default: DEFAULT_POOL_AUDIT_SETTINGS.staleAgentDays,
      min: 0,
      description: 'Agents offline longer are lingering registrations (POOL009).',
    },
    inactivePoolDays: {
      type: 'integer',
      default: DEFAULT_POOL_AUDIT_SETTINGS.inactivePoolDays,
      min: 0,
      description: 'Self-hosted pools without a job for longer are inactive (POOL013).',
    },
    maxGroupDepth: { type: 'integer', default: 10, min: 1, max: 50, description: 'How deep nested groups are expanded.' },
    broadGroups: {
      type: 'string[]',
      default: [...DEFAULT_POOL_AUDIT_SETTINGS.broadGroups],
      description: 'Group name patterns that are broad by definition (POOL001).',
    },
    allowedAdministrators: {
      type: 'string[]',
      default: [],
      description: 'Identities allowed to hold Administrator (POOL002, POOL003): principal name, descriptor or id patterns.',
    },
    sensitivePools: {
      type: 'string[]',
      default: [],
      description: 'Sensitive pools: inherited assignments (POOL008), stricter checks (POOL014-POOL016), pipeline branches (POOL018).',
    },
    trustedApprovers: {
      type: 'string[]',
      default: [],
      description: 'Groups never broad as check approvers (POOL016): principal name, descriptor or id patterns.',
    },
    secretPatterns: {
      type: 'string[]',
      default: [...DEFAULT_POOL_AUDIT_SETTINGS.secretPatterns],
      description: 'Capability key patterns that mark secrets (POOL010).',
    },
  },
});
