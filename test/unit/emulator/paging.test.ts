import { strict as assert } from 'node:assert';
import { startEmulator, sampleOrganization, SAMPLE_IDS, type Emulator, sharedEmulatorKeys } from '../../../emulator';
import { call, secretToken, wifToken, ADO_SCOPE, ARM_SCOPE } from './helpers';

describe('emulator: paging (header, body, nextLink) and token admin', () => {
  let emu: Emulator;
  let admin: string;
  before(async () => {
    emu = await startEmulator({
      keys: await sharedEmulatorKeys(),
      seed: sampleOrganization(),
      realTimers: false,
      paging: { graphPageSize: 4, armPageSize: 1, projectsPageSize: 2 },
    });
    admin = await secretToken(emu, SAMPLE_IDS.wifApp.appId, SAMPLE_IDS.wifSecret, ADO_SCOPE);
  });
  after(() => emu.close());

  it('pages graph users through the X-MS-ContinuationToken header', async () => {
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const url = `${emu.vsspsUrl}_apis/graph/users?subjectTypes=aad,msa&api-version=7.1-preview.1${token ? `&continuationToken=${encodeURIComponent(token)}` : ''}`;
      const res = await call(emu, 'GET', url, { token: admin });
      assert.equal(res.status, 200);
      seen.push(...res.json.value.map((u: { descriptor: string }) => u.descriptor));
      token = res.headers['x-ms-continuationtoken'] as string | undefined;
      pages++;
    } while (token);
    assert.equal(pages, 3);
    assert.equal(seen.length, 12);
    assert.ok(seen.every((d) => d.startsWith('aad.') || d.startsWith('msa.')));
  });

  it('resolves storage keys, descriptors, membership state and memberships', async () => {
    const judy = SAMPLE_IDS.users.judy;
    const descriptor = (await call(emu, 'GET', `${emu.vsspsUrl}_apis/graph/descriptors/${judy}?api-version=7.1`, { token: admin })).json
      .value;
    assert.match(descriptor, /^aad\./);
    assert.equal(
      (await call(emu, 'GET', `${emu.vsspsUrl}_apis/graph/storagekeys/${descriptor}?api-version=7.1`, { token: admin })).json.value,
      judy,
    );
    assert.equal(
      (await call(emu, 'GET', `${emu.vsspsUrl}_apis/graph/membershipstates/${descriptor}?api-version=7.1-preview.1`, { token: admin })).json
        .active,
      false,
    );
    assert.equal(
      (
        await call(emu, 'GET', `${emu.vsspsUrl}_apis/graph/descriptors/${SAMPLE_IDS.unresolvableIdentity}?api-version=7.1`, {
          token: admin,
        })
      ).status,
      404,
    );
    const ops = emu.state.identity(SAMPLE_IDS.groups.opsTeam)!.descriptor;
    const down = await call(emu, 'GET', `${emu.vsspsUrl}_apis/graph/Memberships/${ops}?api-version=7.1-preview.1&direction=down&depth=1`, {
      token: admin,
    });
    assert.equal(down.json.count, 2);
    assert.ok(down.json.value.every((m: { containerDescriptor: string }) => m.containerDescriptor === ops));
  });

  it('pages token admin results in the body with zone-less dates, and revocation removes tokens', async () => {
    const oscar = emu.state.identity(SAMPLE_IDS.users.oscar)!.descriptor;
    const ids: string[] = [];
    let continuation: string | null = null;
    let pages = 0;
    do {
      const url: string = `${emu.vsspsUrl}_apis/tokenadmin/personalaccesstokens/${oscar}?pageSize=2&isPublic=false&api-version=7.1${continuation ? `&continuationToken=${continuation}` : ''}`;
      const res = await call(emu, 'GET', url, { token: admin });
      assert.equal(res.status, 200);
      ids.push(...res.json.value.map((t: { authorizationId: string }) => t.authorizationId));
      assert.ok(
        res.json.value.every(
          (t: { validTo: string; token: null }) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/.test(t.validTo) && t.token === null,
        ),
      );
      continuation = res.json.continuationToken;
      pages++;
    } while (continuation);
    assert.equal(pages, 3);
    assert.equal(ids.length, 5);

    const revoke = await call(emu, 'POST', `${emu.vsspsUrl}_apis/tokenadmin/revocations?api-version=7.1`, {
      token: admin,
      body: ids.slice(0, 2).map((authorizationId) => ({ authorizationId })),
    });
    assert.equal(revoke.status, 204);
    const after = await call(emu, 'GET', `${emu.vsspsUrl}_apis/tokenadmin/personalaccesstokens/${oscar}?api-version=7.1&pageSize=100`, {
      token: admin,
    });
    assert.deepEqual(
      after.json.value.map((t: { authorizationId: string }) => t.authorizationId),
      ids.slice(2),
    );
  });

  it('caps token admin pages at tokenAdminMaxPageSize whatever pageSize asks', async () => {
    const capped = await startEmulator({
      keys: await sharedEmulatorKeys(),
      seed: sampleOrganization(),
      realTimers: false,
      paging: { tokenAdminMaxPageSize: 2 },
    });
    try {
      const token = await secretToken(capped, SAMPLE_IDS.wifApp.appId, SAMPLE_IDS.wifSecret, ADO_SCOPE);
      const oscar = capped.state.identity(SAMPLE_IDS.users.oscar)!.descriptor;
      const first = await call(
        capped,
        'GET',
        `${capped.vsspsUrl}_apis/tokenadmin/personalaccesstokens/${oscar}?api-version=7.1&pageSize=100&isPublic=false`,
        { token },
      );
      assert.equal(first.json.value.length, 2);
      assert.ok(first.json.continuationToken);
    } finally {
      await capped.close();
    }
  });

  it('shows global PATs with targetAccounts null and answers 401 to callers without token admin rights', async () => {
    const alice = emu.state.identity(SAMPLE_IDS.users.alice)!.descriptor;
    const res = await call(emu, 'GET', `${emu.vsspsUrl}_apis/tokenadmin/personalaccesstokens/${alice}?api-version=7.1`, { token: admin });
    assert.equal(res.json.value.find((t: { displayName: string }) => t.displayName === 'everywhere').targetAccounts, null);
    const reader = await wifToken(emu, SAMPLE_IDS.connections.readerArm, SAMPLE_IDS.readerApp.appId, ADO_SCOPE);
    assert.equal(
      (await call(emu, 'GET', `${emu.vsspsUrl}_apis/tokenadmin/personalaccesstokens/${alice}?api-version=7.1`, { token: reader })).status,
      401,
    );
    assert.equal(
      (await call(emu, 'GET', `${emu.vsspsUrl}_apis/tokenadmin/personalaccesstokens/aad.bm9ib2R5?api-version=7.1`, { token: admin }))
        .status,
      404,
    );
  });

  it('pages projects with $top and the x-ms-continuationtoken header', async () => {
    const first = await call(emu, 'GET', `${emu.orgUrl}_apis/projects?api-version=7.1`, { token: admin });
    assert.equal(first.json.count, 2);
    const next = first.headers['x-ms-continuationtoken'] as string;
    const second = await call(emu, 'GET', `${emu.orgUrl}_apis/projects?api-version=7.1&continuationToken=${next}`, { token: admin });
    assert.equal(second.json.count, 1);
    assert.equal(second.headers['x-ms-continuationtoken'], undefined);
  });

  it('caps a projects page at projectsMaxTop whatever $top asks', async () => {
    const capped = await startEmulator({
      keys: await sharedEmulatorKeys(),
      seed: sampleOrganization(),
      realTimers: false,
      paging: { projectsMaxTop: 1 },
    });
    try {
      const token = await secretToken(capped, SAMPLE_IDS.wifApp.appId, SAMPLE_IDS.wifSecret, ADO_SCOPE);
      const first = await call(capped, 'GET', `${capped.orgUrl}_apis/projects?api-version=7.1&$top=500`, { token });
      assert.equal(first.json.count, 1);
      assert.equal(first.headers['x-ms-continuationtoken'], '1');
    } finally {
      await capped.close();
    }
  });

  it('pages ARM scale set instances through nextLink', async () => {
    const arm = await secretToken(emu, SAMPLE_IDS.wifApp.appId, SAMPLE_IDS.wifSecret, ARM_SCOPE);
    let url: string | undefined =
      `${emu.armUrl}subscriptions/${SAMPLE_IDS.subscriptionId}/resourceGroups/rg-agents/providers/Microsoft.Compute/virtualMachineScaleSets/vmss-selfmanaged/virtualMachines?api-version=2024-07-01`;
    const names: string[] = [];
    while (url) {
      const res = await call(emu, 'GET', url, { token: arm });
      assert.equal(res.status, 200);
      names.push(
        ...res.json.value.map((v: { properties: { osProfile: { computerName: string } } }) => v.properties.osProfile.computerName),
      );
      url = res.json.nextLink;
    }
    assert.deepEqual(names, ['vmsssm000000', 'vmsssm000001', 'vmsssm000002']);
  });
});
