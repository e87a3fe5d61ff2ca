import { strict as assert } from 'node:assert';
import { SAMPLE_IDS, type Emulator } from '../../emulator';
import {
  assertNoWrites,
  requestsTo,
  runAgentTask,
  startE2eEmulator,
  tail,
  wifDevOpsInputs,
  type AgentRun,
  type AgentRunOptions,
} from './support';

const WIF = SAMPLE_IDS.connections.wifDevOps;
const OUTSIDER = '0e0e0e0e-1111-4222-8333-444455556666';

/** Every misconfiguration ends the same way: Failed, one clear error, and nothing written. */
function assertFailedWith(run: AgentRun, message: RegExp): void {
  assert.equal(run.result, 'Failed', tail(run));
  assert.match(run.resultMessage ?? '', message);
  assert.equal(run.errors.length, 1, `one error, not a cascade: ${run.errors.join(' | ')}`);
  assert.equal(run.variables.reportPath, undefined, 'no report for a run that could not read the organization');
  assertNoWrites(run);
}

/** Configuration errors are found before any request is sent. */
function assertNoRequests(run: AgentRun): void {
  assert.deepEqual(
    run.requests.map((r) => `${r.method} ${r.path}`),
    [],
  );
}

/** Replaces what the agent hands the task for the WIF "Azure DevOps" connection. */
function wifConnectionEnv(parameters: Record<string, string>, scheme = 'WorkloadIdentityFederation'): Record<string, string | undefined> {
  return {
    [`ENDPOINT_AUTH_${WIF}`]: JSON.stringify({ parameters, scheme }),
    [`ENDPOINT_AUTH_SCHEME_${WIF}`]: scheme,
    [`ENDPOINT_AUTH_PARAMETER_${WIF}_TENANTID`]: parameters.tenantid,
    [`ENDPOINT_AUTH_PARAMETER_${WIF}_SERVICEPRINCIPALID`]: parameters.serviceprincipalid,
  };
}

describe('e2e: sign-in misconfigurations fail clearly and write nothing (PoolInventory@1)', function () {
  this.timeout(60_000);
  let emu: Emulator;
  const inventory = (options: Partial<AgentRunOptions> & { inputs?: AgentRunOptions['inputs'] }) =>
    runAgentTask(emu, { task: 'PoolInventoryV1', inProcess: true, ...options, inputs: { ...wifDevOpsInputs(emu), ...options.inputs } });
  before(async () => {
    emu = await startE2eEmulator();
  });
  afterEach(() => emu.faults.clear());
  after(() => emu.close());

  it('a connection scheme Pool Warden cannot use: names the input and the allowed schemes', async () => {
    const run = await inventory({ env: wifConnectionEnv({ username: 'someone', password: 'not-a-real-password' }, 'UsernamePassword') });
    assertFailedWith(
      run,
      /'azureDevOpsServiceConnection' uses scheme 'UsernamePassword'.*Allowed: WorkloadIdentityFederation \(recommended\), ServicePrincipal \(secret or certificate\), ManagedServiceIdentity/,
    );
    assertNoRequests(run);
  });

  it('a connection the job does not expose to the step (not authorized for the pipeline)', async () => {
    const run = await inventory({ connectionIds: [] });
    assertFailedWith(
      run,
      new RegExp(
        `Input 'azureDevOpsServiceConnection': service connection '${WIF}' is not available to this step \\(not found, or not authorized for this pipeline\\)`,
      ),
    );
    assertNoRequests(run);
  });

  it('no connection chosen for the connection type', async () => {
    const run = await inventory({ inputs: { connectionType: 'azureRM', azureSubscription: '' } });
    assertFailedWith(run, /Input 'azureSubscription' is required when connectionType is 'azureRM': choose a service connection/);
    assertNoRequests(run);
  });

  it('a connection without tenant id, or without client id', async () => {
    const noTenant = await inventory({ env: wifConnectionEnv({ serviceprincipalid: SAMPLE_IDS.wifApp.appId }) });
    assertFailedWith(
      noTenant,
      /'azureDevOpsServiceConnection' \(scheme WorkloadIdentityFederation\) has no tenant id\. Edit the service connection/,
    );
    assertNoRequests(noTenant);
    const noClient = await inventory({ env: wifConnectionEnv({ tenantid: SAMPLE_IDS.tenantId }) });
    assertFailedWith(
      noClient,
      /'azureDevOpsServiceConnection' \(scheme WorkloadIdentityFederation\) has no service principal \(client\) id/,
    );
    assertNoRequests(noClient);
  });

  it('workload identity federation outside a pipeline job (no SYSTEM_OIDCREQUESTURI)', async () => {
    const run = await inventory({ env: { SYSTEM_OIDCREQUESTURI: undefined } });
    assertFailedWith(
      run,
      /needs the job OIDC endpoint \(System\.OidcRequestUri\), which exists only inside an Azure Pipelines job.*connectionType systemAccessToken/,
    );
    assertNoRequests(run);
  });

  it('no job access token for the step: workload identity federation and systemAccessToken both say how to map it', async () => {
    const noToken = {
      SYSTEM_ACCESSTOKEN: undefined,
      ENDPOINT_AUTH_SYSTEMVSSCONNECTION: undefined,
      ENDPOINT_AUTH_PARAMETER_SYSTEMVSSCONNECTION_ACCESSTOKEN: undefined,
    };
    const wif = await inventory({ env: noToken });
    assertFailedWith(wif, /Workload identity federation needs the job access token \(System\.AccessToken\) to request the OIDC token/);
    assertNoRequests(wif);
    const job = await inventory({ env: noToken, inputs: { connectionType: 'systemAccessToken' } });
    assertFailedWith(job, /connectionType 'systemAccessToken' needs the job access token.*SYSTEM_ACCESSTOKEN: \$\(System\.AccessToken\)/);
    assertNoRequests(job);
  });

  it('a bad organizationUrl: not a URL, or not https', async () => {
    const notUrl = await inventory({ inputs: { organizationUrl: 'contoso' } });
    assertFailedWith(
      notUrl,
      /Input 'organizationUrl' must be an absolute https URL such as https:\/\/dev\.azure\.com\/contoso\/; got 'contoso'/,
    );
    assertNoRequests(notUrl);
    const http = await inventory({ inputs: { organizationUrl: emu.orgUrl.replace('https:', 'http:') } });
    assertFailedWith(http, /Input 'organizationUrl' must use https/);
    assertNoRequests(http);
  });

  it('an unknown connectionType: names the allowed values', async () => {
    const run = await inventory({ inputs: { connectionType: 'personalAccessToken' } });
    assertFailedWith(run, /Input 'connectionType' must be one of azureDevOps, azureRM, systemAccessToken; got 'personalAccessToken'/);
    assertNoRequests(run);
  });

  it('a service principal that was never added to the organization: Azure DevOps answers 401 TF400813', async () => {
    emu.state.org.serviceConnections.push({
      id: OUTSIDER,
      name: 'not-a-member',
      projectId: SAMPLE_IDS.projects.platform,
      type: 'azurerm',
      scheme: 'ServicePrincipal',
      servicePrincipalAppId: SAMPLE_IDS.outsiderApp.appId,
      subscriptionId: SAMPLE_IDS.subscriptionId,
    });
    try {
      const run = await runAgentTask(emu, {
        task: 'PoolInventoryV1',
        inProcess: true,
        connectionIds: [OUTSIDER],
        inputs: { connectionType: 'azureRM', azureSubscription: OUTSIDER, organizationUrl: emu.orgUrl },
      });
      assertFailedWith(
        run,
        new RegExp(
          `^PoolInventory: Azure DevOps did not accept service connection ${OUTSIDER} from input 'azureSubscription' \\(service principal\\) \\(HTTP 401 on GET /contoso/_apis/distributedtask/pools: TF400813.*Organization settings > Users`,
        ),
      );
      assert.ok(
        requestsTo(run, 'entra').some((r) => r.status === 200),
        'Entra did issue a token: the tenant knows the app',
      );
      assert.ok(requestsTo(run, 'ado').every((r) => r.status === 401));
    } finally {
      emu.state.org.serviceConnections = emu.state.org.serviceConnections.filter((c) => c.id !== OUTSIDER);
    }
  });

  it('Azure DevOps answers 401 to every call (identity removed from the organization)', async () => {
    emu.faults.add({ service: 'ado', kind: 'status', status: 401 });
    const run = await inventory({});
    assertFailedWith(
      run,
      new RegExp(
        `Azure DevOps did not accept service connection ${WIF} from input 'azureDevOpsServiceConnection' \\(workload identity federation\\) \\(HTTP 401.*TF400813.*Organization settings > Users`,
      ),
    );
    assert.equal(requestsTo(run, 'ado').filter((r) => r.path.endsWith('/distributedtask/pools')).length, 1, '401 is not retried');
  });

  it('Azure DevOps answers 203 with an HTML sign-in page: not parsed as data, not retried', async () => {
    emu.faults.add({ service: 'ado', kind: 'html203' });
    const run = await inventory({});
    assertFailedWith(
      run,
      /returned HTTP 203 with an HTML sign-in page instead of JSON.*service principal of the service connection was added to the organization/,
    );
    assert.equal(requestsTo(run, 'ado').filter((r) => r.path.endsWith('/distributedtask/pools')).length, 1);
  });

  it('a member without the right to read agent pools: 403 names the permission and the role to give', async () => {
    const wif = emu.state.identity(SAMPLE_IDS.wifApp.identityId)!;
    const pca = emu.state.identity(SAMPLE_IDS.groups.pca)!;
    const [grants, members] = [wif.grants, pca.members];
    wif.grants = ['projects:read'];
    pca.members = members!.filter((m) => m !== wif.id);
    try {
      const run = await inventory({});
      assertFailedWith(
        run,
        new RegExp(
          `^PoolInventory: Service connection ${WIF} from input 'azureDevOpsServiceConnection' \\(workload identity federation\\) may not read agent pools: give it the Reader role on agent pools .*HTTP 403.*needs View permissions`,
        ),
      );
    } finally {
      wif.grants = grants;
      pca.members = members;
    }
  });
});
