import { strict as assert } from 'node:assert';
import { startEmulator, sampleOrganization, SAMPLE_IDS, type Emulator, sharedEmulatorKeys } from '../../../emulator';
import { call, secretToken, wifToken, ADO_SCOPE } from './helpers';

const AUDIT_AREA = '94ff054d-5ee1-413d-9341-3f4a7827de2e';

describe('emulator: tenant policies, organization policies and the audit log', () => {
  let emu: Emulator;
  let admin: string;
  let reader: string;
  const now = new Date();
  before(async () => {
    emu = await startEmulator({ keys: await sharedEmulatorKeys(), seed: sampleOrganization(now), realTimers: false });
    admin = await secretToken(emu, SAMPLE_IDS.wifApp.appId, SAMPLE_IDS.wifSecret, ADO_SCOPE);
    reader = await wifToken(emu, SAMPLE_IDS.connections.readerArm, SAMPLE_IDS.readerApp.appId, ADO_SCOPE);
  });
  after(() => emu.close());

  const window = () => {
    const end = emu.state.now();
    const start = new Date(end.getTime() - 30 * 86_400_000);
    return `startTime=${encodeURIComponent(start.toISOString())}&endTime=${encodeURIComponent(end.toISOString())}`;
  };

  it('the location service names the auditservice host by its documented area id', async () => {
    const res = await call(emu, 'GET', `${emu.orgUrl}_apis/resourceAreas/${AUDIT_AREA}?api-version=7.1-preview.1`);
    assert.equal(res.status, 200);
    assert.equal(res.json.locationUrl, emu.auditUrl);
  });

  it('tenant policy: {name, value, properties} with the allow list as a JSON string; unknown → 404; no grant → 403', async () => {
    const url = `${emu.vsspsUrl}_apis/TenantPolicy/Policies/TenantPolicy.RestrictPersonalAccessTokenLifespan`;
    const res = await call(emu, 'GET', url, { token: admin });
    assert.equal(res.status, 200);
    assert.equal(res.json.name, 'TenantPolicy.RestrictPersonalAccessTokenLifespan');
    assert.equal(res.json.value, true);
    assert.equal(typeof res.json.properties.AllowedUsersAndGroupObjectIds, 'string');
    assert.equal((await call(emu, 'GET', `${emu.vsspsUrl}_apis/TenantPolicy/Policies/TenantPolicy.Nope`, { token: admin })).status, 404);
    assert.equal((await call(emu, 'GET', url, { token: reader })).status, 403);
    assert.equal((await call(emu, 'GET', `${url}?api-version=9.9`, { token: admin })).status, 400);
  });

  it('organization policies: the settings data provider with effectiveValue; HTML without __rt=fps; no grant → 403', async () => {
    const url = `${emu.orgUrl}_settings/organizationPolicy`;
    const res = await call(emu, 'GET', `${url}?__rt=fps&__ver=2`, { token: admin });
    assert.equal(res.status, 200);
    const policies = res.json.fps.dataProviders.data['ms.vss-admin-web.organization-policies-data-provider'].policies;
    const oauth = policies.applicationConnection.find(
      (p: { policy: { name: string } }) => p.policy.name === 'Policy.DisallowOAuthAuthentication',
    );
    assert.deepEqual([oauth.policy.value, oauth.policy.effectiveValue], [false, true]);
    const page = await call(emu, 'GET', url, { token: admin });
    assert.match(String(page.headers['content-type']), /text\/html/);
    assert.equal((await call(emu, 'GET', `${url}?__rt=fps&__ver=2`, { token: reader })).status, 403);
  });

  it('audit log: preview only (7.1 → 400 VssInvalidPreviewVersionException), missing or unknown version → 400', async () => {
    const base = `${emu.auditUrl}_apis/audit/auditlog?${window()}`;
    const released = await call(emu, 'GET', `${base}&api-version=7.1`, { token: admin });
    assert.equal(released.status, 400);
    assert.equal(released.json.typeKey, 'VssInvalidPreviewVersionException');
    assert.equal((await call(emu, 'GET', base, { token: admin })).json.typeKey, 'VssVersionNotSpecifiedException');
    assert.equal(
      (await call(emu, 'GET', `${base}&api-version=9.9-preview.1`, { token: admin })).json.typeKey,
      'VssVersionOutOfRangeException',
    );
    assert.equal((await call(emu, 'GET', `${base}&api-version=7.1-preview.1`, { token: reader })).status, 403);
  });

  it('audit log: pages by hasMore with a token bound to the same start and end; newest first; a token on every page', async () => {
    const base = `${emu.auditUrl}_apis/audit/auditlog?${window()}&api-version=7.1-preview.1&batchSize=1000`;
    const ids: string[] = [];
    const times: number[] = [];
    let token: string | undefined;
    let pages = 0;
    let last: any;
    do {
      const res = await call(emu, 'GET', `${base}${token ? `&continuationToken=${token}` : ''}`, { token: admin });
      assert.equal(res.status, 200);
      last = res.json;
      ids.push(...res.json.decoratedAuditLogEntries.map((e: { id: string }) => e.id));
      times.push(...res.json.decoratedAuditLogEntries.map((e: { timestamp: string }) => Date.parse(e.timestamp)));
      assert.ok(res.json.decoratedAuditLogEntries.length <= 4, 'maxBatchSize caps a page');
      token = res.json.hasMore ? res.json.continuationToken : undefined;
      pages++;
    } while (token);
    assert.ok(last.continuationToken, 'the last page still carries a token: only hasMore ends the paging');
    assert.equal(pages, Math.ceil(ids.length / 4));
    assert.equal(new Set(ids).size, ids.length);
    assert.deepEqual(
      times,
      [...times].sort((a, b) => b - a),
      'newest first',
    );
    const all = emu.state.org.auditLog!.entries.filter((e) => Date.parse(e.timestamp) >= emu.state.now().getTime() - 30 * 86_400_000);
    assert.equal(ids.length, all.length, 'the 45-day-old event is outside the window');

    const first = await call(emu, 'GET', base, { token: admin });
    const moved = `${emu.auditUrl}_apis/audit/auditlog?startTime=2026-11-01T00:00:00Z&endTime=2026-12-01T00:00:00Z&api-version=7.1-preview.1&continuationToken=${first.json.continuationToken}`;
    assert.equal((await call(emu, 'GET', moved, { token: admin })).status, 400, 'a token belongs to its window');
  });

  it('audit log: the wrapper variant answers {value: {...}}', async () => {
    emu.state.org.auditLog!.wrapResponse = true;
    try {
      const res = await call(emu, 'GET', `${emu.auditUrl}_apis/audit/auditlog?${window()}&api-version=7.2-preview.1`, { token: admin });
      assert.equal(res.status, 200);
      assert.ok(Array.isArray(res.json.value.decoratedAuditLogEntries));
      assert.equal(typeof res.json.value.hasMore, 'boolean');
    } finally {
      emu.state.org.auditLog!.wrapResponse = false;
    }
  });
});
