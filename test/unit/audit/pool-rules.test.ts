import { strict as assert } from 'assert';
import { resolvePoolAuditSettings } from '../../../tasks/common/audit/settings';
import type { PoolAuditSettings } from '../../../tasks/common/audit/settings';
import type { PoolAuditSnapshot } from '../../../tasks/common/audit/snapshot';
import type { PoolRule } from '../../../tasks/common/audit/rule';
import { POOL001 } from '../../../tasks/common/audit/rules/POOL001';
import { POOL002 } from '../../../tasks/common/audit/rules/POOL002';
import { POOL003 } from '../../../tasks/common/audit/rules/POOL003';
import { POOL004 } from '../../../tasks/common/audit/rules/POOL004';
import { POOL005 } from '../../../tasks/common/audit/rules/POOL005';
import { POOL006 } from '../../../tasks/common/audit/rules/POOL006';
import { POOL007 } from '../../../tasks/common/audit/rules/POOL007';
import { POOL008 } from '../../../tasks/common/audit/rules/POOL008';
import { POOL009 } from '../../../tasks/common/audit/rules/POOL009';
import { POOL010 } from '../../../tasks/common/audit/rules/POOL010';
import { POOL011 } from '../../../tasks/common/audit/rules/POOL011';
import { POOL012 } from '../../../tasks/common/audit/rules/POOL012';
import { POOL013 } from '../../../tasks/common/audit/rules/POOL013';
import type { Identity } from '../../../tasks/common/model/identity';
import {
  DAY,
  NOW,
  adoGroup,
  agent,
  hostedPool,
  members,
  orgAllRow,
  orgPoolRow,
  pool,
  projectAllRow,
  queue,
  queueRow,
  snapshot,
  user,
} from './fixtures';

const defaults = resolvePoolAuditSettings();

function run(rule: PoolRule, snap: PoolAuditSnapshot, settings: PoolAuditSettings = defaults, now = NOW) {
  return rule.evaluate(snap, settings, now);
}

const LINUX = pool(12, 'linux-prod');
const contributors = adoGroup('g-contrib', '[Web]\\Contributors');
const jane = user('u-jane', 'Jane Doe');

describe('POOL001 broad group holds use/manage role', () => {
  it('fires for Contributors holding User on a project queue, with evidence', () => {
    const result = run(
      POOL001,
      snapshot({ pools: [LINUX], queues: [queue(7, 12, 'linux-prod', false)], roleAssignments: [queueRow(7, contributors, 'User')] }),
    );
    assert.equal(result.findings.length, 1);
    const [finding] = result.findings;
    assert.equal(finding.severity, 'high');
    assert.equal(finding.resource.kind, 'queue');
    assert.equal(finding.resource.parent?.name, 'Web');
    assert.equal(finding.evidence.role, 'User');
    assert.equal(finding.evidence.broadByName, true);
    assert.match(finding.message, /Contributors.*User.*linux-prod.*Web/);
  });

  it('does not fire for Reader (near miss) but still counts the resource as evaluated', () => {
    const result = run(POOL001, snapshot({ pools: [LINUX], roleAssignments: [orgPoolRow(12, contributors, 'Reader')] }));
    assert.equal(result.findings.length, 0);
    assert.deepEqual(
      result.evaluated.map((e) => e.resource.id),
      ['12'],
    );
  });

  it('does not judge Microsoft-hosted pools (Contributors are User there by default)', () => {
    const hosted = hostedPool(1, 'Azure Pipelines');
    const result = run(
      POOL001,
      snapshot({
        pools: [hosted],
        queues: [queue(9, 1, 'Azure Pipelines', true)],
        roleAssignments: [queueRow(9, contributors, 'User'), orgPoolRow(1, contributors, 'User')],
      }),
    );
    assert.equal(result.findings.length, 0);
    assert.equal(result.evaluated.length, 0);
  });

  it('fires for any group over the member threshold, not for exactly the threshold', () => {
    const big = adoGroup('g-big', 'Platform Everyone');
    const edge = adoGroup('g-edge', 'Platform Core');
    const identities: Record<string, Identity> = {};
    const snap = snapshot({
      pools: [LINUX],
      identities,
      roleAssignments: [orgPoolRow(12, big, 'Administrator'), orgPoolRow(12, edge, 'Administrator')],
      groupExpansions: {
        'g-big': { groupId: 'g-big', effectiveMemberIds: members('b', 51, identities), truncated: false, cycles: [] },
        'g-edge': { groupId: 'g-edge', effectiveMemberIds: members('e', 50, identities), truncated: false, cycles: [] },
      },
    });
    const result = run(POOL001, snap);
    assert.deepEqual(
      result.findings.map((f) => f.principal?.id),
      ['g-big'],
    );
    assert.equal(result.findings[0].evidence.effectiveMemberCount, 51);
  });

  it('reports a grant on All agent pools once, not again as the inherited row on each pool', () => {
    const result = run(
      POOL001,
      snapshot({
        pools: [LINUX, pool(13, 'win')],
        roleAssignments: [
          projectAllRow(contributors, 'User'),
          queueRow(7, contributors, 'User', 'inherited'),
          queueRow(8, contributors, 'User', 'inherited'),
        ],
      }),
    );
    assert.equal(result.findings.length, 1);
    assert.equal(result.findings[0].resource.kind, 'project');
    assert.equal(result.evaluated.length, 3, 'the pools with only inherited rows still count as evaluated');
  });

  it('reports an inherited row when its origin is not in the snapshot (parent unreadable)', () => {
    const result = run(
      POOL001,
      snapshot({ pools: [LINUX], roleAssignments: [orgPoolRow(12, contributors, 'Administrator', 'inherited')] }),
    );
    assert.equal(result.findings.length, 1);
    assert.equal(result.findings[0].evidence.access, 'inherited');
  });
});

describe('POOL002 individual user directly assigned Administrator', () => {
  it('fires for a user assigned Administrator', () => {
    const result = run(POOL002, snapshot({ pools: [LINUX], roleAssignments: [orgPoolRow(12, jane, 'Administrator')] }));
    assert.equal(result.findings.length, 1);
    assert.equal(result.findings[0].principal?.mailAddress, 'u-jane@contoso.com');
  });

  it('does not fire for User role, inherited rows, groups or allowed administrators', () => {
    const snap = snapshot({
      pools: [LINUX],
      roleAssignments: [
        orgPoolRow(12, jane, 'User'),
        orgPoolRow(12, user('u-bob', 'Bob'), 'Administrator', 'inherited'),
        orgPoolRow(12, adoGroup('g-admins', 'Pool Admins'), 'Administrator'),
        orgPoolRow(12, user('u-ann', 'Ann', { principalName: 'ann@contoso.com' }), 'Administrator'),
      ],
    });
    const result = run(POOL002, snap, resolvePoolAuditSettings({ allowedAdministrators: ['ann@contoso.com'] }));
    assert.equal(result.findings.length, 0);
  });
});

describe('POOL003 too many effective Administrators', () => {
  function adminSnapshot(adminCount: number, extra: Partial<PoolAuditSnapshot> = {}) {
    const identities: Record<string, Identity> = {};
    const admins = adoGroup('g-admins', 'Pool Admins');
    return snapshot({
      pools: [LINUX],
      identities,
      roleAssignments: [orgPoolRow(12, admins, 'Administrator'), orgPoolRow(12, jane, 'Administrator', 'inherited')],
      groupExpansions: {
        'g-admins': { groupId: 'g-admins', effectiveMemberIds: members('a', adminCount - 1, identities), truncated: false, cycles: [] },
      },
      ...extra,
    });
  }

  it('fires when inherited + expanded group members exceed maxAdministrators', () => {
    const result = run(POOL003, adminSnapshot(6));
    assert.equal(result.findings.length, 1);
    assert.equal(result.findings[0].evidence.effectiveAdministratorCount, 6);
  });

  it('does not fire for exactly maxAdministrators', () => {
    assert.equal(run(POOL003, adminSnapshot(5)).findings.length, 0);
  });

  it('does not count allowed administrators, and counts a user in two groups once', () => {
    const identities: Record<string, Identity> = { shared: user('shared', 'Shared') };
    const g1 = adoGroup('g1', 'Admins 1');
    const g2 = adoGroup('g2', 'Admins 2');
    const snap = snapshot({
      pools: [LINUX],
      identities,
      roleAssignments: [orgPoolRow(12, g1, 'Administrator'), orgPoolRow(12, g2, 'Administrator'), orgPoolRow(12, jane, 'Administrator')],
      groupExpansions: {
        g1: { groupId: 'g1', effectiveMemberIds: ['shared', ...members('x', 2, identities)], truncated: false, cycles: [] },
        g2: { groupId: 'g2', effectiveMemberIds: ['shared', ...members('y', 2, identities)], truncated: false, cycles: [] },
      },
    });
    // 1 shared + 2 + 2 + jane = 6 → fires; allowing jane brings it to 5.
    assert.equal(run(POOL003, snap).findings.length, 1);
    assert.equal(run(POOL003, snap, resolvePoolAuditSettings({ allowedAdministrators: ['u-jane'] })).findings.length, 0);
  });

  it('counts a person assigned directly (storage key) and reached through a group (descriptor) once', () => {
    // Role rows carry storage keys; group members are known by descriptor only (their id is the descriptor).
    const direct = user('vsid-ann', 'Ann', { descriptor: 'aad.ann' });
    const identities: Record<string, Identity> = { 'aad.ann': user('aad.ann', 'Ann', { descriptor: 'aad.ann' }) };
    const admins = adoGroup('g-admins', 'Pool Admins');
    const snap = snapshot({
      pools: [LINUX],
      identities,
      roleAssignments: [orgPoolRow(12, admins, 'Administrator'), orgPoolRow(12, direct, 'Administrator')],
      groupExpansions: {
        'g-admins': { groupId: 'g-admins', effectiveMemberIds: ['aad.ann', ...members('m', 4, identities)], truncated: false, cycles: [] },
      },
    });
    // Ann + 4 members = 5: exactly the default limit.
    assert.equal(run(POOL003, snap).findings.length, 0);
    assert.equal(
      run(POOL003, snap, resolvePoolAuditSettings({ maxAdministrators: 4 })).findings[0].evidence.effectiveAdministratorCount,
      5,
    );
  });

  it('falls back to All agent pools administrators when the pool listing is absent', () => {
    const identities: Record<string, Identity> = {};
    const orgAdmins = adoGroup('g-org', 'Org Admins');
    const snap = snapshot({
      pools: [LINUX],
      identities,
      roleAssignments: [orgAllRow(orgAdmins, 'Administrator')],
      groupExpansions: { 'g-org': { groupId: 'g-org', effectiveMemberIds: members('o', 6, identities), truncated: false, cycles: [] } },
    });
    assert.equal(run(POOL003, snap).findings.length, 1);
  });
});

describe('POOL004 organization Service Account role has members', () => {
  it('fires for a Service Account member on All agent pools', () => {
    const result = run(POOL004, snapshot({ roleAssignments: [orgAllRow(jane, 'Service Account')] }));
    assert.equal(result.findings.length, 1);
    assert.equal(result.findings[0].resource.kind, 'organization');
  });

  it('does not fire for other org roles or project-level rows', () => {
    const result = run(
      POOL004,
      snapshot({ pools: [LINUX], roleAssignments: [orgAllRow(jane, 'Reader'), queueRow(7, jane, 'Service Account')] }),
    );
    assert.equal(result.findings.length, 0);
  });
});

describe('POOL005 build service holds Administrator', () => {
  const pcbs: Identity = { id: 'b1', kind: 'unknown', displayName: 'Project Collection Build Service (fabrikam)', descriptor: 'svc.b1' };

  it('fires (critical) for the collection build service as Administrator', () => {
    const result = run(POOL005, snapshot({ pools: [LINUX], roleAssignments: [orgPoolRow(12, pcbs, 'Administrator')] }));
    assert.equal(result.findings.length, 1);
    assert.equal(result.findings[0].severity, 'critical');
  });

  it('does not fire for the build service as User (near miss)', () => {
    const result = run(
      POOL005,
      snapshot({ pools: [LINUX], roleAssignments: [orgPoolRow(12, pcbs, 'Creator'), queueRow(7, pcbs, 'User')] }),
    );
    assert.equal(result.findings.length, 0);
  });
});

describe('POOL006 self-hosted pool open to all pipelines', () => {
  it('fires for an open queue of a self-hosted pool', () => {
    const result = run(POOL006, snapshot({ pools: [LINUX], queues: [queue(7, 12, 'linux-prod', true)] }));
    assert.equal(result.findings.length, 1);
    assert.equal(result.findings[0].resource.id, '7');
  });

  it('skips closed queues, unreadable permissions and hosted pools', () => {
    const result = run(
      POOL006,
      snapshot({
        pools: [LINUX, pool(13, 'unknown'), hostedPool(1, 'Azure Pipelines')],
        queues: [queue(7, 12, 'linux-prod', false), queue(8, 13, 'unknown', undefined), queue(9, 1, 'Azure Pipelines', true)],
      }),
    );
    assert.equal(result.findings.length, 0);
    assert.deepEqual(
      result.evaluated.map((e) => e.resource.id),
      ['7'],
    );
  });
});

describe('POOL007 self-hosted pool auto-provisioned', () => {
  it('fires for an auto-provisioned elastic pool and not for hosted or non-provisioned ones', () => {
    const result = run(
      POOL007,
      snapshot({
        pools: [
          pool(20, 'vmss', { kind: 'elastic', autoProvision: true }),
          pool(21, 'plain'),
          { ...hostedPool(1, 'Azure Pipelines'), autoProvision: true },
        ],
      }),
    );
    assert.deepEqual(
      result.findings.map((f) => f.resource.name),
      ['vmss'],
    );
    assert.equal(result.evaluated.length, 2);
  });
});

describe('POOL008 inherited assignments on sensitive pools', () => {
  const rows = [
    orgPoolRow(12, jane, 'Reader', 'inherited'),
    queueRow(7, contributors, 'User', 'inherited'),
    orgPoolRow(13, jane, 'Reader', 'inherited'),
  ];
  const snap = snapshot({ pools: [LINUX, pool(13, 'linux-dev')], queues: [queue(7, 12, 'linux-prod', false)], roleAssignments: rows });

  it('fires for inherited rows on pools matching a sensitive pattern (org and project level)', () => {
    const result = run(POOL008, snap, resolvePoolAuditSettings({ sensitivePools: ['*-prod'] }));
    assert.deepEqual(result.findings.map((f) => f.resource.kind).sort(), ['pool', 'queue']);
  });

  it('does not fire on pools that are not sensitive, nor for assigned rows, nor without settings', () => {
    assert.equal(run(POOL008, snap).findings.length, 0);
    const assigned = snapshot({ pools: [LINUX], roleAssignments: [orgPoolRow(12, jane, 'Reader')] });
    assert.equal(run(POOL008, assigned, resolvePoolAuditSettings({ sensitivePools: ['linux-prod'] })).findings.length, 0);
  });

  it("names a Managed DevOps Pool's permissionProfile: Inherit as the cause, and only that profile", () => {
    const settings = resolvePoolAuditSettings({ sensitivePools: ['*-prod'] });
    const managedId = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.DevOpsInfrastructure/pools/linux-prod';
    const inherit = run(
      POOL008,
      { ...snap, managedPools: { '12': { resourceId: managedId, permissionProfile: 'Inherit', openAccess: false } } },
      settings,
    );
    assert.ok(inherit.findings.length > 0);
    for (const finding of inherit.findings) {
      assert.match(finding.message, /The cause is the Managed DevOps Pool's `permissionProfile: Inherit`/);
      assert.equal(finding.evidence?.permissionProfile, 'Inherit');
    }
    const creatorOnly = run(
      POOL008,
      { ...snap, managedPools: { '12': { resourceId: managedId, permissionProfile: 'CreatorOnly', openAccess: false } } },
      settings,
    );
    assert.ok(creatorOnly.findings.every((finding) => !/permissionProfile/.test(finding.message)));
  });
});

describe('POOL009 stale offline agents', () => {
  const limit = 14 * DAY;
  const make = (offlineForMs: number, status: 'online' | 'offline' = 'offline') =>
    snapshot({
      pools: [LINUX],
      agentsByPool: { '12': [agent(1, 12, { status, statusChangedOn: new Date(NOW.getTime() - offlineForMs) })] },
    });

  it('fires one millisecond past staleAgentDays', () => {
    const result = run(POOL009, make(limit + 1));
    assert.equal(result.findings.length, 1);
    assert.equal(result.findings[0].evidence.offlineDays, 14);
    assert.equal(result.findings[0].resource.parent?.name, 'linux-prod');
  });

  it('does not fire at exactly staleAgentDays, a second before, or for online agents', () => {
    assert.equal(run(POOL009, make(limit)).findings.length, 0);
    assert.equal(run(POOL009, make(limit - 1000)).findings.length, 0);
    assert.equal(run(POOL009, make(limit * 3, 'online')).findings.length, 0);
  });
});

describe('POOL010 secrets in user capabilities', () => {
  const withCaps = (userCapabilities: Record<string, string>) =>
    snapshot({ pools: [LINUX], agentsByPool: { '12': [agent(1, 12, { userCapabilities })] } });
  const SECRET = 'xq7Lp2Vz9Rk4Tw8Ny3Hb6Jm1Cd5Fg0Sa';

  it('flags a key named like a secret and a high-entropy value, never copying the value', () => {
    const result = run(POOL010, withCaps({ DEPLOY_PASSWORD: 'hunter2!', BUILD_CACHE: SECRET }));
    assert.equal(result.findings.length, 2);
    const serialized = JSON.stringify(result.findings);
    assert.ok(!serialized.includes('hunter2'));
    assert.ok(!serialized.includes(SECRET));
    assert.match(String(result.findings[0].evidence.reason), /matches pattern 'password'/);
    assert.equal(result.findings[1].evidence.reason, `high-entropy ${SECRET.length}-char value`);
    assert.equal(result.findings[1].evidence.capabilityKey, 'BUILD_CACHE');
  });

  it('flags a secret assignment inside a connection string value', () => {
    const result = run(POOL010, withCaps({ DB: 'Server=db;User Id=app;Password=S3cret;' }));
    assert.equal(result.findings.length, 1);
    assert.ok(!JSON.stringify(result.findings).includes('S3cret'));
  });

  it('does not flag ordinary capabilities (paths, versions, GUIDs, PATH, empty secret keys)', () => {
    const result = run(
      POOL010,
      withCaps({
        PATH: '/usr/local/sbin:/usr/local/bin:/usr/bin',
        JAVA_HOME: '/usr/lib/jvm/java-17-openjdk-amd64',
        node: '20.11.1',
        AGENT_ID: '3f2504e0-4f89-11d3-9a0c-0305e82c3301',
        TOKEN_REQUIRED: 'true',
        API_KEY: '',
        gpu: 'nvidia-a100',
        Agent_Name: 'build-agent-ubuntu-2204-01',
      }),
    );
    assert.deepEqual(
      result.findings.map((f) => f.evidence.capabilityKey),
      [],
    );
  });
});

describe('POOL011 agent allowed to run as root', () => {
  const withSys = (systemCapabilities: Record<string, string>) =>
    snapshot({ pools: [LINUX], agentsByPool: { '12': [agent(1, 12, { systemCapabilities })] } });

  it('fires for AGENT_ALLOW_RUNASROOT true-ish in any case', () => {
    assert.equal(run(POOL011, withSys({ AGENT_ALLOW_RUNASROOT: 'True' })).findings.length, 1);
    assert.equal(run(POOL011, withSys({ agent_allow_runasroot: '1' })).findings.length, 1);
  });

  it('does not fire for false or absent, nor on hosted pools', () => {
    assert.equal(run(POOL011, withSys({ AGENT_ALLOW_RUNASROOT: 'false' })).findings.length, 0);
    assert.equal(run(POOL011, withSys({ HOME: '/root' })).findings.length, 0);
    const hosted = snapshot({
      pools: [hostedPool(1, 'Azure Pipelines')],
      agentsByPool: { '1': [agent(1, 1, { systemCapabilities: { AGENT_ALLOW_RUNASROOT: 'true' } })] },
    });
    assert.equal(run(POOL011, hosted).findings.length, 0);
  });
});

describe('POOL012 role held by inactive or deleted identity', () => {
  it('fires for an inactive user and a deleted user', () => {
    const result = run(
      POOL012,
      snapshot({
        pools: [LINUX],
        roleAssignments: [
          orgPoolRow(12, user('u1', 'Gone', { active: false }), 'Reader'),
          orgPoolRow(12, user('u2', 'Deleted', { deletedInOrigin: true }), 'User'),
        ],
      }),
    );
    assert.equal(result.findings.length, 2);
    assert.match(result.findings[1].message, /deleted in its directory/);
  });

  it('does not fire when the state is active or unknown', () => {
    const result = run(
      POOL012,
      snapshot({
        pools: [LINUX],
        roleAssignments: [orgPoolRow(12, user('u1', 'Here', { active: true }), 'Reader'), orgPoolRow(12, user('u2', 'Unknown'), 'Reader')],
      }),
    );
    assert.equal(result.findings.length, 0);
  });

  it('uses the snapshot identity state over the one embedded in the assignment', () => {
    const embedded = user('u1', 'Gone');
    const snap = snapshot({
      pools: [LINUX],
      roleAssignments: [orgPoolRow(12, embedded, 'Reader')],
      identities: { u1: { ...embedded, active: false } },
    });
    assert.equal(run(POOL012, snap).findings.length, 1);
  });
});

describe('POOL013 inactive self-hosted pools', () => {
  const limit = 90 * DAY;
  const withLastJob = (ageMs: number) =>
    snapshot({
      pools: [LINUX],
      agentsByPool: { '12': [agent(1, 12, { lastCompletedRequest: { requestId: 1, finishTime: new Date(NOW.getTime() - ageMs) } })] },
    });

  it('fires when the newest job finished more than inactivePoolDays ago', () => {
    const result = run(POOL013, withLastJob(limit + 1));
    assert.equal(result.findings.length, 1);
    assert.equal(result.findings[0].evidence.idleDays, 90);
  });

  it('does not fire at exactly the limit or when an agent is busy', () => {
    assert.equal(run(POOL013, withLastJob(limit)).findings.length, 0);
    const busy = withLastJob(limit * 2);
    busy.agentsByPool['12'][0].assignedRequest = { requestId: 2 };
    assert.equal(run(POOL013, busy).findings.length, 0);
  });

  it('fires for an old pool whose agents never ran a job, and for an old empty plain pool', () => {
    const old = new Date(NOW.getTime() - limit - DAY);
    const never = snapshot({ pools: [pool(12, 'idle', { createdOn: old })], agentsByPool: { '12': [agent(1, 12)] } });
    assert.match(run(POOL013, never).findings[0].message, /never finished a job/);
    const empty = snapshot({ pools: [pool(12, 'empty', { createdOn: old })], agentsByPool: { '12': [] } });
    assert.match(run(POOL013, empty).findings[0].message, /no agents/);
  });

  it('skips young pools without jobs, empty elastic pools, hosted pools and unread agents', () => {
    const young = snapshot({
      pools: [pool(12, 'new', { createdOn: new Date(NOW.getTime() - DAY) })],
      agentsByPool: { '12': [agent(1, 12)] },
    });
    assert.equal(run(POOL013, young).findings.length, 0);
    const elastic = snapshot({ pools: [pool(20, 'vmss', { kind: 'elastic' })], agentsByPool: { '20': [] } });
    assert.equal(run(POOL013, elastic).findings.length, 0);
    assert.equal(run(POOL013, snapshot({ pools: [hostedPool(1, 'Azure Pipelines')], agentsByPool: { '1': [] } })).findings.length, 0);
    assert.equal(run(POOL013, snapshot({ pools: [LINUX] })).evaluated.length, 0);
  });
});
