import { strict as assert } from 'node:assert';
import { startEmulator, sampleOrganization, SAMPLE_IDS, type Emulator, sharedEmulatorKeys } from '../../../emulator';
import { call, secretToken, wifToken, ADO_SCOPE } from './helpers';

describe('emulator: Azure DevOps routes', () => {
  let emu: Emulator;
  let admin: string;
  let reader: string;
  before(async () => {
    emu = await startEmulator({ keys: await sharedEmulatorKeys(), seed: sampleOrganization(), realTimers: false });
    admin = await secretToken(emu, SAMPLE_IDS.wifApp.appId, SAMPLE_IDS.wifSecret, ADO_SCOPE);
    reader = await wifToken(emu, SAMPLE_IDS.connections.readerArm, SAMPLE_IDS.readerApp.appId, ADO_SCOPE);
  });
  after(() => emu.close());

  it('points graph and token admin resource areas at the vssps prefix, distributedtask at the org', async () => {
    const v = '?api-version=7.1-preview.1';
    const graph = await call(emu, 'GET', `${emu.orgUrl}_apis/resourceAreas/bb1e7ec9-e901-4b68-999a-de7012b920f8${v}`);
    assert.equal(graph.json.locationUrl, emu.vsspsUrl);
    const tokenAdmin = await call(emu, 'GET', `${emu.orgUrl}_apis/resourceAreas/af68438b-ed04-4407-9eb6-f1dbae3f922e${v}`);
    assert.equal(tokenAdmin.json.locationUrl, emu.vsspsUrl);
    const dt = await call(emu, 'GET', `${emu.orgUrl}_apis/resourceAreas/a85b8835-c1a1-4aac-ae97-1c3d0ba72dbd${v}`);
    assert.equal(dt.json.locationUrl, emu.orgUrl);
  });

  it('answers 404 ResourceAreaNotFoundException for an area the specs do not document (the 5.x TokenAdministration id)', async () => {
    const legacy = await call(
      emu,
      'GET',
      `${emu.orgUrl}_apis/resourceAreas/95935461-9e54-44bd-b9fb-04f4dd05d640?api-version=7.1-preview.1`,
    );
    assert.equal(legacy.status, 404);
    assert.equal(legacy.json.typeKey, 'ResourceAreaNotFoundException');
  });

  it('lists pools with comma-joined options and filters by poolType and name', async () => {
    const res = await call(emu, 'GET', `${emu.orgUrl}_apis/distributedtask/pools?api-version=7.1`, { token: admin });
    assert.equal(res.status, 200);
    assert.equal(res.json.count, res.json.value.length);
    const elastic = res.json.value.find((p: { name: string }) => p.name === 'vmss-elastic');
    assert.equal(elastic.options, 'elasticPool');
    assert.equal(res.json.value.find((p: { name: string }) => p.name === 'Default').options, 'none');
    const deployment = await call(emu, 'GET', `${emu.orgUrl}_apis/distributedtask/pools?api-version=7.1&poolType=deployment`, {
      token: admin,
    });
    assert.deepEqual(
      deployment.json.value.map((p: { name: string }) => p.name),
      ['deploy-prod'],
    );
    const byName = await call(emu, 'GET', `${emu.orgUrl}_apis/distributedtask/pools?api-version=7.1&poolName=default`, { token: admin });
    assert.equal(byName.json.value[0].id, SAMPLE_IDS.pools.default);
  });

  it('includes agent capabilities and requests only when asked', async () => {
    const url = `${emu.orgUrl}_apis/distributedtask/pools/${SAMPLE_IDS.pools.default}/agents?api-version=7.1`;
    const plain = await call(emu, 'GET', url, { token: admin });
    assert.equal(plain.json.value[0].systemCapabilities, undefined);
    assert.equal(plain.json.value[1].assignedRequest, undefined);
    const full = await call(emu, 'GET', `${url}&includeCapabilities=true&includeAssignedRequest=true&includeLastCompletedRequest=true`, {
      token: admin,
    });
    const build02 = full.json.value.find((a: { name: string }) => a.name === 'build02');
    assert.equal(build02.systemCapabilities.AGENT_ALLOW_RUNASROOT, 'true');
    assert.equal(typeof build02.assignedRequest.requestId, 'number');
    assert.ok(build02.lastCompletedRequest.finishTime);
  });

  it('forbids agent writes without pools:manage (403 in the Azure DevOps error shape)', async () => {
    const res = await call(emu, 'PATCH', `${emu.orgUrl}_apis/distributedtask/pools/${SAMPLE_IDS.pools.default}/agents/1?api-version=7.1`, {
      token: reader,
      body: { id: 1, enabled: false },
    });
    assert.equal(res.status, 403);
    assert.equal(res.json.typeKey, 'AccessCheckException');
    assert.equal(res.json.$id, '1');
    assert.equal(emu.state.agent(SAMPLE_IDS.pools.default, 1)?.enabled, true);
  });

  it('maps pools to project queues with poolIds=', async () => {
    const res = await call(
      emu,
      'GET',
      `${emu.orgUrl}Payments/_apis/distributedtask/queues?api-version=7.1&poolIds=${SAMPLE_IDS.pools.linux}`,
      {
        token: admin,
      },
    );
    assert.equal(res.json.count, 1);
    assert.equal(res.json.value[0].id, SAMPLE_IDS.queues.paymentsLinuxOpen);
    assert.equal(res.json.value[0].pool.id, SAMPLE_IDS.pools.linux);
  });

  it('omits allPipelines unless the queue is open, and PATCH changes it', async () => {
    const closed = await call(
      emu,
      'GET',
      `${emu.orgUrl}Platform/_apis/pipelines/pipelinePermissions/queue/${SAMPLE_IDS.queues.platformDefault}?api-version=7.1-preview.1`,
      { token: admin },
    );
    assert.equal('allPipelines' in closed.json, false);
    const openUrl = `${emu.orgUrl}Payments/_apis/pipelines/pipelinePermissions/queue/${SAMPLE_IDS.queues.paymentsLinuxOpen}?api-version=7.1-preview.1`;
    assert.equal((await call(emu, 'GET', openUrl, { token: admin })).json.allPipelines.authorized, true);
    await call(emu, 'PATCH', openUrl, { token: admin, body: { allPipelines: { authorized: false } } });
    assert.equal('allPipelines' in (await call(emu, 'GET', openUrl, { token: admin })).json, false);
  });

  it('computes inherited role assignments unless inheritance is off, and PUT/DELETE change them', async () => {
    const base = `${emu.orgUrl}_apis/securityroles/scopes/distributedtask.agentpoolrole/roleassignments/resources`;
    const v = '?api-version=7.1-preview.1';
    const pool1 = await call(emu, 'GET', `${base}/${SAMPLE_IDS.pools.default}${v}`, { token: admin });
    const inherited = pool1.json.value.filter((a: { access: string }) => a.access === 'inherited');
    assert.ok(inherited.some((a: { identity: { id: string } }) => a.identity.id === SAMPLE_IDS.groups.pca));
    assert.equal(pool1.json.value.find((a: { identity: { id: string } }) => a.identity.id === SAMPLE_IDS.users.bob).access, 'assigned');
    const selfManaged = await call(emu, 'GET', `${base}/${SAMPLE_IDS.pools.selfManaged}${v}`, { token: admin });
    assert.ok(selfManaged.json.value.every((a: { access: string }) => a.access === 'assigned'));

    await call(emu, 'PUT', `${base}/${SAMPLE_IDS.pools.default}${v}`, {
      token: admin,
      body: [{ roleName: 'Reader', userId: SAMPLE_IDS.users.ivan }],
    });
    await call(emu, 'DELETE', `${base}/${SAMPLE_IDS.pools.default}/${SAMPLE_IDS.users.bob}${v}`, { token: admin });
    const after = await call(emu, 'GET', `${base}/${SAMPLE_IDS.pools.default}${v}`, { token: admin });
    const ids = after.json.value.map((a: { identity: { id: string } }) => a.identity.id);
    assert.ok(ids.includes(SAMPLE_IDS.users.ivan));
    assert.ok(!ids.includes(SAMPLE_IDS.users.bob));
    assert.deepEqual(
      emu
        .writeRequests()
        .slice(-2)
        .map((r) => `${r.method} ${r.resource} ${r.status}`),
      ['PUT roleassignments 200', 'DELETE roleassignments 204'],
    );
  });

  it('deletes a disabled idle elastic agent after the simulated delay and reflects it in nodes and logs', async () => {
    const poolId = SAMPLE_IDS.pools.elastic;
    const res = await call(emu, 'PATCH', `${emu.orgUrl}_apis/distributedtask/pools/${poolId}/agents/21?api-version=7.1`, {
      token: admin,
      body: { id: 21, enabled: false },
    });
    assert.equal(res.status, 200);
    assert.equal(res.json.enabled, false);
    assert.ok(emu.state.agent(poolId, 21), 'still there before the service reacts');
    emu.tick(1000);
    assert.equal(emu.state.agent(poolId, 21), undefined);
    const nodes = await call(emu, 'GET', `${emu.orgUrl}_apis/distributedtask/elasticpools/${poolId}/nodes?api-version=7.1`, {
      token: admin,
    });
    assert.ok(!nodes.json.value.some((n: { agentId: number }) => n.agentId === 21));
    assert.equal(nodes.json.value.find((n: { agentId: number }) => n.agentId === 22).agentState, 'enabled, online, assigned');
    const logs = await call(emu, 'GET', `${emu.orgUrl}_apis/distributedtask/elasticpools/${poolId}/logs?api-version=7.1&$top=1`, {
      token: admin,
    });
    assert.equal(logs.json.value[0].operation, 'deleteVMs');
  });

  it('adds elastic nodes and agents when desiredIdle goes up', async () => {
    const poolId = SAMPLE_IDS.pools.elastic;
    const before = emu.state.pool(poolId)!.agents.length;
    const res = await call(emu, 'PATCH', `${emu.orgUrl}_apis/distributedtask/elasticpools/${poolId}?api-version=7.1`, {
      token: admin,
      body: { desiredIdle: 3 },
    });
    assert.equal(res.json.desiredIdle, 3);
    emu.tick();
    const agents = emu.state.pool(poolId)!.agents;
    assert.equal(agents.length, before + 3);
    assert.ok(agents.slice(-3).every((a) => a.status === 'online'));
  });

  it('lets tests script jobs through state helpers and hooks', async () => {
    const poolId = SAMPLE_IDS.pools.linux;
    const stop = emu.onRequest((req, state) => {
      if (req.method === 'PATCH' && req.resource === 'agents') state.assignJob(poolId, 11, { jobName: 'raced' });
    });
    await call(emu, 'PATCH', `${emu.orgUrl}_apis/distributedtask/pools/${poolId}/agents/11?api-version=7.1`, {
      token: admin,
      body: { id: 11, enabled: false },
    });
    stop();
    const agent = await call(
      emu,
      'GET',
      `${emu.orgUrl}_apis/distributedtask/pools/${poolId}/agents/11?api-version=7.1&includeAssignedRequest=true`,
      {
        token: admin,
      },
    );
    assert.equal(agent.json.enabled, false);
    assert.equal(agent.json.assignedRequest.jobName, 'raced');
    emu.state.finishJob(poolId, 11, 'succeeded');
    assert.equal(emu.state.agent(poolId, 11)?.lastCompletedRequest?.jobName, 'raced');
  });

  it('answers OPTIONS route discovery for distributedtask', async () => {
    const res = await call(emu, 'OPTIONS', `${emu.orgUrl}_apis/distributedtask`);
    assert.ok(res.json.value.some((l: { id: string }) => l.id === 'a8c47e17-4d56-4a56-92bb-de7ea7dc65be'));
  });
});
