import { strict as assert } from 'node:assert';
import type { ManagedPoolProperties, ManagedPoolResource } from '../../../tasks/common/arm/managed-pools';
import { planManagedChange } from '../../../tasks/common/scaling/managed-plan';
import { describeUnapplied, unappliedFields } from '../../../tasks/common/scaling/managed-verify';
import type { ScaleRequest } from '../../../tasks/common/scaling/request';

const request = (over: Partial<ScaleRequest>): ScaleRequest => ({
  action: 'configure',
  minAgents: 0,
  offlineForHours: 24,
  drainTimeoutMinutes: 1,
  onlineTimeoutMinutes: 1,
  dryRun: false,
  ...over,
});
const pool = (): ManagedPoolResource => ({
  id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.DevOpsInfrastructure/pools/p',
  name: 'p',
  location: 'eastus',
  properties: {
    maximumConcurrency: 4,
    organizationProfile: {
      kind: 'AzureDevOps',
      organizations: [
        { url: 'https://dev.azure.com/a', parallelism: 3 },
        { url: 'https://dev.azure.com/b', parallelism: 1 },
      ],
    },
    agentProfile: {
      kind: 'Stateful',
      maxAgentLifetime: '7.00:00:00',
      resourcePredictionsProfile: { kind: 'Manual' },
      resourcePredictions: { timeZone: 'UTC', daysData: [{ '09:00:00': 2, '17:00:00': 0 }] },
    },
  },
});
/** What a service that applied the PATCH by replacing each sub-object would return. */
const replaced = (before: ManagedPoolProperties, patch: Partial<ManagedPoolProperties>): ManagedPoolProperties => ({ ...before, ...patch });

describe('Managed DevOps Pool update verification', () => {
  it('finds nothing when every planned field took effect (replace semantics), time spans compared by value', () => {
    const p = pool();
    const plan = planManagedChange(
      p,
      'p',
      request({ action: 'configure' }),
      { standbyMode: 'off', maxAgentLifetime: '2.00:00:00' },
      undefined,
    );
    const after = replaced(p.properties, plan.patch);
    after.agentProfile = { ...after.agentProfile!, maxAgentLifetime: '2.00:00:00' };
    assert.deepEqual(unappliedFields(plan, after), []);
    after.agentProfile.maxAgentLifetime = '2.0:00:00';
    assert.deepEqual(unappliedFields(plan, after), []);
  });

  it('names standby when the service kept a profile the PATCH left out (merge semantics)', () => {
    const p = pool();
    const plan = planManagedChange(p, 'p', request({ action: 'configure' }), { standbyMode: 'off' }, undefined);
    const missing = unappliedFields(plan, p.properties);
    assert.deepEqual(missing, [{ field: 'standby mode', wanted: 'off', actual: 'manual' }]);
    assert.match(
      describeUnapplied('p', missing),
      /did not take effect: standby mode \(wanted off, the service has manual\).*Mon-Sun 00:00=0/,
    );
  });

  it('names the maximum, each organization parallelism, the manual schedule and the lifetimes that differ', () => {
    const p = pool();
    const grow = planManagedChange(p, 'p', request({ action: 'setCount', targetCount: 6 }), {}, undefined);
    const fields = unappliedFields(grow, p.properties).map((m) => m.field);
    // 6 over parallelism 3 + 1 → 5 + 1: only the first organization changes.
    assert.deepEqual(fields, ['maximumConcurrency', 'parallelism of https://dev.azure.com/a']);
    const schedule = planManagedChange(
      p,
      'p',
      request({ action: 'configure' }),
      { standbyMode: 'manual', daysData: [{ '08:00:00': 1, '18:00:00': 0 }], timeZone: 'Tokyo Standard Time', gracePeriod: '0.01:00:00' },
      undefined,
    );
    assert.deepEqual(
      unappliedFields(schedule, p.properties).map((m) => m.field),
      ['standby schedule', 'gracePeriodTimeSpan'],
    );
  });

  it('does not compare the schedule the service writes itself in automatic mode', () => {
    const p = pool();
    const plan = planManagedChange(p, 'p', request({ action: 'configure' }), { standbyMode: 'automatic' }, undefined);
    const after = replaced(p.properties, plan.patch);
    after.agentProfile = { ...after.agentProfile!, resourcePredictions: { daysData: [{ '00:00:00': 3 }] } };
    assert.deepEqual(unappliedFields(plan, after), []);
  });
});
