import { strict as assert } from 'node:assert';
import { startEmulator, sampleOrganization, SAMPLE_IDS, type Emulator, sharedEmulatorKeys } from '../../../emulator';
import { call, secretToken, wifToken, ARM_SCOPE } from './helpers';

describe('emulator: ARM scale sets', () => {
  let emu: Emulator;
  let arm: string;
  let vmssUrl: string;
  const api = 'api-version=2024-07-01';
  const poolId = SAMPLE_IDS.pools.selfManaged;

  beforeEach(async () => {
    emu = await startEmulator({ keys: await sharedEmulatorKeys(), seed: sampleOrganization(), realTimers: false });
    arm = await secretToken(emu, SAMPLE_IDS.wifApp.appId, SAMPLE_IDS.wifSecret, ARM_SCOPE);
    vmssUrl = `${emu.armUrl}subscriptions/${SAMPLE_IDS.subscriptionId}/resourceGroups/rg-agents/providers/Microsoft.Compute/virtualMachineScaleSets/vmss-selfmanaged`;
  });
  afterEach(() => emu.close());

  async function poll(url: string): Promise<string> {
    for (let i = 0; i < 5; i++) {
      const res = await call(emu, 'GET', url, { token: arm });
      if (res.json.status !== 'InProgress') return res.json.status;
    }
    throw new Error('operation never finished');
  }

  it('returns the ETag and answers 412 to a PATCH with a stale If-Match', async () => {
    const get = await call(emu, 'GET', `${vmssUrl}?${api}`, { token: arm });
    assert.equal(get.status, 200);
    assert.equal(get.headers.etag, get.json.etag);
    assert.equal(get.json.sku.capacity, 3);
    const ok = await call(emu, 'PATCH', `${vmssUrl}?${api}`, {
      token: arm,
      body: { sku: { capacity: 4 } },
      headers: { 'If-Match': get.json.etag },
    });
    assert.equal(ok.status, 200);
    const stale = await call(emu, 'PATCH', `${vmssUrl}?${api}`, {
      token: arm,
      body: { sku: { capacity: 5 } },
      headers: { 'If-Match': get.json.etag },
    });
    assert.equal(stale.status, 412);
    assert.equal(stale.json.error.code, 'PreconditionFailed');
  });

  it('scales out through a long-running operation; new agents register and come online', async () => {
    const res = await call(emu, 'PATCH', `${vmssUrl}?${api}`, { token: arm, body: { sku: { capacity: 5 } } });
    const opUrl = res.headers['azure-asyncoperation'] as string;
    assert.match(opUrl, /\/_arm\/subscriptions\/.+\/providers\/Microsoft\.Compute\/locations\/westeurope\/operations\//);
    assert.equal((await call(emu, 'GET', opUrl, { token: arm })).json.status, 'InProgress');
    assert.equal(await poll(opUrl), 'Succeeded');
    const agent = emu.state.pool(poolId)!.agents.find((a) => a.name === 'vmsssm000004');
    assert.equal(agent?.status, 'offline');
    emu.tick(500);
    assert.equal(emu.state.pool(poolId)!.agents.find((a) => a.name === 'vmsssm000004')?.status, 'online');
  });

  it('deletes an instance; its agent goes offline', async () => {
    const res = await call(emu, 'POST', `${vmssUrl}/delete?${api}`, { token: arm, body: { instanceIds: ['1'] } });
    assert.equal(res.status, 202);
    assert.equal(emu.state.agent(poolId, 32)?.status, 'online');
    assert.equal(await poll(res.headers['azure-asyncoperation'] as string), 'Succeeded');
    assert.equal(emu.state.agent(poolId, 32)?.status, 'offline');
    const get = await call(emu, 'GET', `${vmssUrl}?${api}`, { token: arm });
    assert.equal(get.json.sku.capacity, 2);
  });

  it('reports a failed operation with {error:{code,message}}', async () => {
    emu.state.failNextArmOperation('AllocationFailed', 'Allocation failed.');
    const res = await call(emu, 'PATCH', `${vmssUrl}?${api}`, { token: arm, body: { sku: { capacity: 6 } } });
    const opUrl = res.headers['azure-asyncoperation'] as string;
    assert.equal(await poll(opUrl), 'Failed');
    assert.equal((await call(emu, 'GET', opUrl, { token: arm })).json.error.code, 'AllocationFailed');
    const states = emu.state
      .scaleSetById(vmssUrl.slice(emu.armUrl.length - 1))!
      .instances.map((i) => `${i.instanceId}:${i.provisioningState}`);
    assert.deepEqual(
      states,
      ['0:Succeeded', '1:Succeeded', '2:Succeeded', '3:Failed', '4:Failed', '5:Failed'],
      'new instances end Failed, not Creating',
    );
  });

  it('a failed instance delete leaves the instance Failed and its agent registered', async () => {
    emu.state.failNextArmOperation('OperationNotAllowed', 'Locked.');
    const res = await call(emu, 'POST', `${vmssUrl}/delete?${api}`, { token: arm, body: { instanceIds: ['1'] } });
    assert.equal(await poll(res.headers['azure-asyncoperation'] as string), 'Failed');
    const instances = (await call(emu, 'GET', `${vmssUrl}/virtualMachines?${api}`, { token: arm })).json.value;
    assert.equal(instances.find((i: { instanceId: string }) => i.instanceId === '1').properties.provisioningState, 'Failed');
    assert.equal(emu.state.agent(poolId, 32)?.status, 'online');
  });

  it('answers 403 AuthorizationFailed to a reader that writes, and 404 for an unknown scale set', async () => {
    const reader = await wifToken(emu, SAMPLE_IDS.connections.readerArm, SAMPLE_IDS.readerApp.appId, ARM_SCOPE);
    assert.equal((await call(emu, 'GET', `${vmssUrl}?${api}`, { token: reader })).status, 200);
    const denied = await call(emu, 'PATCH', `${vmssUrl}?${api}`, { token: reader, body: { sku: { capacity: 9 } } });
    assert.equal(denied.status, 403);
    assert.equal(denied.json.error.code, 'AuthorizationFailed');
    assert.equal((await call(emu, 'GET', `${vmssUrl}x?${api}`, { token: arm })).json.error.code, 'ResourceNotFound');
  });

  describe('Flexible orchestration', () => {
    let vmsUrl: string;
    let setId: string;
    const filterOf = (id: string) => `$filter=${encodeURIComponent(`'virtualMachineScaleSet/id' eq '${id}'`)}`;

    beforeEach(() => {
      const set = emu.state.scaleSetById(vmssUrl.slice(emu.armUrl.length - 1))!;
      set.orchestrationMode = 'Flexible';
      setId = emu.state.scaleSetId(set);
      vmsUrl = `${emu.armUrl}subscriptions/${SAMPLE_IDS.subscriptionId}/resourceGroups/rg-agents/providers/Microsoft.Compute/virtualMachines`;
    });

    it("the VMSS-VM API refuses the set with ARM's error shape; so does the batch delete by instance id", async () => {
      for (const [method, url, body] of [
        ['GET', `${vmssUrl}/virtualMachines?${api}`, undefined],
        ['GET', `${vmssUrl}/virtualMachines/1?${api}`, undefined],
        ['POST', `${vmssUrl}/delete?${api}`, { instanceIds: ['1'] }],
      ] as const) {
        const res = await call(emu, method, url, { token: arm, body });
        assert.equal(res.status, 400, `${method} ${url}`);
        assert.deepEqual(Object.keys(res.json), ['error']);
        assert.equal(res.json.error.code, 'OperationNotAllowed');
        assert.match(res.json.error.message, /is not allowed on Virtual Machine Scale Set 'vmss-selfmanaged'/);
      }
      const get = await call(emu, 'GET', `${vmssUrl}?${api}`, { token: arm });
      assert.equal(get.json.properties.orchestrationMode, 'Flexible');
      assert.equal(get.json.properties.overprovision, undefined, 'no overprovisioning on a Flexible set');
    });

    it("lists the set's VMs as standard VMs with their scale set id; $filter and $expand only in their documented form", async () => {
      const list = await call(emu, 'GET', `${vmsUrl}?${api}&${filterOf(setId)}`, { token: arm });
      assert.equal(list.status, 200);
      assert.deepEqual(
        list.json.value.map(
          (vm: { name: string; properties: { osProfile: { computerName: string } } }) =>
            `${vm.name}:${vm.properties.osProfile.computerName}`,
        ),
        ['vmss-selfmanaged_00000000:vmsssm000000', 'vmss-selfmanaged_00000001:vmsssm000001', 'vmss-selfmanaged_00000002:vmsssm000002'],
      );
      const vm = list.json.value[0];
      assert.equal(vm.type, 'Microsoft.Compute/virtualMachines');
      assert.equal(vm.properties.virtualMachineScaleSet.id, setId);
      assert.equal(vm.properties.instanceView, undefined, 'model view unless $expand=instanceView');
      const expanded = await call(emu, 'GET', `${vmsUrl}?${api}&${filterOf(setId.toLowerCase())}&$expand=instanceView`, { token: arm });
      assert.equal(expanded.json.value[0].properties.instanceView.computerName, 'vmsssm000000');
      const other = await call(emu, 'GET', `${vmsUrl}?${api}&${filterOf(`${setId}-other`)}`, { token: arm });
      assert.deepEqual(other.json.value, []);
      for (const query of [
        `$filter=${encodeURIComponent("name eq 'x'")}`,
        '$expand=instanceView',
        `${filterOf(setId)}&$expand=userData`,
        '',
      ]) {
        const bad = await call(
          emu,
          'GET',
          `${vmsUrl}?${query ? `${query}&` : ''}api-version=${query === '' ? '2019-01-01' : '2024-07-01'}`,
          { token: arm },
        );
        assert.equal(bad.status, 400, query);
        assert.ok(bad.json.error.code, query);
      }
      assert.equal((await call(emu, 'GET', vmsUrl, { token: arm })).json.error.code, 'MissingApiVersionParameter');
    });

    it('pages the VM list with nextLink and keeps the filter', async () => {
      const set = emu.state.scaleSetById(setId)!;
      for (let n = 3; n < 60; n++)
        set.instances.push({ instanceId: String(n), computerName: `vmsssm${n}`, provisioningState: 'Succeeded' });
      const first = await call(emu, 'GET', `${vmsUrl}?${api}&${filterOf(setId)}`, { token: arm });
      assert.equal(first.json.value.length, 50);
      assert.match(first.json.nextLink, /\$filter=/);
      const second = await call(emu, 'GET', first.json.nextLink, { token: arm });
      assert.equal(second.json.value.length, 10);
      assert.equal(second.json.nextLink, undefined);
    });

    it('deletes a VM through a long-running operation (202 + Azure-AsyncOperation/Location); the set shrinks and its agent goes offline', async () => {
      const url = `${vmsUrl}/vmss-selfmanaged_00000001?${api}`;
      assert.equal((await call(emu, 'GET', url, { token: arm })).json.properties.osProfile.computerName, 'vmsssm000001');
      const res = await call(emu, 'DELETE', url, { token: arm });
      assert.equal(res.status, 202);
      assert.ok(res.headers.location);
      assert.equal(await poll(res.headers['azure-asyncoperation'] as string), 'Succeeded');
      assert.equal(emu.state.agent(poolId, 32)?.status, 'offline');
      const get = await call(emu, 'GET', `${vmssUrl}?${api}`, { token: arm });
      assert.equal(get.json.sku.capacity, 2);
      assert.equal((await call(emu, 'GET', url, { token: arm })).json.error.code, 'ResourceNotFound');
      assert.equal((await call(emu, 'DELETE', url, { token: arm })).status, 204, 'deleting what is gone succeeds');
      const reader = await wifToken(emu, SAMPLE_IDS.connections.readerArm, SAMPLE_IDS.readerApp.appId, ARM_SCOPE);
      const denied = await call(emu, 'DELETE', `${vmsUrl}/vmss-selfmanaged_00000000?${api}`, { token: reader });
      assert.equal(denied.json.error.code, 'AuthorizationFailed');
    });
  });
});
