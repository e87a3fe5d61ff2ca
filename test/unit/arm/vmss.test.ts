import { strict as assert } from 'node:assert';
import { ArmOperationError, EtagConflictError } from '../../../tasks/common/arm/errors';
import { parseScaleSetId, ScaleSetClient } from '../../../tasks/common/arm/vmss';
import { RestClient } from '../../../tasks/common/http/client';
import type { Clock, Logger } from '../../../tasks/common/model/context';
import { FakeTransport, type FakeAnswer } from '../http/fake-transport';

const logger: Logger = { info() {}, warn() {}, debug() {} };
const instantClock: Clock = { now: () => new Date(), sleep: async () => {} };
const ARM = 'https://arm.example.test/';
const ID = '/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/agents';

function scaleSets(answer: (url: string, method: string, i: number) => FakeAnswer) {
  const transport = new FakeTransport((request, i) => answer(request.url, request.method, i));
  const client = new RestClient({
    credential: { getToken: async () => ({ token: 't', expiresOnTimestamp: Date.now() + 3_600_000 }) },
    scope: 'https://management.azure.com/.default',
    maxConcurrency: 2,
    logger,
    clock: instantClock,
    transport,
    baseDelayMs: 1,
    random: () => 0,
  });
  return { transport, client: new ScaleSetClient(client, ARM, instantClock, 1) };
}

describe('ARM scale set client', () => {
  it('parses scale set ids and names the input when the id is of another type', () => {
    assert.equal(parseScaleSetId(`${ID}/`).name, 'agents');
    assert.throws(
      () => parseScaleSetId('/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm1'),
      /Input 'scaleSetResourceId' must be the resource id of a virtual machine scale set/,
    );
  });

  it('recognises the scale set of an Azure DevOps-managed pool by its tag', async () => {
    const shape = (tags: Record<string, string>) => ({
      status: 200,
      body: { name: 'agents', etag: '"3"', tags, sku: { capacity: 2 }, properties: { provisioningState: 'Succeeded' } },
    });
    const managed = scaleSets(() => shape({ __AzureDevOpsElasticPool: 'true', __AzureDevOpsElasticPoolTimeStamp: '1/1/2026' }));
    assert.equal((await managed.client.get(ID)).managedByAzureDevOps, true);
    const own = scaleSets(() => shape({ team: 'build' }));
    assert.equal((await own.client.get(ID)).managedByAzureDevOps, false);
  });

  it('sends If-Match with the capacity and reports a conflict on 412', async () => {
    const { client, transport } = scaleSets(() => ({ status: 412, body: { error: { code: 'PreconditionFailed', message: 'etag' } } }));
    await assert.rejects(client.setCapacity(ID, 5, 'W/"7"'), EtagConflictError);
    assert.equal(transport.sent[0].headers.get('if-match'), 'W/"7"');
    assert.equal(transport.sent[0].body, JSON.stringify({ sku: { capacity: 5 } }));
  });

  it('takes a 412 after a retried PATCH as its own change when the scale set has the asked capacity', async () => {
    // The first PATCH went through but its answer was lost; the retry finds the ETag it changed itself.
    const ours = scaleSets((_url, method, i) => {
      if (method === 'PATCH') return i === 0 ? { status: 0, networkError: 'ECONNRESET' } : { status: 412 };
      return { status: 200, body: { name: 'agents', etag: '"8"', sku: { capacity: 5 } } };
    });
    await ours.client.setCapacity(ID, 5, '"7"');
    assert.deepEqual(
      ours.transport.sent.map((request) => request.method),
      ['PATCH', 'PATCH', 'GET'],
    );
    // Someone else changed it (capacity is not ours): still a conflict.
    const theirs = scaleSets((_url, method, i) => {
      if (method === 'PATCH') return i === 0 ? { status: 0, networkError: 'ECONNRESET' } : { status: 412 };
      return { status: 200, body: { name: 'agents', etag: '"8"', sku: { capacity: 3 } } };
    });
    await assert.rejects(theirs.client.setCapacity(ID, 5, '"7"'), EtagConflictError);
  });

  it('waits on Azure-AsyncOperation until the operation succeeds', async () => {
    const { client, transport } = scaleSets((_url, method, i) => {
      if (method === 'POST') return { status: 202, headers: { 'azure-asyncoperation': `${ARM}operations/op1`, 'retry-after': '0' } };
      return { status: 200, body: { status: i < 3 ? 'InProgress' : 'Succeeded' } };
    });
    await client.deleteInstances(ID, ['3', '7']);
    assert.match(transport.sent[0].url, /virtualMachineScaleSets\/agents\/delete\?api-version=2024-07-01$/);
    assert.equal(transport.sent[0].body, JSON.stringify({ instanceIds: ['3', '7'] }));
    assert.equal(transport.sent.length, 4);
  });

  it('turns a failed long-running operation into an error with the ARM code and message', async () => {
    const { client } = scaleSets((_url, method) =>
      method === 'POST'
        ? { status: 202, headers: { 'azure-asyncoperation': `${ARM}operations/op2` } }
        : { status: 200, body: { status: 'Failed', error: { code: 'OperationNotAllowed', message: 'quota exceeded' } } },
    );
    await assert.rejects(client.deleteInstances(ID, ['1']), (error: ArmOperationError) => {
      assert.equal(error.code, 'OperationNotAllowed');
      assert.match(error.message, /OperationNotAllowed: quota exceeded/);
      return true;
    });
  });

  it('lists instances across nextLink pages with their computer names', async () => {
    const { client } = scaleSets((url) =>
      url.includes('skip=1')
        ? {
            status: 200,
            body: { value: [{ instanceId: '2', name: 'agents_2', properties: { osProfile: { computerName: 'agents000002' } } }] },
          }
        : {
            status: 200,
            body: {
              value: [{ instanceId: '1', name: 'agents_1', properties: { osProfile: { computerName: 'agents000001' } } }],
              nextLink: `${ARM}next?skip=1`,
            },
          },
    );
    const instances = await client.listInstances(ID);
    assert.deepEqual(
      instances.map((instance) => instance.computerName),
      ['agents000001', 'agents000002'],
    );
  });
});
