import assert from 'node:assert/strict';
import { POOL001 } from '../../../tasks/common/audit/rules/POOL001';
import { POOL002 } from '../../../tasks/common/audit/rules/POOL002';
import { POOL008 } from '../../../tasks/common/audit/rules/POOL008';
import { POOL016 } from '../../../tasks/common/audit/rules/POOL016';
import type { QueueCheck } from '../../../tasks/common/model/checks';
import type { PolicyPosture } from '../../../tasks/common/pats/posture';
import { PAT012 } from '../../../tasks/common/pats/rules/PAT012';
import { resolvePatAuditSettings } from '../../../tasks/common/pats/settings';
import { resolvePoolAuditSettings } from '../../../tasks/common/audit/settings';
import { emptyPoolAuditSnapshot } from '../../../tasks/common/audit/snapshot';
import { selectPools } from '../../../tasks/common/inventory/filters';
import type { Finding } from '../../../tasks/common/model/finding';
import { nameFilter } from '../../../tasks/common/patterns/names';
import { exemptionMatches } from '../../../tasks/common/policy/match';
import type { Exemption } from '../../../tasks/common/policy/types';
import { adoGroup, orgPoolRow, pool, queue, user } from '../audit/fixtures';

/**
 * One table over every input that takes name patterns (docs/patterns.md): each row must give the same answer through
 * every input, each input reached through the code that reads it (not through the pattern module alone).
 */
const INPUTS: Record<string, (pattern: string, name: string) => boolean> = {
  'poolNameFilter (PoolInventory)': (pattern, name) =>
    selectPools([pool(1, name)], { poolNameFilter: pattern, poolType: 'all', includeHosted: true }).length === 1,
  // PoolRoleAudit's snapshot reader filters pools with the same nameFilter call (audit/read-snapshot.ts).
  'poolNameFilter (PoolRoleAudit)': (pattern, name) => nameFilter(pattern)(name),
  'sensitivePools (policy setting, POOL008)': (pattern, name) => {
    const snapshot = { ...emptyPoolAuditSnapshot('contoso'), pools: [pool(1, name)] };
    const result = POOL008.evaluate(snapshot, resolvePoolAuditSettings({ sensitivePools: [pattern] }), new Date());
    return result.evaluated.some((pair) => pair.resource.kind === 'pool');
  },
  'broadGroups (policy setting, POOL001; group names)': (pattern, name) => {
    const group = adoGroup('g1', name, { principalName: name });
    const snapshot = { ...emptyPoolAuditSnapshot('contoso'), pools: [pool(1, 'p')], roleAssignments: [orgPoolRow(1, group, 'User')] };
    return POOL001.evaluate(snapshot, resolvePoolAuditSettings({ broadGroups: [pattern] }), new Date()).findings.length === 1;
  },
  'allowedAdministrators (policy setting, POOL002; principal names)': (pattern, name) => {
    const person = user('u1', 'Display Name', { principalName: name });
    const snapshot = {
      ...emptyPoolAuditSnapshot('contoso'),
      pools: [pool(1, 'p')],
      roleAssignments: [orgPoolRow(1, person, 'Administrator')],
    };
    const settings = resolvePoolAuditSettings({ allowedAdministrators: [pattern] });
    return POOL002.evaluate(snapshot, settings, new Date()).findings.length === 0;
  },
  'trustedApprovers (policy setting, POOL016; principal names)': (pattern, name) => {
    const group = adoGroup('g1', 'Display Name', { principalName: name });
    const snapshot = {
      ...emptyPoolAuditSnapshot('contoso'),
      pools: [pool(1, 'p')],
      queues: [{ ...queue(11, 1, 'q', false), checks: [approvalOf(group.id)] }],
      identities: { [group.id]: group, m1: user('m1', 'm1'), m2: user('m2', 'm2') },
      groupExpansions: { [group.id]: { groupId: group.id, effectiveMemberIds: ['m1', 'm2'], truncated: false, cycles: [] } },
    };
    const settings = { ...resolvePoolAuditSettings({ broadGroupMemberThreshold: 1 }), trustedApprovers: [pattern] };
    return POOL016.evaluate(snapshot, settings, new Date()).findings.length === 0;
  },
  'broadGroupNames (PatAudit policy setting, PAT012; allow-list names)': (pattern, name) => {
    const posture: PolicyPosture = {
      complete: true,
      policies: [{ name: 'Policy.DisablePATCreation', title: 't', source: 'organization', state: 'on', value: [name] }],
    };
    return PAT012.evaluate(posture, resolvePatAuditSettings({ broadGroupNames: [pattern] })).findings.length === 1;
  },
  'exemptions[].resource': (pattern, name) => exemptionMatches(exemption({ resource: pattern }), finding(name)),
  'exemptions[].principal': (pattern, name) =>
    exemptionMatches(exemption({ principal: pattern }), { ...finding('x'), principal: { kind: 'user', id: 'id-1', displayName: name } }),
  'exemptions[].tokenName': (pattern, name) =>
    exemptionMatches(exemption({ tokenName: pattern, rule: 'PAT001' }), {
      ...finding(name),
      ruleId: 'PAT001',
      resource: { kind: 'pat', id: 'auth-1', name },
    }),
};

function approvalOf(approverId: string): QueueCheck {
  return {
    id: 1,
    kind: 'approval',
    displayName: 'Approval',
    disabled: false,
    approval: { approvers: [{ id: approverId, displayName: 'Display Name' }], minRequiredApprovers: 1, requesterCannotBeApprover: true },
  };
}

function exemption(fields: Partial<Exemption>): Exemption {
  return { index: 0, rule: 'POOL001', reason: 'test', expires: new Date('2099-01-01T00:00:00Z'), ...fields } as Exemption;
}

function finding(resourceName: string): Finding {
  return {
    ruleId: 'POOL001',
    severity: 'high',
    title: 't',
    message: 'm',
    resource: { kind: 'pool', id: '1', name: resourceName },
    evidence: {},
  } as Finding;
}

const ROWS: Array<[pattern: string, name: string, matches: boolean]> = [
  ['Linux-Prod', 'linux-prod', true],
  ['Linux-Prod', 'linux-prod-2', false],
  ['linux-*', 'LINUX-west', true],
  ['linux-*', 'old-linux-west', false],
  ['*', 'anything at all', true],
  ['*prod*', 'pre-PROD-west', true],
  ['agent-?', 'agent-7', true],
  ['agent-?', 'agent-', false],
  ['agent-?', 'agent-12', false],
  ['a?c', 'a.c', true],
  ['a.c', 'abc', false],
  ['pool (eu)', 'Pool (EU)', true],
  ['[prod]', 'p', false],
  ['c:\\agents\\*', 'C:\\agents\\one', true],
  ['/^prod$/', 'prod', false],
  ['prod*', 'prod\n| injected |', true],
  ['*prod', 'x\r\nprod', true],
  ['linux-?prod', 'linux-\nprod', true],
  ['prod', 'prod\n', true],
  ['  prod  ', 'PROD', true],
  ['ü-pool-?', 'Ü-POOL-🚀', true],
];

describe('patterns: one language over every input that takes names', () => {
  for (const [input, matches] of Object.entries(INPUTS)) {
    describe(input, () => {
      for (const [pattern, name, expected] of ROWS) {
        it(`${JSON.stringify(pattern)} ${expected ? 'matches' : 'does not match'} ${JSON.stringify(name)}`, () => {
          assert.equal(matches(pattern, name), expected);
        });
      }
    });
  }
});
