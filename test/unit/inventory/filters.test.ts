import { strict as assert } from 'node:assert';
import { countAgents, toInventoryAgent } from '../../../tasks/common/inventory/collect';
import { selectPools } from '../../../tasks/common/inventory/filters';
import { nameFilter } from '../../../tasks/common/patterns/names';
import type { Agent, Pool } from '../../../tasks/common/model/pool';

const pool = (id: number, name: string, kind: Pool['kind'], poolType: Pool['poolType'] = 'automation'): Pool => ({
  id,
  name,
  kind,
  poolType,
  isHosted: kind === 'hosted',
  options: kind === 'elastic' ? ['elasticPool'] : [],
  size: 0,
  autoProvision: false,
  autoUpdate: true,
});

describe('inventory filters', () => {
  const pools = [
    pool(1, 'Azure Pipelines', 'hosted'),
    pool(2, 'linux-prod', 'selfHosted'),
    pool(3, 'vmss-linux', 'elastic'),
    pool(4, 'deploy', 'selfHosted', 'deployment'),
  ];

  it('matches comma-separated wildcards with exclusions, case-insensitively', () => {
    const match = nameFilter('linux-*, VMSS-*, !*-test');
    assert.equal(match('Linux-Prod'), true);
    assert.equal(match('vmss-linux'), true);
    assert.equal(match('linux-test'), false);
    assert.equal(match('windows'), false);
  });

  it('wildcards span line breaks: a pool named with a newline cannot escape the filter', () => {
    assert.equal(nameFilter('*')('<b>x</b>\n| injected |\r\nrow'), true);
    assert.equal(nameFilter('linux-*')('linux-\nprod'), true);
    assert.equal(nameFilter('linux-?prod')('linux-\nprod'), true);
    assert.equal(nameFilter('*, !*prod')('linux-\nprod'), false);
  });

  it('leaves hosted pools out unless asked', () => {
    assert.deepEqual(
      selectPools(pools, { poolNameFilter: '*', poolType: 'all', includeHosted: false }).map((p) => p.id),
      [2, 3, 4],
    );
    assert.deepEqual(
      selectPools(pools, { poolNameFilter: '*', poolType: 'all', includeHosted: true }).map((p) => p.id),
      [1, 2, 3, 4],
    );
  });

  it('filters by pool type', () => {
    assert.deepEqual(
      selectPools(pools, { poolNameFilter: '*', poolType: 'elastic', includeHosted: false }).map((p) => p.id),
      [3],
    );
    assert.deepEqual(
      selectPools(pools, { poolNameFilter: '*', poolType: 'selfHosted', includeHosted: false }).map((p) => p.id),
      [2],
    );
    assert.deepEqual(
      selectPools(pools, { poolNameFilter: '*', poolType: 'deployment', includeHosted: false }).map((p) => p.id),
      [4],
    );
  });
});

describe('agent staleness and counts', () => {
  const now = new Date('2026-11-23T12:00:00Z');
  const agent = (id: number, status: Agent['status'], changed: string, busy = false, enabled = true): Agent => ({
    id,
    name: `a${id}`,
    poolId: 1,
    status,
    enabled,
    statusChangedOn: new Date(changed),
    assignedRequest: busy ? { requestId: 9 } : undefined,
  });

  it('flags agents offline longer than staleAfterHours, and only those', () => {
    const options = { staleAfterHours: 24, includeCapabilities: false };
    assert.equal(toInventoryAgent(agent(1, 'offline', '2026-11-22T11:59:00Z'), now, options).stale, true);
    assert.equal(toInventoryAgent(agent(2, 'offline', '2026-11-22T12:00:00Z'), now, options).stale, false);
    assert.equal(toInventoryAgent(agent(3, 'online', '2020-01-01T00:00:00Z'), now, options).stale, false);
  });

  it('counts online, busy, idle, disabled and stale agents', () => {
    const options = { staleAfterHours: 24, includeCapabilities: false };
    const agents = [
      agent(1, 'online', '2026-11-23T00:00:00Z', true),
      agent(2, 'online', '2026-11-23T00:00:00Z'),
      agent(3, 'online', '2026-11-23T00:00:00Z', false, false),
      agent(4, 'offline', '2026-11-01T00:00:00Z'),
    ].map((a) => toInventoryAgent(a, now, options));
    assert.deepEqual(countAgents(agents), { agents: 4, online: 3, offline: 1, busy: 1, idle: 1, disabled: 1, stale: 1 });
  });
});
