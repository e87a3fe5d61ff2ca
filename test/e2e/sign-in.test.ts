import { strict as assert } from 'node:assert';
import { makeClientCertificate, SAMPLE_IDS, type Emulator, type SeedIdentity } from '../../emulator';
import { comparableReport, uploadedSummary } from './inventory-support';
import {
  assertNoWrites,
  entraTokenRequests,
  readJson,
  requestsTo,
  runAgentTask,
  startE2eEmulator,
  tail,
  wifDevOpsInputs,
  type AgentRun,
} from './support';

const ELASTIC_SCALE_SET = `/subscriptions/${SAMPLE_IDS.subscriptionId}/resourceGroups/${SAMPLE_IDS.resourceGroup}/providers/Microsoft.Compute/virtualMachineScaleSets/${SAMPLE_IDS.scaleSets.elastic}`;

/** The sample organization's inventory, however the task signed in: 7 pools (hosted skipped), 19 agents. */
function assertSampleInventory(run: AgentRun): any {
  assert.equal(run.result, 'SucceededWithIssues', tail(run));
  assert.match(run.resultMessage ?? '', /4 agents have been offline longer than 24 hours/);
  assert.equal(run.variables.poolCount, '7');
  assert.equal(run.variables.agentCount, '19');
  const report = readJson(run.variables.reportPath);
  assert.equal(report.complete, true, JSON.stringify(report.missing));
  assert.deepEqual(report.pools.map((p: { name: string }) => p.name).sort(), [
    'Default',
    'deploy-prod',
    'linux-selfhosted',
    'mdp-linux',
    'mdp-windows',
    'vmss-elastic',
    'vmss-selfmanaged',
  ]);
  assertNoWrites(run);
  return report;
}

/** Every Azure DevOps request of the run was answered 200 for this organization identity. */
function assertAdoCallsAs(run: AgentRun, identityId: string): void {
  const ado = requestsTo(run, 'ado');
  assert.ok(ado.length >= 5, 'the run read Azure DevOps');
  assert.deepEqual([...new Set(ado.map((r) => r.identityId))], [identityId], 'every Azure DevOps call carried this identity');
  assert.deepEqual([...new Set(ado.map((r) => r.status))], [200]);
}

function armInputs(emu: Emulator, connectionId: string): Record<string, string> {
  return { connectionType: 'azureRM', azureSubscription: connectionId, organizationUrl: emu.orgUrl };
}

describe('e2e: sign-in paths (PoolInventory@1)', function () {
  this.timeout(60_000);
  let emu: Emulator;
  before(async () => {
    emu = await startE2eEmulator();
  });
  after(() => emu.close());

  it('azureDevOps connection: workload identity federation through AzurePipelinesCredential (job OIDC → Entra → Azure DevOps)', async () => {
    const run = await runAgentTask(emu, { task: 'PoolInventoryV1', inputs: wifDevOpsInputs(emu) });
    const report = assertSampleInventory(run);

    const oidc = requestsTo(run, 'oidc', 'POST');
    assert.ok(oidc.length >= 1, 'the job OIDC endpoint was called');
    assert.ok(
      oidc.every(
        (r) => r.status === 200 && r.query.serviceconnectionid === SAMPLE_IDS.connections.wifDevOps && r.path.includes('/hubs/build/'),
      ),
    );
    const tokens = entraTokenRequests(run);
    assert.ok(tokens.length >= 1, 'the Entra token endpoint was called');
    assert.ok(tokens.every((r) => r.status === 200 && r.path.startsWith(`/${SAMPLE_IDS.tenantId}/`)));
    assert.ok(oidc[0].seq < tokens[0].seq, 'the OIDC token came first (it is the client assertion)');
    assertAdoCallsAs(run, SAMPLE_IDS.wifApp.identityId);

    assert.match(report.signedInAs, /azureDevOpsServiceConnection.*workload identity federation/);
    assert.equal(requestsTo(run, 'arm').length, 0, 'no ARM connection, so no scale set reads');
    assert.equal(report.pools.find((p: { name: string }) => p.name === 'vmss-elastic').scaleSet, undefined);
  });

  it('systemAccessToken: the job token, no Entra, and a summary that says what the build service usually cannot see', async () => {
    const run = await runAgentTask(emu, {
      task: 'PoolInventoryV1',
      // The build service cannot read pipeline permissions or checks: without this the inventory is (rightly) incomplete.
      inputs: { connectionType: 'systemAccessToken', organizationUrl: emu.orgUrl, includePipelineAccess: 'false' },
    });
    const report = assertSampleInventory(run);
    assert.equal(requestsTo(run, 'oidc').length + requestsTo(run, 'entra').length, 0, 'the job token needs neither OIDC nor Entra');
    assertAdoCallsAs(run, SAMPLE_IDS.buildServices.platform);
    assert.match(report.signedInAs, /job access token/);
    const summary = uploadedSummary(run);
    assert.match(summary, /job access token: the build service identity usually sees only the pools and queues its project can use/);
  });

  it('azureRM with a workload identity federation connection: Azure DevOps and ARM tokens from one federated app', async () => {
    const run = await runAgentTask(emu, { task: 'PoolInventoryV1', inputs: armInputs(emu, SAMPLE_IDS.connections.wifArm) });
    const report = assertSampleInventory(run);
    assert.ok(requestsTo(run, 'oidc').every((r) => r.query.serviceconnectionid === SAMPLE_IDS.connections.wifArm));
    assert.ok(entraTokenRequests(run).length >= 2, 'one token for Azure DevOps, one for ARM');
    assertAdoCallsAs(run, SAMPLE_IDS.wifApp.identityId);
    const arm = requestsTo(run, 'arm');
    assert.deepEqual(
      arm.filter((r) => r.path.includes('/Microsoft.Compute/')).map((r) => [r.method, r.status, r.identityId]),
      [['GET', 200, SAMPLE_IDS.wifApp.objectId]],
    );
    assert.ok(
      arm.every((r) => r.status === 200 && r.identityId === SAMPLE_IDS.wifApp.objectId),
      'Managed DevOps Pools read with the same ARM token',
    );
    const elastic = report.pools.find((p: { name: string }) => p.name === 'vmss-elastic');
    assert.deepEqual(elastic.scaleSet, {
      resourceId: ELASTIC_SCALE_SET,
      capacity: 3,
      provisioningState: 'Succeeded',
      orchestrationMode: 'Uniform',
    });
  });

  it('azureRM with a service principal secret connection: no OIDC, the secret never shows', async () => {
    const run = await runAgentTask(emu, {
      task: 'PoolInventoryV1',
      connectionIds: [SAMPLE_IDS.connections.secretArm],
      inputs: armInputs(emu, SAMPLE_IDS.connections.secretArm),
    });
    const report = assertSampleInventory(run);
    assert.equal(requestsTo(run, 'oidc').length, 0);
    assert.ok(entraTokenRequests(run).length >= 2);
    assertAdoCallsAs(run, SAMPLE_IDS.wifApp.identityId);
    assert.equal(report.pools.find((p: { name: string }) => p.name === 'vmss-elastic').scaleSet.capacity, 3);
    // runAgentTask already checked that the client secret appears nowhere; the agent was told to mask it.
    assert.ok(run.secrets.includes(SAMPLE_IDS.wifSecret), 'the secret was registered with the agent masker');
  });

  it('azureRM with a certificate connection: signs in with the registered certificate, fails clearly with another', async () => {
    const registered = await makeClientCertificate('pool-warden-e2e');
    const unregistered = await makeClientCertificate('somebody-else');
    const sp = emu.state.org.servicePrincipals.find((s) => s.appId === SAMPLE_IDS.wifApp.appId)!;
    const secret = sp.secret;
    sp.certificatePems = [registered.cert];
    sp.secret = undefined; // only the certificate can work
    try {
      const run = await runAgentTask(emu, {
        task: 'PoolInventoryV1',
        connectionIds: [SAMPLE_IDS.connections.secretArm],
        certificatePems: { [SAMPLE_IDS.connections.secretArm]: registered.pem },
        inputs: armInputs(emu, SAMPLE_IDS.connections.secretArm),
      });
      const report = assertSampleInventory(run);
      assertAdoCallsAs(run, SAMPLE_IDS.wifApp.identityId);
      assert.equal(report.pools.find((p: { name: string }) => p.name === 'vmss-elastic').scaleSet.capacity, 3);
      const keyLines = registered.key.split('\n').filter((line) => line.length >= 8 && !line.startsWith('-----'));
      const output = run.stdout
        .split('\n')
        .filter((line) => !line.includes('##vso[task.setsecret]'))
        .join('\n');
      assert.deepEqual(
        keyLines.filter((line) => output.includes(line)),
        [],
        'no line of the private key shows',
      );
      assert.ok(
        keyLines.every((line) => run.secrets.includes(line)),
        'every line of the private key was masked',
      );

      const wrong = await runAgentTask(emu, {
        task: 'PoolInventoryV1',
        connectionIds: [SAMPLE_IDS.connections.secretArm],
        certificatePems: { [SAMPLE_IDS.connections.secretArm]: unregistered.pem },
        inputs: armInputs(emu, SAMPLE_IDS.connections.secretArm),
      });
      assert.equal(wrong.result, 'Failed', tail(wrong));
      assert.match(
        wrong.resultMessage ?? '',
        /Sign-in with service connection 'azureSubscription' \(service principal\) failed: .*AADSTS700027/,
      );
      assert.equal(requestsTo(wrong, 'ado').length, 0, 'nothing reached Azure DevOps without a token');
      assertNoWrites(wrong);
    } finally {
      sp.certificatePems = undefined;
      sp.secret = secret;
    }
  });

  it('azureRM with a managed identity connection (App Service style endpoint), once the identity is an organization user', async () => {
    const mi: SeedIdentity = {
      id: 'e5000000-0000-4000-8000-0000000000a1',
      descriptor: 'aadsp.bWFuYWdlZC1pZGVudGl0eQ',
      kind: 'servicePrincipal',
      displayName: 'agents-mi',
      origin: 'aad',
      originId: SAMPLE_IDS.managedIdentity.objectId,
      appId: SAMPLE_IDS.managedIdentity.appId,
      grants: ['pools:read', 'projects:read'],
    };
    emu.state.org.identities.push(mi);
    try {
      const run = await runAgentTask(emu, {
        task: 'PoolInventoryV1',
        connectionIds: [SAMPLE_IDS.connections.msiArm],
        // An agent pool Reader only: pipeline permissions and checks are out of its reach.
        inputs: { ...armInputs(emu, SAMPLE_IDS.connections.msiArm), includePipelineAccess: 'false' },
      });
      const report = assertSampleInventory(run);
      const tokens = entraTokenRequests(run);
      assert.ok(
        tokens.length >= 2 && tokens.every((r) => r.path === '/_msi/token' && r.status === 200),
        'tokens came from the managed identity endpoint',
      );
      assertAdoCallsAs(run, mi.id);
      assert.deepEqual([...new Set(requestsTo(run, 'arm').map((r) => r.identityId))], [SAMPLE_IDS.managedIdentity.objectId]);
      assert.match(report.signedInAs, /managed identity/);
    } finally {
      emu.state.org.identities = emu.state.org.identities.filter((i) => i !== mi);
    }
  });

  it('classic release (SYSTEM_HOSTTYPE=release): the OIDC request goes to the release hub and the report is the same', async () => {
    const build = await runAgentTask(emu, { task: 'PoolInventoryV1', inputs: wifDevOpsInputs(emu) });
    const release = await runAgentTask(emu, { task: 'PoolInventoryV1', hostType: 'release', inputs: wifDevOpsInputs(emu) });
    assertSampleInventory(build);
    assertSampleInventory(release);
    const oidc = requestsTo(release, 'oidc');
    assert.ok(
      oidc.length >= 1 && oidc.every((r) => r.path.includes('/hubs/release/') && r.status === 200),
      'the release hub was asked for the OIDC token',
    );
    assertAdoCallsAs(release, SAMPLE_IDS.wifApp.identityId);
    assert.deepEqual(comparableReport(readJson(release.variables.reportPath)), comparableReport(readJson(build.variables.reportPath)));
    assert.deepEqual(release.variables.poolCount, build.variables.poolCount);
  });
});
