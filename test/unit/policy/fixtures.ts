import type { Finding } from '../../../tasks/common/model/finding';
import { definePolicySchema } from '../../../tasks/common/policy';

export const POOL_RULE_IDS = Array.from({ length: 13 }, (_, index) => `POOL${String(index + 1).padStart(3, '0')}`);

export const poolSchema = definePolicySchema({
  ruleIds: POOL_RULE_IDS,
  settings: {
    maxAdministrators: { type: 'integer', default: 5, min: 0, description: 'Most administrators per pool' },
    staleDays: { type: 'integer', default: 90, min: 1, max: 3650, description: 'Days before an identity is stale' },
    ratio: { type: 'number', default: 0.5, min: 0, max: 1, description: 'A ratio' },
    expandGroups: { type: 'boolean', default: true, description: 'Expand groups' },
    mode: { type: 'string', default: 'strict', allowed: ['strict', 'lenient'], description: 'Mode' },
    broadGroups: {
      type: 'string[]',
      default: ['Contributors', 'Readers', 'Project Collection Valid Users', 'Project Valid Users'],
      description: 'Groups considered broad',
    },
  },
});

export const NOW = new Date('2026-06-15T12:00:00Z');

export function poolFinding(overrides: Partial<Finding> = {}): Finding {
  return {
    ruleId: 'POOL001',
    severity: 'high',
    title: 'Broad group has a pool role',
    message: 'Contributors can administer Linux-Prod',
    resource: { kind: 'pool', id: '12', name: 'Linux-Prod' },
    principal: {
      id: '0f1e2d3c-0000-0000-0000-000000000001',
      descriptor: 'vssgp.Uy0xLTktMTU1MTM3NDI0NS0x',
      displayName: '[contoso]\\Contributors',
      principalName: '[contoso]\\Contributors',
    },
    evidence: { role: 'Administrator' },
    ...overrides,
  };
}

export function patFinding(overrides: Partial<Finding> = {}): Finding {
  return {
    ruleId: 'PAT001',
    severity: 'critical',
    title: 'Full-access token',
    message: 'Token deploy-bot has full access',
    resource: {
      kind: 'pat',
      id: '7c1e0000-1111-2222-3333-444455556666',
      name: 'deploy-bot',
      parent: { kind: 'user', id: 'aad.owner', name: 'Ada Lovelace' },
    },
    principal: { id: 'aad.owner', descriptor: 'aad.owner', displayName: 'Ada Lovelace', principalName: 'ada@contoso.com' },
    evidence: { scopes: 'app_token' },
    ...overrides,
  };
}
