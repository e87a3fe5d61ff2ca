/**
 * The emulator refuses what the real services refuse (issue 12): api-version rules, non-canonical paths, and it serves
 * the shapes of the official examples that clients must cope with (bare role holders, legacy member descriptors).
 */
import { strict as assert } from 'node:assert';
import { startEmulator, sampleOrganization, SAMPLE_IDS, type Emulator, sharedEmulatorKeys } from '../../../emulator';
import { apiVersionError, type Route } from '../../../emulator/router';
import { call, secretToken, ADO_SCOPE, ARM_SCOPE } from './helpers';

const PREVIEW = 'api-version=7.1-preview.1';

describe('emulator: as strict as the service', () => {
  let emu: Emulator;
  let admin: string;
  before(async () => {
    emu = await startEmulator({ keys: await sharedEmulatorKeys(), seed: sampleOrganization(), realTimers: false });
    admin = await secretToken(emu, SAMPLE_IDS.wifApp.appId, SAMPLE_IDS.wifSecret, ADO_SCOPE);
  });
  after(() => emu.close());

  const descriptorOf = (id: string) => emu.state.identity(id)!.descriptor;

  /** The preview-only resources the tasks call, each with a URL minus its api-version. */
  function previewOnly(): { name: string; method: string; url: string; body?: unknown }[] {
    const alice = descriptorOf(SAMPLE_IDS.users.alice);
    return [
      {
        name: 'security roles',
        method: 'GET',
        url: `${emu.orgUrl}_apis/securityroles/scopes/distributedtask.agentpoolrole/roleassignments/resources/${SAMPLE_IDS.pools.default}`,
      },
      {
        name: 'pipeline permissions',
        method: 'GET',
        url: `${emu.orgUrl}Platform/_apis/pipelines/pipelinePermissions/queue/${SAMPLE_IDS.queues.platformDefault}`,
      },
      {
        name: 'subject lookup',
        method: 'POST',
        url: `${emu.vsspsUrl}_apis/graph/subjectlookup`,
        body: { lookupKeys: [{ descriptor: alice }] },
      },
      { name: 'memberships', method: 'GET', url: `${emu.vsspsUrl}_apis/graph/Memberships/${descriptorOf(SAMPLE_IDS.groups.opsTeam)}` },
      { name: 'membership states', method: 'GET', url: `${emu.vsspsUrl}_apis/graph/membershipstates/${alice}` },
      { name: 'users', method: 'GET', url: `${emu.vsspsUrl}_apis/graph/users` },
    ];
  }

  it('answers 400 VssInvalidPreviewVersionException in the Azure DevOps error shape to a preview-only resource asked without -preview', async () => {
    for (const route of previewOnly()) {
      const refused = await call(emu, route.method, `${route.url}?api-version=7.1`, { token: admin, body: route.body });
      assert.equal(refused.status, 400, route.name);
      assert.deepEqual(Object.keys(refused.json), ['$id', 'innerException', 'message', 'typeName', 'typeKey', 'errorCode', 'eventId']);
      assert.equal(refused.json.typeKey, 'VssInvalidPreviewVersionException', route.name);
      assert.equal(
        refused.json.typeName,
        'Microsoft.VisualStudio.Services.WebApi.VssInvalidPreviewVersionException, Microsoft.VisualStudio.Services.WebApi',
      );
      assert.match(refused.json.message, /under preview/);
      const accepted = await call(emu, route.method, `${route.url}?${PREVIEW}`, { token: admin, body: route.body });
      assert.equal(accepted.status, 200, `${route.name}: ${accepted.text}`);
    }
  });

  it('answers 400 to a missing, malformed or too new api-version on every Azure DevOps route, and reads it from Accept too', async () => {
    const pools = `${emu.orgUrl}_apis/distributedtask/pools`;
    const missing = await call(emu, 'GET', pools, { token: admin });
    assert.deepEqual([missing.status, missing.json.typeKey], [400, 'VssVersionNotSpecifiedException']);
    const malformed = await call(emu, 'GET', `${pools}?api-version=latest`, { token: admin });
    assert.deepEqual([malformed.status, malformed.json.typeKey], [400, 'VssInvalidApiResourceVersionException']);
    const tooNew = await call(emu, 'GET', `${pools}?api-version=9.0`, { token: admin });
    assert.deepEqual([tooNew.status, tooNew.json.typeKey], [400, 'VssVersionOutOfRangeException']);
    const unreleased = await call(emu, 'GET', `${pools}?api-version=7.2`, { token: admin });
    assert.deepEqual([unreleased.status, unreleased.json.typeKey], [400, 'VssInvalidPreviewVersionException']);
    const tokens = `${emu.vsspsUrl}_apis/tokenadmin/personalaccesstokens/${descriptorOf(SAMPLE_IDS.users.oscar)}`;
    assert.equal((await call(emu, 'GET', tokens, { token: admin })).status, 400);
    assert.equal((await call(emu, 'GET', `${tokens}?api-version=7.1`, { token: admin })).status, 200);
    const byHeader = await call(emu, 'GET', pools, { token: admin, headers: { accept: 'application/json;api-version=7.2-preview.1' } });
    assert.equal(byHeader.status, 200);
  });

  it('answers 404 to a path with a trailing slash or an empty segment (Azure DevOps, vssps, ARM)', async () => {
    const arm = await secretToken(emu, SAMPLE_IDS.wifApp.appId, SAMPLE_IDS.wifSecret, ARM_SCOPE);
    const set = emu.state.org.scaleSets[0];
    const scaleSet = `${emu.armUrl}${emu.state.scaleSetId(set).replace(/^\//, '')}`;
    const cases: [string, string, string][] = [
      [`${emu.orgUrl}_apis/projects`, '?api-version=7.1', admin],
      [`${emu.vsspsUrl}_apis/graph/users`, `?${PREVIEW}`, admin],
      [scaleSet, '?api-version=2024-07-01', arm],
    ];
    for (const [url, query, token] of cases) {
      assert.equal((await call(emu, 'GET', `${url}${query}`, { token })).status, 200, url);
      const slash = await call(emu, 'GET', `${url}/${query}`, { token });
      assert.equal(slash.status, 404, `${url}/`);
      const doubled = await call(emu, 'GET', `${url.replace('/_apis/', '//_apis/').replace('/providers/', '//providers/')}${query}`, {
        token,
      });
      assert.equal(doubled.status, 404, `${url} with an empty segment`);
    }
  });

  it('serves people as bare role holders (no descriptor, no isContainer) and groups with both, as the official example', async () => {
    const url = `${emu.orgUrl}_apis/securityroles/scopes/distributedtask.globalagentpoolrole/roleassignments/resources/0?${PREVIEW}`;
    const holders = (await call(emu, 'GET', url, { token: admin })).json.value.map(
      (a: { identity: Record<string, unknown> }) => a.identity,
    ) as Record<string, unknown>[];
    const bare = holders.filter((h) => emu.state.identity(String(h.id))?.kind !== 'group');
    const groups = holders.filter((h) => emu.state.identity(String(h.id))?.kind === 'group');
    assert.ok(bare.length > 0 && groups.length > 0, 'the sample has both kinds of holder');
    for (const holder of bare) assert.deepEqual(Object.keys(holder).sort(), ['displayName', 'id', 'uniqueName']);
    for (const holder of groups) assert.deepEqual([typeof holder.descriptor, holder.isContainer], ['string', true]);
  });

  it('lists people in memberships by legacy identity descriptor and resolves those through subject lookup', async () => {
    const ops = descriptorOf(SAMPLE_IDS.groups.opsTeam);
    const down = await call(emu, 'GET', `${emu.vsspsUrl}_apis/graph/Memberships/${ops}?${PREVIEW}&direction=down&depth=1`, {
      token: admin,
    });
    const members: string[] = down.json.value.map((m: { memberDescriptor: string }) => m.memberDescriptor);
    const legacy = members.filter((d) => !d.includes('.'));
    assert.ok(legacy.length > 0);
    assert.ok(
      legacy.every((d) => Buffer.from(d, 'base64url').toString('utf8').startsWith('Microsoft.IdentityModel.Claims.ClaimsIdentity;')),
    );
    const lookup = await call(emu, 'POST', `${emu.vsspsUrl}_apis/graph/subjectlookup?${PREVIEW}`, {
      token: admin,
      body: { lookupKeys: members.map((descriptor) => ({ descriptor })) },
    });
    assert.equal(lookup.status, 200);
    assert.deepEqual(Object.keys(lookup.json.value).sort(), [...members].sort(), 'keyed by the descriptors asked for');
    for (const key of legacy) assert.match(lookup.json.value[key].descriptor, /^aad\./, 'each answer carries its subject descriptor');
  });

  it('serves pools as TaskAgentPool, without _links', async () => {
    const pools = await call(emu, 'GET', `${emu.orgUrl}_apis/distributedtask/pools?api-version=7.1`, { token: admin });
    assert.ok(pools.json.value.length > 0);
    assert.ok(pools.json.value.every((p: Record<string, unknown>) => !('_links' in p)));
  });

  it("declares a route's api-version rule in one field: released, preview, none or an ARM-style list", () => {
    const route = (service: Route['service'], apiVersion?: Route['apiVersion']): Route => ({
      method: 'GET',
      service,
      template: '/x',
      apiVersion,
      handler: () => ({ status: 200 }),
    });
    const status = (r: Route, version?: string) => apiVersionError(r, 'GET', version)?.status ?? 200;
    const code = (r: Route, version?: string) => (apiVersionError(r, 'GET', version)?.body as { error?: { code: string } })?.error?.code;
    assert.deepEqual(
      ['7.1', '7.1-preview.1', '7.2-preview', '6.0', '7.2', undefined].map((v) => status(route('ado'), v)),
      [200, 200, 200, 200, 400, 400],
    );
    assert.deepEqual(
      ['7.1', '7.1-preview.1'].map((v) => status(route('vssps', 'preview'), v)),
      [400, 200],
    );
    assert.equal(status(route('entra')), 200, 'Entra has no api-version');
    const arm = route('arm', ['2024-07-01']);
    assert.deepEqual(
      [status(arm, '2024-07-01'), code(arm), code(arm, '2099-01-01')],
      [200, 'MissingApiVersionParameter', 'InvalidApiVersionParameter'],
    );
  });
});
