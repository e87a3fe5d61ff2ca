import { strict as assert } from 'node:assert';
import { startEmulator, sampleOrganization, SAMPLE_IDS, SAMPLE_MANAGED_IDS, type Emulator, sharedEmulatorKeys } from '../../../emulator';
import { call, secretToken, ARM_SCOPE } from './helpers';

describe('emulator: Microsoft.DevOpsInfrastructure pools', () => {
  let emu: Emulator;
  let arm: string;
  let poolUrl: string;
  const api = 'api-version=2025-09-20';

  beforeEach(async () => {
    emu = await startEmulator({ keys: await sharedEmulatorKeys(), seed: sampleOrganization(), realTimers: false });
    arm = await secretToken(emu, SAMPLE_IDS.wifApp.appId, SAMPLE_IDS.wifSecret, ARM_SCOPE);
    poolUrl = `${emu.armUrl}subscriptions/${SAMPLE_IDS.subscriptionId}/resourceGroups/${SAMPLE_MANAGED_IDS.resourceGroup}/providers/Microsoft.DevOpsInfrastructure/pools/${SAMPLE_MANAGED_IDS.linux.armName}`;
  });
  afterEach(() => emu.close());

  const patch = (properties: unknown, headers: Record<string, string> = {}) =>
    call(emu, 'PATCH', `${poolUrl}?${api}`, { token: arm, body: { properties }, headers });

  it('refuses a missing or unknown api-version as ARM does', async () => {
    assert.equal((await call(emu, 'GET', poolUrl, { token: arm })).json.error.code, 'MissingApiVersionParameter');
    const unknown = await call(emu, 'GET', `${poolUrl}?api-version=2024-07-01`, { token: arm });
    assert.equal(unknown.status, 400);
    assert.equal(unknown.json.error.code, 'NoRegisteredProviderFound');
  });

  it('lists by subscription with nextLink paging and drops alias before 2025-09-20', async () => {
    await emu.close();
    emu = await startEmulator({
      keys: await sharedEmulatorKeys(),
      seed: sampleOrganization(),
      realTimers: false,
      paging: { armPageSize: 1 },
    });
    arm = await secretToken(emu, SAMPLE_IDS.wifApp.appId, SAMPLE_IDS.wifSecret, ARM_SCOPE);
    const list = `${emu.armUrl}subscriptions/${SAMPLE_IDS.subscriptionId}/providers/Microsoft.DevOpsInfrastructure/pools?api-version=2024-10-19`;
    const first = await call(emu, 'GET', list, { token: arm });
    assert.equal(first.status, 200);
    assert.equal(first.json.value.length, 1);
    assert.match(first.json.nextLink, /\$skipToken=1/);
    const second = await call(emu, 'GET', first.json.nextLink, { token: arm });
    assert.equal(second.json.value.length, 1);
    assert.equal(second.json.nextLink, null);
    const linux = [...first.json.value, ...second.json.value].find((p: any) => p.name === SAMPLE_MANAGED_IDS.linux.armName);
    assert.equal(linux.properties.organizationProfile.organizations[0].alias, undefined);
  });

  it('PATCH is a long-running operation: 202 + Location + Retry-After, 202 while running, then 200 with the pool', async () => {
    const res = await patch({
      maximumConcurrency: 5,
      organizationProfile: {
        kind: 'AzureDevOps',
        organizations: [
          { url: 'https://dev.azure.com/contoso', parallelism: 4 },
          { url: 'https://dev.azure.com/contoso-labs', parallelism: 1 },
        ],
      },
    });
    assert.equal(res.status, 202, JSON.stringify(res.json));
    assert.ok(res.headers['retry-after'] !== undefined);
    const location = res.headers.location as string;
    assert.match(location, /\/locations\/westeurope\/operationStatuses\//);
    assert.equal((await call(emu, 'GET', location, { token: arm })).status, 202);
    assert.equal((await patch({ maximumConcurrency: 6 })).status, 409, 'another operation is in progress');
    const done = await call(emu, 'GET', location, { token: arm });
    assert.equal(done.status, 200);
    assert.equal(done.json.properties.maximumConcurrency, 5);
    assert.equal(done.json.properties.provisioningState, 'Succeeded');
  });

  it('enforces the parallelism sum, the schedule rules and lifetimes with the ARM error shape', async () => {
    const sum = await patch({ maximumConcurrency: 6 });
    assert.equal(sum.status, 400);
    assert.equal(sum.json.error.message, 'The sum of parallelism for all organizations must equal the max concurrency.');
    const agent = (extra: object) => ({
      kind: 'Stateless',
      resourcePredictionsProfile: { kind: 'Manual' },
      resourcePredictions: { timeZone: 'UTC', ...extra },
    });
    assert.match((await patch({ agentProfile: agent({ daysData: [{}, {}] }) })).json.error.message, /either 1 item .* or 7 items/);
    assert.match(
      (await patch({ agentProfile: agent({ daysData: [{ '08:00:00': 9 }] }) })).json.error.message,
      /cannot be greater than the maximum concurrency 4/,
    );
    assert.match(
      (await patch({ agentProfile: agent({ timeZone: 'Europe/Berlin', daysData: [{ '08:00:00': 1 }] }) })).json.error.message,
      /not a valid Windows time zone/,
    );
    assert.match(
      (await patch({ agentProfile: { kind: 'Stateful', maxAgentLifetime: '8.00:00:00' } })).json.error.message,
      /cannot be longer than 7\.00:00:00/,
    );
  });

  it('answers 412 to a stale If-Match and 403 to a Reader that writes', async () => {
    const get = await call(emu, 'GET', `${poolUrl}?${api}`, { token: arm });
    assert.equal((await patch({ maximumConcurrency: 4 }, { 'If-Match': '"0"' })).status, 412);
    assert.equal(
      (await patch({ maximumConcurrency: 4 }, { 'If-Match': get.headers.etag as string })).status,
      200,
      'no change answers 200 at once',
    );
    const reader = await secretToken(emu, SAMPLE_IDS.wifApp.appId, SAMPLE_IDS.wifSecret, ARM_SCOPE);
    emu.state.org.armRoleAssignments = emu.state.org.armRoleAssignments.filter((a) => a.role !== 'Contributor');
    const denied = await call(emu, 'PATCH', `${poolUrl}?${api}`, { token: reader, body: { properties: { maximumConcurrency: 4 } } });
    assert.equal(denied.status, 403);
    assert.match(denied.json.error.message, /Microsoft\.DevOpsInfrastructure\/pools\/write/);
  });
});
