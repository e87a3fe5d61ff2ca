import { strict as assert } from 'node:assert';
import type { ManagedPoolResource } from '../../../tasks/common/arm/managed-pools';
import { planManagedChange, splitParallelism } from '../../../tasks/common/scaling/managed-plan';
import type { ScaleRequest } from '../../../tasks/common/scaling/request';

function pool(overrides: Partial<ManagedPoolResource['properties']> = {}): ManagedPoolResource {
  return {
    id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.DevOpsInfrastructure/pools/p',
    name: 'p',
    location: 'westeurope',
    etag: '"1"',
    properties: {
      maximumConcurrency: 4,
      organizationProfile: {
        kind: 'AzureDevOps',
        organizations: [
          { url: 'https://dev.azure.com/a', parallelism: 3 },
          { url: 'https://dev.azure.com/b', parallelism: 1 },
        ],
      },
      agentProfile: { kind: 'Stateless' },
      fabricProfile: { kind: 'Vmss', sku: { name: 'Standard_D2ads_v5' } },
      ...overrides,
    },
  };
}

const request = (r: Partial<ScaleRequest>): ScaleRequest => ({
  action: 'add',
  minAgents: 0,
  offlineForHours: 24,
  drainTimeoutMinutes: 30,
  onlineTimeoutMinutes: 15,
  dryRun: false,
  ...r,
});

describe('Managed DevOps Pool plans', () => {
  it('splits parallelism by largest remainder, every organization keeping at least 1, summing to the total', () => {
    assert.deepEqual(splitParallelism([3, 1], 6), [5, 1]);
    assert.deepEqual(splitParallelism([3, 1], 3), [2, 1]);
    assert.deepEqual(splitParallelism([10, 1, 1], 3), [1, 1, 1]);
    assert.deepEqual(splitParallelism([1, 1, 1], 10), [4, 3, 3]);
    assert.equal(splitParallelism([1, 1], 1), undefined);
    for (const total of [2, 5, 9, 100])
      assert.equal(
        splitParallelism([7, 2, 1], Math.max(total, 3))!.reduce((a, b) => a + b),
        Math.max(total, 3),
      );
  });

  it('add sends maximumConcurrency and the whole organizationProfile with the new split', () => {
    const plan = planManagedChange(pool(), 'p', request({ action: 'add', count: 2 }), {}, undefined);
    assert.equal(plan.maximumAfter, 6);
    assert.equal(plan.patch.maximumConcurrency, 6);
    assert.deepEqual(
      plan.patch.organizationProfile?.organizations?.map((o) => o.parallelism),
      [5, 1],
    );
    assert.equal(plan.patch.organizationProfile?.kind, 'AzureDevOps', 'sent whole');
  });

  it('clips by maxAgents, quota (never lowering) and minAgents, saying why', () => {
    const quota = { family: 'f', vCPUsPerMachine: 2, limit: 12, maxMachines: 6 };
    const byQuota = planManagedChange(pool(), 'p', request({ action: 'add', count: 10 }), {}, quota);
    assert.equal(byQuota.maximumAfter, 6);
    assert.match(byQuota.clipping.join(), /clipped to 6: the f vCPU quota \(12\) fits 6 machines of 2 vCPUs/);
    const above = planManagedChange(
      pool({ maximumConcurrency: 8, organizationProfile: { kind: 'AzureDevOps', organizations: [{ url: 'https://dev.azure.com/a' }] } }),
      'p',
      request({ action: 'add', count: 1 }),
      {},
      quota,
    );
    assert.equal(above.maximumAfter, 8);
    const byMin = planManagedChange(pool(), 'p', request({ action: 'remove', count: 4, minAgents: 3 }), {}, undefined);
    assert.equal(byMin.maximumAfter, 3);
    assert.match(byMin.clipping.join(), /minAgents is 3/);
    const byOrgs = planManagedChange(pool(), 'p', request({ action: 'setCount', targetCount: 0 }), {}, undefined);
    assert.equal(byOrgs.maximumAfter, 2);
  });

  it('configure manual writes the schedule, refuses counts above the maximum; automatic drops daysData; off drops both', () => {
    const days: Record<string, number>[] = [{}, { '08:00:00': 2, '18:00:00': 0 }, {}, {}, {}, {}, {}];
    const manual = planManagedChange(
      pool(),
      'p',
      request({ action: 'configure' }),
      { standbyMode: 'manual', daysData: days, timeZone: 'UTC' },
      undefined,
    );
    assert.deepEqual(manual.patch.agentProfile, {
      kind: 'Stateless',
      resourcePredictionsProfile: { kind: 'Manual' },
      resourcePredictions: { timeZone: 'UTC', daysData: days },
    });
    const tooMany = planManagedChange(
      pool(),
      'p',
      request({ action: 'configure' }),
      { standbyMode: 'manual', daysData: [{ '08:00:00': 9 }], timeZone: 'UTC' },
      undefined,
    );
    assert.equal(tooMany.errors[0].input, 'standbySchedule');
    assert.deepEqual(tooMany.patch, {});
    const current = pool({
      agentProfile: { kind: 'Stateless', resourcePredictionsProfile: { kind: 'Manual' }, resourcePredictions: { daysData: days } },
    });
    const automatic = planManagedChange(current, 'p', request({ action: 'configure' }), { standbyMode: 'automatic' }, undefined);
    assert.deepEqual(automatic.patch.agentProfile, {
      kind: 'Stateless',
      resourcePredictionsProfile: { kind: 'Automatic', predictionPreference: 'Balanced' },
    });
    const off = planManagedChange(current, 'p', request({ action: 'configure' }), { standbyMode: 'off' }, undefined);
    assert.deepEqual(off.patch.agentProfile, { kind: 'Stateless' });
    assert.deepEqual(off.changes[0], { field: 'standby', before: 'manual (UTC): Mon 08:00 → 2, 18:00 → 0; Tue–Sun 0', after: 'off' });
  });

  it('lifetimes apply to stateful agents only', () => {
    const stateless = planManagedChange(pool(), 'p', request({ action: 'configure' }), { maxAgentLifetime: '1.00:00:00' }, undefined);
    assert.equal(stateless.errors[0].input, 'maxAgentLifetime');
    const stateful = planManagedChange(
      pool({ agentProfile: { kind: 'Stateful', maxAgentLifetime: '7.00:00:00' } }),
      'p',
      request({ action: 'configure' }),
      { gracePeriod: '0.01:00:00' },
      undefined,
    );
    assert.deepEqual(stateful.patch.agentProfile, { kind: 'Stateful', maxAgentLifetime: '7.00:00:00', gracePeriodTimeSpan: '0.01:00:00' });
  });
});
