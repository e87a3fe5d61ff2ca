import { strict as assert } from 'node:assert';
import { AdoApi } from '../../../tasks/common/ado/api';
import { RestClient } from '../../../tasks/common/http/client';
import { systemClock, type Logger } from '../../../tasks/common/model/context';
import { eventWindow } from '../../../tasks/common/pats/events';
import { readTokenEvents } from '../../../tasks/common/pats/events-read';
import { readPolicyPosture } from '../../../tasks/common/pats/posture-read';
import { warnUnreadable } from '../../../tasks/common/pats/posture-report';
import { FakeTransport, type FakeAnswer } from '../http/fake-transport';

const quiet: Logger = { info() {}, warn() {}, debug() {} };
const ORG = 'https://dev.example.test/contoso/';
const NOW = new Date('2026-06-15T12:00:00Z');

function api(answer: (url: URL) => FakeAnswer, maxRetries?: number): { ado: AdoApi; transport: FakeTransport } {
  const transport = new FakeTransport((request) => {
    const url = new URL(request.url);
    if (url.pathname.includes('/resourceAreas/')) {
      const audit = url.pathname.endsWith('94ff054d-5ee1-413d-9341-3f4a7827de2e');
      return { status: 200, body: { locationUrl: audit ? 'https://audit.example.test/contoso/' : 'https://vssps.example.test/contoso/' } };
    }
    return answer(url);
  });
  const credential = { getToken: async () => ({ token: 't', expiresOnTimestamp: Date.now() + 3_600_000 }) };
  const client = new RestClient({
    credential,
    scope: 's/.default',
    maxConcurrency: 4,
    maxRetries,
    logger: quiet,
    clock: systemClock,
    transport,
  });
  return { ado: new AdoApi(client, ORG, quiet), transport };
}

const denied = (status: number): FakeAnswer => ({ status, body: { message: 'Access denied.', typeKey: 'AccessCheckException' } });
const orgPage = (policies: object[]): FakeAnswer => ({
  status: 200,
  body: {
    fps: { dataProviders: { data: { 'ms.vss-admin-web.organization-policies-data-provider': { policies: { security: policies } } } } },
  },
});

describe('pats: reading policies and the audit log', () => {
  for (const status of [401, 403, 404, 405]) {
    it(`HTTP ${status} on the policies makes them unknown with the reason and the role (never an error)`, async () => {
      const { ado } = api((url) => (url.pathname.includes('TenantPolicy') ? denied(status) : orgPage([])));
      const posture = await readPolicyPosture(ado);
      assert.equal(posture.complete, false);
      const tenant = posture.policies.filter((p) => p.source === 'tenant');
      assert.equal(tenant.length, 4);
      assert.ok(
        tenant.every(
          (p) => p.state === 'unknown' && p.reason?.startsWith(`HTTP ${status}`) && /Azure DevOps Administrator/.test(p.readRole ?? ''),
        ),
      );
      // Absent from data that was read: unknown, but no read failed there.
      const org = posture.policies.filter((p) => p.source === 'organization');
      assert.ok(org.every((p) => p.state === 'unknown' && p.readRole === undefined));
    });
  }

  it('reads tenant policies on the vssps host without an api-version and organization policies from the settings data', async () => {
    const { ado, transport } = api((url) => {
      if (url.pathname.endsWith('TenantPolicy.RestrictPersonalAccessTokenLifespan')) {
        return { status: 200, body: { value: true, properties: { MaxPatLifespanInDays: 30 } } };
      }
      if (url.pathname.includes('TenantPolicy')) return { status: 200, body: { value: false, properties: {} } };
      return orgPage([
        { policy: { name: 'Policy.LogAuditEvents', value: true, effectiveValue: false } },
        {
          policy: {
            name: 'Policy.DisablePATCreation',
            value: true,
            properties: { allowedUsersAndGroupObjectIds: [{ displayName: 'Ops', objectId: '1' }] },
          },
        },
      ]);
    });
    const posture = await readPolicyPosture(ado);
    assert.equal(posture.complete, true);
    const byName = Object.fromEntries(posture.policies.map((p) => [p.name, [p.state, p.value]]));
    assert.deepEqual(byName['TenantPolicy.RestrictPersonalAccessTokenLifespan'], ['on', 30]);
    assert.deepEqual(byName['TenantPolicy.EnableLeakedPersonalAccessTokenAutoRevocation'], ['off', undefined]);
    assert.deepEqual(byName['Policy.LogAuditEvents'], ['off', undefined], 'effectiveValue wins');
    assert.deepEqual(byName['Policy.DisablePATCreation'], ['on', ['Ops']]);
    const tenantUrls = transport.sent.filter((r) => r.url.includes('TenantPolicy')).map((r) => new URL(r.url));
    assert.ok(tenantUrls.every((u) => u.host === 'vssps.example.test' && !u.searchParams.has('api-version')));
  });

  it('the settings page answering a sign-in page or data without the provider makes the organization policies unknown', async () => {
    for (const page of [
      { status: 200, body: '<html><body>Sign in</body></html>' },
      { status: 200, body: { fps: { dataProviders: { data: {} } } } },
    ]) {
      const { ado } = api((url) => (url.pathname.includes('TenantPolicy') ? { status: 200, body: { value: true } } : page));
      const posture = await readPolicyPosture(ado);
      assert.equal(posture.complete, false);
      const org = posture.policies.filter((p) => p.source === 'organization');
      assert.ok(org.length === 2 && org.every((p) => p.state === 'unknown' && /Project Collection Administrators/.test(p.readRole ?? '')));
    }
  });

  it('the location service not knowing the vssps or auditservice area (404) makes that part unknown with the reason', async () => {
    const transport = new FakeTransport((request) => {
      const url = new URL(request.url);
      if (url.pathname.includes('/resourceAreas/')) return { status: 404, body: { message: 'area not found' } };
      return orgPage([]);
    });
    const credential = { getToken: async () => ({ token: 't', expiresOnTimestamp: Date.now() + 3_600_000 }) };
    const client = new RestClient({ credential, scope: 's/.default', maxConcurrency: 4, logger: quiet, clock: systemClock, transport });
    const ado = new AdoApi(client, ORG, quiet);
    const posture = await readPolicyPosture(ado);
    assert.equal(posture.complete, false);
    const tenant = posture.policies.filter((p) => p.source === 'tenant');
    assert.ok(tenant.length === 4 && tenant.every((p) => p.state === 'unknown' && /resource area .*HTTP 404/.test(p.reason ?? '')));
    const events = await readTokenEvents(ado, eventWindow(NOW, 30));
    assert.equal(events.state, 'unknown');
    assert.match(events.reason ?? '', /audit resource area .*HTTP 404/);
  });

  it('a tenant policy answered with a sign-in page is unknown with the reason, like the organization policies', async () => {
    const { ado } = api((url) =>
      url.pathname.includes('TenantPolicy') ? { status: 200, body: '<html><body>Sign in</body></html>' } : orgPage([]),
    );
    const posture = await readPolicyPosture(ado);
    assert.equal(posture.complete, false);
    const tenant = posture.policies.filter((p) => p.source === 'tenant');
    assert.ok(tenant.length === 4 && tenant.every((p) => p.state === 'unknown' && /sign-in page/.test(p.reason ?? '') && p.readRole));
  });

  it('the lifespan policy on without a day limit: on, the limit unknown with the reason, posture incomplete, warned', async () => {
    const { ado } = api((url) =>
      url.pathname.includes('TenantPolicy') ? { status: 200, body: { value: true, properties: {} } } : orgPage([]),
    );
    const posture = await readPolicyPosture(ado);
    assert.equal(posture.complete, false);
    const lifespan = posture.policies.find((p) => p.name === 'TenantPolicy.RestrictPersonalAccessTokenLifespan');
    assert.equal(lifespan?.state, 'on');
    assert.equal(lifespan?.value, undefined);
    assert.match(lifespan?.reason ?? '', /no day limit.*PAT010 cannot judge it/);
    const warnings: string[] = [];
    warnUnreadable({ warning: (text) => warnings.push(text) }, posture, { state: 'skipped', entriesRead: 0, events: [] });
    assert.ok(warnings.some((w) => /Enforce maximum personal access token lifespan" is on, but the answer has no day limit/.test(w)));
  });

  it('a server error on a policy is not hidden as unknown', async () => {
    const { ado } = api(() => ({ status: 500, body: { message: 'bad' } }), 0);
    await assert.rejects(readPolicyPosture(ado), /HTTP 500/);
  });

  it('a 400 on an undocumented policy route is a refusal: unknown with the reason, never a failed run', async () => {
    const { ado } = api(() => ({ status: 400, body: { message: 'api-version needed', typeKey: 'VssVersionNotSpecifiedException' } }));
    const posture = await readPolicyPosture(ado);
    assert.equal(posture.complete, false);
    assert.ok(posture.policies.length > 0 && posture.policies.every((p) => p.state === 'unknown' && /HTTP 400/.test(p.reason ?? '')));
  });

  it('audit log: pages while hasMore with the same window, keeps PAT events only, reads the wrapper; 403 → unknown', async () => {
    const window = eventWindow(NOW, 30);
    const entry = (id: string, actionId: string) => ({ id, actionId, timestamp: '2026-06-10T00:00:00Z', data: { OwnerName: 'Jane' } });
    const { ado, transport } = api((url) => {
      const token = url.searchParams.get('continuationToken');
      if (!token)
        return {
          status: 200,
          body: {
            value: {
              decoratedAuditLogEntries: [entry('1', 'Token.PatCreateEvent'), entry('2', 'Library.AgentAdded')],
              continuationToken: 'c1',
              hasMore: true,
            },
          },
        };
      return {
        status: 200,
        body: { decoratedAuditLogEntries: [entry('3', 'Token.PatSystemRevokeEvent')], continuationToken: 'c2', hasMore: false },
      };
    });
    const read = await readTokenEvents(ado, window);
    assert.equal(read.state, 'read');
    assert.equal(read.entriesRead, 3);
    assert.deepEqual(
      read.events.map((e) => e.id),
      ['1', '3'],
    );
    const sent = transport.sent.filter((r) => r.url.includes('auditlog')).map((r) => new URL(r.url));
    assert.equal(sent.length, 2, 'stops when hasMore is false although a token came back');
    assert.ok(sent.every((u) => u.host === 'audit.example.test' && u.searchParams.get('api-version') === '7.1-preview.1'));
    assert.equal(new Set(sent.map((u) => `${u.searchParams.get('startTime')}|${u.searchParams.get('endTime')}`)).size, 1);

    const refused = await readTokenEvents(api(() => denied(403)).ado, window);
    assert.equal(refused.state, 'unknown');
    const warnings: string[] = [];
    warnUnreadable({ warning: (m: string) => warnings.push(m) }, undefined, refused);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /View audit log/);
    assert.deepEqual(await readTokenEvents(api(() => denied(500)).ado, undefined), { state: 'skipped', entriesRead: 0, events: [] });
  });
});
