import { strict as assert } from 'node:assert';
import { startEmulator, sampleOrganization, SAMPLE_CHECK_IDS, SAMPLE_IDS, type Emulator, sharedEmulatorKeys } from '../../../emulator';
import { call, secretToken, ADO_SCOPE } from './helpers';

describe('emulator: checks, build definitions and branch policies', () => {
  let emu: Emulator;
  let admin: string;
  const platform = SAMPLE_IDS.projects.platform;
  const queue = (id: number) => ({ type: 'queue', id: String(id), name: 'q' });
  before(async () => {
    emu = await startEmulator({ keys: await sharedEmulatorKeys(), seed: sampleOrganization(), realTimers: false });
    admin = await secretToken(emu, SAMPLE_IDS.wifApp.appId, SAMPLE_IDS.wifSecret, ADO_SCOPE);
  });
  after(() => emu.close());

  const query = (qs: string, body: unknown) =>
    call(emu, 'POST', `${emu.orgUrl}${platform}/_apis/pipelines/checks/queryconfigurations?${qs}`, { token: admin, body });

  it('answers the batch query for several queues, with settings only when $expand=settings', async () => {
    const body = [queue(SAMPLE_IDS.queues.platformDefault), queue(SAMPLE_IDS.queues.platformSelfManaged)];
    const expanded = await query('$expand=settings&api-version=7.1-preview.1', body);
    assert.equal(expanded.status, 200, expanded.text);
    assert.equal(expanded.json.count, 4);
    const approval = expanded.json.value.find((c: any) => c.id === SAMPLE_CHECK_IDS.checks.platformApproval);
    assert.equal(approval.type.id, '8c6f20a7-a545-4486-9777-f762fafe0d4d');
    assert.equal(approval.settings.approvers[0].displayName, 'Project Administrators', 'approvers are IdentityRefs');
    assert.equal(approval.resource.type, 'queue');
    const disabled = expanded.json.value.find((c: any) => c.id === SAMPLE_CHECK_IDS.checks.selfManagedDisabledApproval);
    assert.equal(disabled.isDisabled, true);
    const plain = await query('api-version=7.1-preview.1', body);
    assert.ok(
      plain.json.value.every((c: any) => c.settings === undefined),
      'no settings without $expand',
    );
  });

  it('answers the per-resource GET for one queue', async () => {
    const res = await call(
      emu,
      'GET',
      `${emu.orgUrl}${platform}/_apis/pipelines/checks/configurations?resourceType=queue&resourceId=${SAMPLE_IDS.queues.platformElastic}&$expand=settings&api-version=7.1-preview.1`,
      { token: admin },
    );
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(
      res.json.value.map((c: any) => c.settings.definitionRef.id),
      ['86b05a0c-73e6-4f7d-b3cf-e38f3b39a75b'],
    );
  });

  it('refuses a missing, unknown or non-preview api-version on the preview-only checks routes', async () => {
    const body = [queue(SAMPLE_IDS.queues.platformDefault)];
    const missing = await query('$expand=settings', body);
    assert.equal(missing.status, 400);
    assert.equal(missing.json.typeKey, 'VssVersionNotSpecifiedException');
    const unknown = await query('api-version=9.9-preview.1', body);
    assert.equal(unknown.json.typeKey, 'VssVersionOutOfRangeException');
    const ga = await query('api-version=7.1', body);
    assert.equal(ga.status, 400);
    assert.equal(ga.json.typeKey, 'VssInvalidPreviewVersionException');
    const badExpand = await query('$expand=everything&api-version=7.1-preview.1', body);
    assert.equal(badExpand.status, 400);
  });

  it('needs checks:read to read checks (the reader app has it, a project Contributor does not)', async () => {
    const contributors = emu.state.org.identities.find((i) => i.id === SAMPLE_IDS.groups.platformContributors)!;
    assert.ok(!emu.state.hasGrant(contributors.id, 'checks:read'));
    assert.ok(emu.state.hasGrant(SAMPLE_IDS.readerApp.identityId, 'checks:read'));
    assert.ok(!emu.state.hasGrant(SAMPLE_IDS.readerApp.identityId, 'checks:manage'));
  });

  it('serves a build definition with its repository and default branch (GA version; missing version refused)', async () => {
    const url = `${emu.orgUrl}${platform}/_apis/build/definitions/${SAMPLE_CHECK_IDS.pipelines.platformDeploy}`;
    const res = await call(emu, 'GET', `${url}?api-version=7.1`, { token: admin });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.repository.type, 'TfsGit');
    assert.equal(res.json.repository.defaultBranch, 'refs/heads/main');
    assert.equal(res.json.process.type, 2);
    assert.equal((await call(emu, 'GET', url, { token: admin })).status, 400);
    const missing = await call(emu, 'GET', `${emu.orgUrl}${platform}/_apis/build/definitions/999?api-version=7.1`, { token: admin });
    assert.equal(missing.status, 404);
  });

  it('lists the branch policies that apply to a branch (exact scopes), and finds repositories by name', async () => {
    const { infra, templates } = SAMPLE_CHECK_IDS.repositories;
    const policies = (repo: string, ref: string) =>
      call(emu, 'GET', `${emu.orgUrl}${platform}/_apis/git/policy/configurations?repositoryId=${repo}&refName=${ref}&api-version=7.1`, {
        token: admin,
      });
    const infraMain = await policies(infra, 'refs/heads/main');
    assert.deepEqual(infraMain.json.value.map((p: any) => p.id).sort(), [102, 103]);
    assert.equal((await policies(templates, 'refs/heads/release')).json.value[0].isBlocking, false);
    assert.equal((await policies(infra, 'refs/heads/other')).json.count, 0);
    const first = await call(
      emu,
      'GET',
      `${emu.orgUrl}${platform}/_apis/git/policy/configurations?repositoryId=${infra}&refName=refs/heads/main&$top=1&api-version=7.1`,
      { token: admin },
    );
    assert.deepEqual(
      first.json.value.map((p: any) => p.id),
      [102],
    );
    const token = first.headers['x-ms-continuationtoken'];
    assert.equal(token, '102');
    const second = await call(
      emu,
      'GET',
      `${emu.orgUrl}${platform}/_apis/git/policy/configurations?repositoryId=${infra}&refName=refs/heads/main&$top=1&continuationToken=${token}&api-version=7.1`,
      { token: admin },
    );
    assert.deepEqual(
      second.json.value.map((p: any) => p.id),
      [103],
    );
    assert.equal(second.headers['x-ms-continuationtoken'], undefined);
    const repo = await call(emu, 'GET', `${emu.orgUrl}Platform/_apis/git/repositories/pipeline-templates?api-version=7.1`, {
      token: admin,
    });
    assert.equal(repo.json.id, templates);
  });

  it('adds a check configuration (checks:manage) that the batch query then returns', async () => {
    const created = await call(emu, 'POST', `${emu.orgUrl}${platform}/_apis/pipelines/checks/configurations?api-version=7.1-preview.1`, {
      token: admin,
      body: {
        type: { id: 'fe1de3ee-a436-41b4-bb20-f6eb4cb879a7', name: 'Task Check' },
        settings: { displayName: 'Branch control', definitionRef: { id: '86b05a0c-73e6-4f7d-b3cf-e38f3b39a75b' }, inputs: {} },
        resource: { type: 'queue', id: String(SAMPLE_IDS.queues.platformLinux) },
      },
    });
    assert.equal(created.status, 200, created.text);
    const after = await query('$expand=settings&api-version=7.1-preview.1', [queue(SAMPLE_IDS.queues.platformLinux)]);
    assert.ok(after.json.value.some((c: any) => c.id === created.json.id));
  });
});
