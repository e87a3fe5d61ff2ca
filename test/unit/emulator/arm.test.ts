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
});
