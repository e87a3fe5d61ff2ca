import { strict as assert } from 'node:assert';
import { ManagedPoolBusyError, ManagedPoolConflictError, type ManagedPoolResource } from '../../../tasks/common/arm/managed-pools';
import { runManagedChange } from '../../../tasks/common/scaling/managed-executor';
import { planManagedChange } from '../../../tasks/common/scaling/managed-plan';
import type { ScaleRequest } from '../../../tasks/common/scaling/request';

const id = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.DevOpsInfrastructure/pools/p';
const resource = (max: number, etag: string, provisioningState = 'Succeeded'): ManagedPoolResource => ({
  id,
  name: 'p',
  location: 'eastus',
  etag,
  properties: {
    maximumConcurrency: max,
    provisioningState,
    organizationProfile: { kind: 'AzureDevOps', organizations: [{ url: 'https://dev.azure.com/c' }] },
  },
});
const add = (count: number): ScaleRequest => ({
  action: 'add',
  count,
  minAgents: 0,
  offlineForHours: 24,
  drainTimeoutMinutes: 1,
  onlineTimeoutMinutes: 1,
  dryRun: false,
});
const quiet = { info: () => {}, warn: () => {}, debug: () => {} };
const clock = { now: () => new Date(0), sleep: async () => {} };

describe('Managed DevOps Pool executor', () => {
  it('re-reads after 412 and 409 and applies the change to the pool as it is then', async () => {
    const reads = [resource(4, '"1"'), resource(6, '"2"', 'Updating'), resource(6, '"3"'), resource(6, '"3"')];
    const sent: [number | undefined, string | undefined][] = [];
    const failures = [new ManagedPoolConflictError(id, '"1"'), new ManagedPoolBusyError(id, 'AnotherOperationInProgress')];
    const client = {
      get: async () => reads.shift() ?? resource(6, '"3"'),
      update: async (_id: string, patch: Partial<ManagedPoolResource['properties']>, etag?: string) => {
        sent.push([patch.maximumConcurrency, etag]);
        const failure = failures.shift();
        if (failure) throw failure;
        return resource(patch.maximumConcurrency!, '"4"');
      },
    };
    const result = await runManagedChange(client, id, (pool) => planManagedChange(pool, 'p', add(2), {}, undefined), false, {
      clock,
      logger: quiet,
      pollIntervalMs: 1,
    });
    assert.deepEqual(sent, [
      [6, '"1"'],
      [8, '"3"'],
      [8, '"3"'],
    ]);
    assert.equal(result.pool.properties.maximumConcurrency, 8);
    assert.equal(result.conflicts, 2);
    assert.equal(result.written, true);
  });

  it('a dry run reads and plans but never writes', async () => {
    let writes = 0;
    const client = { get: async () => resource(4, '"1"'), update: async () => (writes++, resource(0, '')) };
    const result = await runManagedChange(client, id, (pool) => planManagedChange(pool, 'p', add(1), {}, undefined), true, {
      clock,
      logger: quiet,
      pollIntervalMs: 1,
    });
    assert.equal(writes, 0);
    assert.equal(result.plan.maximumAfter, 5);
    assert.equal(result.written, false);
  });
});
