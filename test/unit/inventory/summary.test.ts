import { strict as assert } from 'node:assert';
import type { InventoryPool, InventoryReport } from '../../../tasks/common/inventory/report';
import { inventorySummary } from '../../../tasks/common/inventory/summary';

const counts = { agents: 0, online: 0, offline: 0, busy: 0, idle: 0, disabled: 0, stale: 0 };

function elasticPool(scaleSet: InventoryPool['scaleSet']): InventoryPool {
  return {
    id: 11,
    name: 'vmss-linux',
    kind: 'elastic',
    poolType: 'automation',
    options: ['elasticPool'],
    size: 0,
    autoProvision: false,
    autoUpdate: true,
    queues: [],
    counts,
    agents: [],
    elastic: {
      desiredIdle: 1,
      maxCapacity: 10,
      timeToLiveMinutes: 30,
      recycleAfterEachUse: false,
      azureId: '/subscriptions/s/vmss',
      nodeStates: { idle: 2 },
      nodes: [],
      recentLogs: [],
    },
    scaleSet,
  };
}

function report(pools: InventoryPool[]): InventoryReport {
  return {
    schemaVersion: 1,
    tool: { name: 'Pool Warden', version: '1.0.0' },
    task: 'PoolInventory',
    organization: { url: 'https://dev.azure.com/contoso/' },
    generatedAt: '2026-11-23T00:00:00.000Z',
    signedInAs: 'test',
    complete: true,
    missing: [],
    filters: {},
    totals: { ...counts, pools: pools.length },
    pools,
    staleAgents: [],
  };
}

describe('inventory summary', () => {
  it('shows the VM scale set behind a pool when it was read', () => {
    const markdown = inventorySummary(
      report([
        elasticPool({ resourceId: '/subscriptions/s/vmss', capacity: 3, provisioningState: 'Succeeded', orchestrationMode: 'Uniform' }),
      ]),
    );
    assert.match(markdown, /VM scale set \/subscriptions\/s\/vmss: capacity 3, Succeeded, Uniform orchestration\./);
  });

  it('says why the scale set could not be read, and shows no capacity then', () => {
    const markdown = inventorySummary(report([elasticPool({ resourceId: '/subscriptions/s/vmss', unreadable: 'AuthorizationFailed' })]));
    assert.match(markdown, /could not be read: AuthorizationFailed/);
    assert.doesNotMatch(markdown, /capacity \d/);
  });

  it('says nothing about a scale set when no ARM connection was given', () => {
    assert.doesNotMatch(inventorySummary(report([elasticPool(undefined)])), /VM scale set/);
  });
});
