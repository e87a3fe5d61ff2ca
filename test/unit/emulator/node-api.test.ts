import { strict as assert } from 'node:assert';
import * as azdev from 'azure-devops-node-api';
import { startEmulator, sampleOrganization, SAMPLE_IDS, type Emulator, sharedEmulatorKeys } from '../../../emulator';

describe('emulator: azure-devops-node-api compatibility', () => {
  let emu: Emulator;
  before(async () => {
    emu = await startEmulator({ keys: await sharedEmulatorKeys(), seed: sampleOrganization(), realTimers: false });
  });
  after(() => emu.close());

  it('serves route discovery, pools (numeric enums after node-api parsing), queues and the OIDC token', async () => {
    const job = emu.state.issueJobToken('Platform');
    // typed-rest-client trusts the emulator certificate through `cert.caFile`.
    const api = new azdev.WebApi(emu.orgUrl, azdev.getBearerHandler(job.token), { cert: { caFile: emu.caCertPath } });
    const taskAgent = await api.getTaskAgentApi();
    const pools = await taskAgent.getAgentPools();
    assert.equal(pools.find((p) => p.name === 'vmss-elastic')?.options, 1);
    const agents = await taskAgent.getAgents(SAMPLE_IDS.pools.default, undefined, false, true);
    assert.equal(agents.find((a) => a.name === 'build02')?.status, 2);
    const queues = await taskAgent.getAgentQueuesForPools([SAMPLE_IDS.pools.linux], 'Payments');
    assert.deepEqual(
      queues.map((q) => q.id),
      [SAMPLE_IDS.queues.paymentsLinuxOpen],
    );
    const taskApi = await api.getTaskApi();
    const oidc = await taskApi.createOidcToken({}, job.projectId, 'build', job.planId, job.jobId, SAMPLE_IDS.connections.wifArm);
    assert.ok(oidc.oidcToken);
    assert.ok(emu.requests.some((r) => r.method === 'OPTIONS' && /distributedtask$/i.test(r.path)));
  });
});
