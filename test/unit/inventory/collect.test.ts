import { strict as assert } from 'node:assert';
import { AdoApi } from '../../../tasks/common/ado/api';
import { HttpError } from '../../../tasks/common/http/errors';
import { RestClient } from '../../../tasks/common/http/client';
import { collectInventory, type InventoryOptions } from '../../../tasks/common/inventory/collect';
import { systemClock, type Logger } from '../../../tasks/common/model/context';
import { FakeTransport, type FakeAnswer } from '../http/fake-transport';

const quiet: Logger = { info() {}, warn() {}, debug() {} };
const ORG = 'https://dev.example.test/contoso/';
const AZURE_ID = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/vmss-elastic';
const OPTIONS: InventoryOptions = {
  poolNameFilter: '*',
  poolType: 'all',
  includeHosted: false,
  includeCapabilities: false,
  includeScaleSets: true,
  staleAfterHours: 24,
  maxConcurrency: 4,
};

/** One elastic pool with one agent, answered by path. */
function organization(request: { url: string }): FakeAnswer {
  const path = new URL(request.url).pathname.replace('/contoso/', '');
  const answers: Record<string, unknown> = {
    '_apis/distributedtask/pools': {
      count: 1,
      value: [{ id: 11, name: 'vmss-elastic', poolType: 'automation', options: 'elasticPool', size: 1 }],
    },
    '_apis/distributedtask/elasticpools': { count: 1, value: [{ poolId: 11, azureId: AZURE_ID, maxCapacity: 4, desiredIdle: 1 }] },
    '_apis/projects': { count: 0, value: [] },
    '_apis/distributedtask/pools/11/agents': { count: 1, value: [{ id: 1, name: 'a1', status: 'online', enabled: true }] },
    '_apis/distributedtask/elasticpools/11/nodes': { count: 0, value: [] },
    '_apis/distributedtask/elasticpools/11/logs': { count: 0, value: [] },
  };
  const body = answers[path.replace(/\/$/, '')];
  return body ? { status: 200, body } : { status: 404, body: { message: `no route ${path}` } };
}

function deps(scaleSets: { get(id: string): Promise<any> }) {
  const client = new RestClient({
    credential: { getToken: async () => ({ token: 't', expiresOnTimestamp: Date.now() + 3_600_000 }) },
    scope: 's/.default',
    maxConcurrency: 4,
    logger: quiet,
    clock: systemClock,
    transport: new FakeTransport(organization),
  });
  return { ado: new AdoApi(client, ORG, quiet), scaleSets, clock: systemClock, logger: quiet, signedInAs: 'test', version: '0.0.0' };
}

describe('inventory: collectInventory and the scale set behind an elastic pool', () => {
  it('reports the scale set when it can be read', async () => {
    const report = await collectInventory(
      deps({ get: async () => ({ capacity: 2, provisioningState: 'Succeeded', orchestrationMode: 'Uniform' }) }),
      OPTIONS,
    );
    assert.equal(report.complete, true);
    assert.deepEqual(report.pools[0].scaleSet, {
      resourceId: AZURE_ID,
      capacity: 2,
      provisioningState: 'Succeeded',
      orchestrationMode: 'Uniform',
    });
  });

  it('marks the inventory incomplete (not failed) when the scale set cannot be read', async () => {
    const denied = new HttpError({
      method: 'GET',
      url: `https://management.example.test${AZURE_ID}`,
      status: 403,
      code: 'AuthorizationFailed',
      serviceMessage: 'no access',
    });
    const report = await collectInventory(deps({ get: async () => Promise.reject(denied) }), OPTIONS);
    assert.equal(report.complete, false);
    assert.deepEqual(
      report.missing.map((m) => m.scope),
      ['scale set of pool vmss-elastic'],
    );
    assert.match(report.pools[0].scaleSet?.unreadable ?? '', /HTTP 403 \(AuthorizationFailed\): no access/);
    assert.equal(report.pools[0].agents.length, 1, 'the rest of the pool is still reported');
  });
});
