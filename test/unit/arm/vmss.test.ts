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

/** The scale set's own GET (`…/virtualMachineScaleSets/agents?api-version=…`), as opposed to its sub-resources. */
const isSetRead = (url: string, method: string) => method === 'GET' && /virtualMachineScaleSets\/agents\?/.test(url);
const setIn = (orchestrationMode: string): FakeAnswer => ({
  status: 200,
  body: { name: 'agents', etag: '"4"', sku: { capacity: 2 }, properties: { provisioningState: 'Succeeded', orchestrationMode } },
});

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
    const { client, transport } = scaleSets((url, method, i) => {
      if (isSetRead(url, method)) return setIn('Uniform');
      if (method === 'POST') return { status: 202, headers: { 'azure-asyncoperation': `${ARM}operations/op1`, 'retry-after': '0' } };
      return { status: 200, body: { status: i < 4 ? 'InProgress' : 'Succeeded' } };
    });
    await client.deleteInstances(ID, ['3', '7']);
    assert.match(transport.sent[1].url, /virtualMachineScaleSets\/agents\/delete\?api-version=2024-07-01$/);
    assert.equal(transport.sent[1].body, JSON.stringify({ instanceIds: ['3', '7'] }));
    assert.equal(transport.sent.length, 5, 'the set (its orchestration mode), the delete, three polls');
  });

  it('turns a failed long-running operation into an error with the ARM code and message', async () => {
    const { client } = scaleSets((url, method) =>
      isSetRead(url, method)
        ? setIn('Uniform')
        : method === 'POST'
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
    const { client } = scaleSets((url, method) =>
      isSetRead(url, method)
        ? setIn('Uniform')
        : url.includes('skip=1')
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

  describe('Flexible orchestration', () => {
    const vm = (name: string, computerName: string, setId = ID) => ({
      name,
      id: `/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/${name}`,
      properties: { provisioningState: 'Succeeded', osProfile: { computerName }, virtualMachineScaleSet: { id: setId } },
    });

    it("lists the set's VMs through the resource group VM list with the documented $filter, across nextLink pages", async () => {
      const { client, transport } = scaleSets((url, method) => {
        if (isSetRead(url, method)) return setIn('Flexible');
        if (url.includes('skiptoken=1')) return { status: 200, body: { value: [vm('agents_0000000b', 'agents00000b')] } };
        return {
          status: 200,
          body: {
            // A VM of another set in the same resource group must never be taken for one of ours.
            value: [vm('agents_0000000a', 'agents00000a'), vm('other_00000001', 'other000001', `${ID}-other`)],
            nextLink: `${ARM}subscriptions/s1/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines?api-version=2024-07-01&$skiptoken=1`,
          },
        };
      });
      const instances = await client.listInstances(ID);
      assert.deepEqual(
        instances.map((i) => `${i.instanceId}:${i.computerName}`),
        ['agents_0000000a:agents00000a', 'agents_0000000b:agents00000b'],
      );
      const list = new URL(transport.sent[1].url);
      assert.equal(list.pathname, '/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines');
      assert.equal(list.searchParams.get('$filter'), `'virtualMachineScaleSet/id' eq '${ID}'`);
      assert.match(transport.sent[1].url, /\$filter=('|%27)virtualMachineScaleSet%2Fid('|%27)%20eq%20/, 'spaces sent as %20');
      assert.ok(!transport.sent.some((r) => r.url.includes('virtualMachineScaleSets/agents/virtualMachines')), 'never the VMSS-VM API');
    });

    it('deletes each VM with DELETE on the VM and waits for its operation; reads the mode once per run', async () => {
      const { client, transport } = scaleSets((url, method) => {
        if (isSetRead(url, method)) return setIn('Flexible');
        if (method === 'DELETE') return { status: 202, headers: { 'azure-asyncoperation': `${ARM}operations/${url.split('/').pop()}` } };
        if (url.includes('/operations/')) return { status: 200, body: { status: 'Succeeded' } };
        return { status: 200, body: { value: [] } };
      });
      await client.get(ID);
      await client.listInstances(ID);
      await client.deleteInstances(ID, ['agents_0000000a', 'agents_0000000b']);
      assert.deepEqual(
        transport.sent.map(
          (r) => `${r.method} ${new URL(r.url).pathname.replace('/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Compute', '')}`,
        ),
        [
          'GET /virtualMachineScaleSets/agents',
          'GET /virtualMachines',
          'DELETE /virtualMachines/agents_0000000a',
          'GET /operations/agents_0000000a',
          'DELETE /virtualMachines/agents_0000000b',
          'GET /operations/agents_0000000b',
        ],
      );
      assert.ok(transport.sent.every((r) => r.url.includes('api-version=2024-07-01')));
    });

    it('a listing started together with the read of the set waits for that read instead of reading the set again', async () => {
      const { client, transport } = scaleSets((url, method) =>
        isSetRead(url, method) ? setIn('Flexible') : { status: 200, body: { value: [] } },
      );
      await Promise.all([client.get(ID), client.listInstances(ID)]);
      assert.equal(transport.sent.filter((r) => isSetRead(r.url, r.method)).length, 1);
    });

    it('refuses an orchestration mode it does not know instead of guessing the API', async () => {
      const { client, transport } = scaleSets((url, method) =>
        isSetRead(url, method) ? setIn('Hybrid') : { status: 200, body: { value: [] } },
      );
      await assert.rejects(client.listInstances(ID), /orchestration mode 'Hybrid'; Pool Warden supports Uniform and Flexible/);
      await assert.rejects(client.deleteInstances(ID, ['1']), /orchestration mode 'Hybrid'/);
      assert.ok(
        transport.sent.every((r) => r.method === 'GET' && isSetRead(r.url, r.method)),
        'nothing listed or deleted',
      );
    });
  });
});
