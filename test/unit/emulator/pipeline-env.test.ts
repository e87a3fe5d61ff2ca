import { strict as assert } from 'node:assert';
import { startEmulator, sampleOrganization, SAMPLE_IDS, pipelineEnv, type Emulator, sharedEmulatorKeys } from '../../../emulator';

describe('emulator: pipelineEnv', () => {
  let emu: Emulator;
  before(async () => {
    emu = await startEmulator({ keys: await sharedEmulatorKeys(), seed: sampleOrganization(), realTimers: false });
  });
  after(() => emu.close());

  it('gives the variables an agent gives a task, per connection scheme', () => {
    const wif = SAMPLE_IDS.connections.wifArm;
    const devops = SAMPLE_IDS.connections.wifDevOps;
    const secret = SAMPLE_IDS.connections.secretArm;
    const env = pipelineEnv(emu, { tempDirectory: '/tmp/agent', project: 'Platform', connectionIds: [wif, devops, secret] });
    assert.equal(env.SYSTEM_COLLECTIONURI, emu.orgUrl);
    assert.equal(env.SYSTEM_TEAMPROJECTID, SAMPLE_IDS.projects.platform);
    assert.equal(env.SYSTEM_HOSTTYPE, 'build');
    assert.equal(JSON.parse(env.ENDPOINT_AUTH_SYSTEMVSSCONNECTION).parameters.AccessToken, env.SYSTEM_ACCESSTOKEN);
    assert.ok(emu.state.jobs.has(env.SYSTEM_ACCESSTOKEN));
    assert.equal(env[`ENDPOINT_AUTH_SCHEME_${wif}`], 'WorkloadIdentityFederation');
    assert.equal(env[`ENDPOINT_AUTH_PARAMETER_${wif}_SERVICEPRINCIPALID`], SAMPLE_IDS.wifApp.appId);
    assert.equal(env[`ENDPOINT_AUTH_PARAMETER_${wif}_WORKLOADIDENTITYFEDERATIONSUBJECT`], 'sc://contoso/Platform/pool-warden-arm');
    assert.equal(env[`ENDPOINT_DATA_${wif}_ACTIVEDIRECTORYAUTHORITY`], `${emu.authorityHost}/`);
    assert.equal(env[`ENDPOINT_DATA_${wif}_SUBSCRIPTIONID`], SAMPLE_IDS.subscriptionId);
    assert.equal(env[`ENDPOINT_URL_${wif}`], emu.armUrl);
    assert.equal(env[`ENDPOINT_DATA_${devops}_ENVIRONMENTAUTHORITYURL`], `${emu.authorityHost}/`);
    assert.equal(env[`ENDPOINT_DATA_${devops}_SUBSCRIPTIONID`], undefined);
    assert.equal(JSON.parse(env[`ENDPOINT_AUTH_${secret}`]).parameters.serviceprincipalkey, SAMPLE_IDS.wifSecret);
    assert.equal(env.NODE_EXTRA_CA_CERTS, emu.caCertPath);
  });
});
