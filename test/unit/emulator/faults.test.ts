import { strict as assert } from 'node:assert';
import {
  startEmulator,
  sampleOrganization,
  SAMPLE_IDS,
  mulberry32,
  pipelineEnv,
  type Emulator,
  sharedEmulatorKeys,
} from '../../../emulator';
import { call, secretToken, ADO_SCOPE, ARM_SCOPE } from './helpers';

describe('emulator: faults, throttling, recording', () => {
  let emu: Emulator;
  let admin: string;
  before(async () => {
    emu = await startEmulator({
      keys: await sharedEmulatorKeys(),
      seed: sampleOrganization(),
      realTimers: false,
      random: mulberry32(7),
      throttle: { requestsPerWindow: 5, windowMs: 60_000, warnAtFraction: 0.6 },
    });
    admin = await secretToken(emu, SAMPLE_IDS.wifApp.appId, SAMPLE_IDS.wifSecret, ADO_SCOPE);
  });
  afterEach(() => emu.faults.clear());
  after(() => emu.close());

  const poolsUrl = () => `${emu.orgUrl}_apis/distributedtask/pools?api-version=7.1`;

  it('injects a 429 with Retry-After in the Azure DevOps shape, `times` limited', async () => {
    emu.faults.add({ service: 'ado', path: /distributedtask\/pools$/, kind: 'status', status: 429, retryAfterSeconds: 3, times: 1 });
    const first = await call(emu, 'GET', poolsUrl(), { token: admin });
    assert.equal(first.status, 429);
    assert.equal(first.headers['retry-after'], '3');
    assert.match(first.json.message, /^TF400733/);
    assert.equal((await call(emu, 'GET', poolsUrl(), { token: admin })).status, 200);
  });

  it('answers injected 401 and 403 faults with the Azure DevOps bodies of those statuses', async () => {
    emu.faults.add({ service: 'ado', path: /distributedtask\/pools$/, kind: 'status', status: 401, times: 1 });
    emu.faults.add({ service: 'ado', path: /distributedtask\/pools$/, kind: 'status', status: 403, times: 1 });
    const unauthorized = await call(emu, 'GET', poolsUrl(), { token: admin });
    assert.equal(unauthorized.status, 401);
    assert.equal(unauthorized.json.typeKey, 'UnauthorizedRequestException');
    assert.match(unauthorized.json.message, /^TF400813/);
    const denied = await call(emu, 'GET', poolsUrl(), { token: admin });
    assert.equal(denied.status, 403);
    assert.equal(denied.json.typeKey, 'AccessCheckException');
  });

  it('injects ARM 503, a connection reset and an HTML 203 sign-in page', async () => {
    emu.faults.add({ service: 'arm', kind: 'status', status: 503, retryAfterSeconds: 1, times: 1 });
    const arm = await secretToken(emu, SAMPLE_IDS.wifApp.appId, SAMPLE_IDS.wifSecret, ARM_SCOPE);
    const res = await call(
      emu,
      'GET',
      `${emu.armUrl}subscriptions/${SAMPLE_IDS.subscriptionId}/resourceGroups/rg-agents/providers/Microsoft.Compute/virtualMachineScaleSets/vmss-selfmanaged?api-version=2024-07-01`,
      { token: arm },
    );
    assert.equal(res.status, 503);
    assert.equal(res.json.error.code, 'ServiceUnavailable');

    emu.faults.add({ service: 'vssps', kind: 'reset', times: 1 });
    await assert.rejects(
      call(emu, 'GET', `${emu.vsspsUrl}_apis/graph/users?api-version=7.1-preview.1`, { token: admin }),
      /socket hang up|ECONNRESET/,
    );
    assert.equal(emu.requests.at(-1)?.status, 0);

    emu.faults.add({ service: 'ado', method: 'GET', kind: 'html203', times: 1 });
    const html = await call(emu, 'GET', poolsUrl(), { token: admin });
    assert.equal(html.status, 203);
    assert.match(String(html.headers['content-type']), /text\/html/);
  });

  it('applies probability faults with the seeded PRNG (same seed, same outcome)', async () => {
    const outcomes = (seed: number) => {
      const r = mulberry32(seed);
      return Array.from({ length: 20 }, () => r() < 0.5);
    };
    assert.deepEqual(outcomes(3), outcomes(3));
    assert.notDeepEqual(outcomes(3), outcomes(4));
  });

  it('sends X-RateLimit headers, delays near the limit, then blocks with 429 per identity', async () => {
    const job = pipelineEnv(emu, { tempDirectory: '/tmp' }).SYSTEM_ACCESSTOKEN;
    emu.tick(60_000); // fresh window
    const statuses: number[] = [];
    const delays: (string | undefined)[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await call(emu, 'GET', poolsUrl(), { token: job });
      statuses.push(res.status);
      delays.push(res.headers['x-ratelimit-delay'] as string | undefined);
      if (i === 0) {
        assert.equal(res.headers['x-ratelimit-limit'], '5');
        assert.equal(res.headers['x-ratelimit-remaining'], '4');
      }
    }
    assert.deepEqual(statuses, [200, 200, 200, 200, 200, 429]);
    assert.deepEqual(delays.slice(0, 5).map(Boolean), [false, false, false, true, true]);
    assert.equal((await call(emu, 'GET', poolsUrl(), { token: admin })).status, 200, 'another identity is not throttled');
  });

  it('records every request with service, identity, area and resource; writeRequests skips reads and tokens', async () => {
    const before = emu.requests.length;
    await call(emu, 'PATCH', `${emu.orgUrl}_apis/distributedtask/pools/${SAMPLE_IDS.pools.linux}?api-version=7.1`, {
      token: admin,
      body: { autoProvision: true },
    });
    const rec = emu.requests[before];
    assert.equal(rec.seq, before + 1);
    assert.equal(rec.service, 'ado');
    assert.equal(rec.identityId, SAMPLE_IDS.wifApp.identityId);
    assert.equal(rec.area, 'distributedtask');
    assert.equal(rec.resource, 'pools');
    assert.equal(rec.status, 200);
    assert.ok(emu.writeRequests().every((r) => r.service !== 'entra' && r.method !== 'GET'));
    assert.equal(emu.writeRequests().at(-1)?.path, `/contoso/_apis/distributedtask/pools/${SAMPLE_IDS.pools.linux}`);
  });
});
