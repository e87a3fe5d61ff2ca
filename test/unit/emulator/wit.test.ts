import { strict as assert } from 'node:assert';
import { startEmulator, sampleOrganization, SAMPLE_IDS, type Emulator, sharedEmulatorKeys } from '../../../emulator';
import { call, secretToken, wifToken, ADO_SCOPE } from './helpers';

const PATCH = { 'content-type': 'application/json-patch+json' };

describe('emulator: work item tracking routes', () => {
  let emu: Emulator;
  let admin: string;
  let reader: string;
  const project = () => `${emu.orgUrl}Platform/_apis/wit`;
  const create = (body: unknown, token = admin, type = 'Task', headers: Record<string, string> = PATCH) =>
    call(emu, 'POST', `${project()}/workitems/$${type}?api-version=7.1`, { token, body, headers });

  before(async () => {
    const seed = sampleOrganization();
    const platform = seed.projects.find((p) => p.name === 'Platform')!;
    platform.areaPaths = ['Platform\\Security', 'Platform\\Locked'];
    platform.workItemEditDenied = [{ areaPath: 'Platform\\Locked', identityId: SAMPLE_IDS.wifApp.identityId }];
    seed.projects.find((p) => p.name === 'Website')!.process = 'Basic';
    emu = await startEmulator({ keys: await sharedEmulatorKeys(), seed, realTimers: false });
    admin = await secretToken(emu, SAMPLE_IDS.wifApp.appId, SAMPLE_IDS.wifSecret, ADO_SCOPE);
    reader = await wifToken(emu, SAMPLE_IDS.connections.readerArm, SAMPLE_IDS.readerApp.appId, ADO_SCOPE);
  });
  after(() => emu.close());

  it('lists a type’s states with their categories, per process', async () => {
    const agile = await call(emu, 'GET', `${project()}/workitemtypes/Task/states?api-version=7.1`, { token: admin });
    assert.equal(agile.status, 200);
    assert.equal(agile.json.count, agile.json.value.length);
    assert.equal(agile.json.value.find((s: { category: string }) => s.category === 'Completed').name, 'Closed');
    const basic = await call(emu, 'GET', `${emu.orgUrl}Website/_apis/wit/workitemtypes/Task/states?api-version=7.1`, { token: admin });
    assert.equal(basic.json.value.find((s: { category: string }) => s.category === 'Completed').name, 'Done');
    const unknown = await call(emu, 'GET', `${project()}/workitemtypes/Risk/states?api-version=7.1`, { token: admin });
    assert.equal(unknown.status, 404);
    assert.equal(unknown.json.typeKey, 'WorkItemTypeNotFoundException');
  });

  it('creates with a JSON Patch only, validates title, area path and assignee, and finds the item by tag with WIQL', async () => {
    const wrongType = await create([{ op: 'add', path: '/fields/System.Title', value: 'x' }], admin, 'Task', {});
    assert.equal(wrongType.status, 415);
    assert.equal(wrongType.json.typeKey, 'VssRequestContentTypeNotSupportedException');
    assert.equal((await create([{ op: 'add', path: '/fields/System.Description', value: 'x' }])).json.typeKey, 'RuleValidationException');
    assert.equal((await create([{ op: 'add', path: '/fields/System.Title', value: 'x'.repeat(256) }])).status, 400);
    const badArea = await create([
      { op: 'add', path: '/fields/System.Title', value: 'x' },
      { op: 'add', path: '/fields/System.AreaPath', value: 'Platform\\Nowhere' },
    ]);
    assert.equal(badArea.json.typeKey, 'WorkItemTrackingTreeNodeNotFoundException');
    assert.equal(
      (
        await create([
          { op: 'add', path: '/fields/System.Title', value: 'x' },
          { op: 'add', path: '/fields/System.AssignedTo', value: 'nobody@contoso.com' },
        ])
      ).status,
      400,
    );
    assert.equal((await create([{ op: 'add', path: '/fields/Custom.Field', value: 'x' }])).json.typeKey, 'WorkItemFieldInvalidException');

    const created = await create([
      { op: 'add', path: '/fields/System.Title', value: 'Pool roles' },
      { op: 'add', path: '/fields/System.AreaPath', value: 'Platform\\Security' },
      { op: 'add', path: '/fields/System.Tags', value: 'pool-warden;pw-abc; pool-warden' },
    ]);
    assert.equal(created.status, 200, created.text);
    assert.equal(created.json.fields['System.State'], 'New');
    assert.equal(created.json.fields['System.Tags'], 'pool-warden; pw-abc');
    assert.equal(created.json.fields['System.CreatedBy'].id, SAMPLE_IDS.wifApp.identityId);

    const query = (wiql: string) => call(emu, 'POST', `${project()}/wiql?api-version=7.1&$top=50`, { token: admin, body: { query: wiql } });
    const found = await query(
      "SELECT [System.Id] FROM WorkItems WHERE [System.TeamProject] = @project AND [System.Tags] CONTAINS 'pw-abc' AND [System.State] NOT IN ('Closed', 'Removed')",
    );
    assert.equal(found.status, 200, found.text);
    assert.deepEqual(
      found.json.workItems.map((w: { id: number }) => w.id),
      [created.json.id],
    );
    assert.deepEqual((await query("SELECT [System.Id] FROM WorkItems WHERE [System.Tags] CONTAINS 'pw-ab'")).json.workItems, []);
    assert.equal((await query('SELECT [System.Id] FROM WorkItems WHERE [Custom.X] = 1')).status, 400);

    const got = await call(emu, 'GET', `${project()}/workitems?ids=${created.json.id}&fields=System.Tags,System.State&api-version=7.1`, {
      token: admin,
    });
    assert.deepEqual(Object.keys(got.json.value[0].fields).sort(), ['System.State', 'System.Tags']);
  });

  it('answers WIQL with the selected columns, the sort column and its direction', async () => {
    const tag = 'pw-sorted';
    const first = await create([
      { op: 'add', path: '/fields/System.Title', value: 'first' },
      { op: 'add', path: '/fields/System.Tags', value: tag },
    ]);
    const second = await create([
      { op: 'add', path: '/fields/System.Title', value: 'second' },
      { op: 'add', path: '/fields/System.Tags', value: tag },
    ]);
    const query = (wiql: string) => call(emu, 'POST', `${project()}/wiql?api-version=7.1`, { token: admin, body: { query: wiql } });
    const sorted = await query(
      `SELECT [System.Id], [system.title] FROM WorkItems WHERE [System.Tags] CONTAINS '${tag}' ORDER BY [System.Id] DESC`,
    );
    assert.equal(sorted.status, 200, sorted.text);
    assert.deepEqual(
      sorted.json.workItems.map((w: { id: number }) => w.id),
      [second.json.id, first.json.id],
    );
    assert.deepEqual(
      sorted.json.columns.map((c: { referenceName: string; name: string }) => [c.referenceName, c.name]),
      [
        ['System.Id', 'ID'],
        ['System.Title', 'Title'],
      ],
    );
    assert.deepEqual(
      sorted.json.sortColumns.map((c: { field: { referenceName: string }; descending: boolean }) => [c.field.referenceName, c.descending]),
      [['System.Id', true]],
    );
    const unsorted = await query(`SELECT [System.Id] FROM WorkItems WHERE [System.Tags] CONTAINS '${tag}'`);
    assert.equal(unsorted.json.sortColumns, undefined);
    const unknownColumn = await query(`SELECT [System.Id], [Custom.Risk] FROM WorkItems WHERE [System.Tags] CONTAINS '${tag}'`);
    assert.equal(unknownColumn.status, 400);
    assert.match(unknownColumn.json.message, /TF51005/);
  });

  it('updates, closes with a state of the type, and adds comments only with a -preview version', async () => {
    const created = await create([{ op: 'add', path: '/fields/System.Title', value: 'to close' }]);
    const url = `${project()}/workitems/${created.json.id}?api-version=7.1`;
    const badState = await call(emu, 'PATCH', url, {
      token: admin,
      headers: PATCH,
      body: [{ op: 'add', path: '/fields/System.State', value: 'Done' }],
    });
    assert.equal(badState.status, 400, 'Agile Task has no Done state');
    const closed = await call(emu, 'PATCH', url, {
      token: admin,
      headers: PATCH,
      body: [{ op: 'add', path: '/fields/System.State', value: 'Closed' }],
    });
    assert.equal(closed.json.fields['System.State'], 'Closed');
    assert.equal(closed.json.rev, 2);

    const comments = `${project()}/workItems/${created.json.id}/comments`;
    const ga = await call(emu, 'POST', `${comments}?api-version=7.1`, { token: admin, body: { text: 'hi' } });
    assert.equal(ga.status, 400);
    assert.equal(ga.json.typeKey, 'VssInvalidPreviewVersionException');
    const preview = await call(emu, 'POST', `${comments}?api-version=7.1-preview.4`, { token: admin, body: { text: 'hi' } });
    assert.equal(preview.status, 200, preview.text);
    assert.equal(preview.json.text, 'hi');
  });

  it('keeps the assignee of an assigned work item when a patch changes another field', async () => {
    const alice = emu.state.identity(SAMPLE_IDS.users.alice)!;
    const created = await create([
      { op: 'add', path: '/fields/System.Title', value: 'assigned' },
      { op: 'add', path: '/fields/System.AssignedTo', value: alice.principalName },
    ]);
    assert.equal(created.status, 200, created.text);
    const closed = await call(emu, 'PATCH', `${project()}/workitems/${created.json.id}?api-version=7.1`, {
      token: admin,
      headers: PATCH,
      body: [{ op: 'replace', path: '/fields/System.State', value: 'Closed' }],
    });
    assert.equal(closed.status, 200, closed.text);
    assert.equal(closed.json.fields['System.AssignedTo'].id, alice.id);
  });

  it('refuses a missing or unknown api-version', async () => {
    const missing = await call(emu, 'GET', `${project()}/workitemtypes/Task/states`, { token: admin });
    assert.equal(missing.status, 400);
    assert.equal(missing.json.typeKey, 'VssVersionNotSpecifiedException');
    const unknown = await call(emu, 'GET', `${project()}/workitemtypes/Task/states?api-version=9.1`, { token: admin });
    assert.equal(unknown.json.typeKey, 'VssVersionOutOfRangeException');
  });

  it('needs "Edit work items in this node": refused without the grant, or where the area denies it', async () => {
    const noGrant = await create([{ op: 'add', path: '/fields/System.Title', value: 'x' }], reader);
    assert.equal(noGrant.status, 403);
    assert.match(noGrant.json.message, /TF237111/);
    const locked = await create([
      { op: 'add', path: '/fields/System.Title', value: 'x' },
      { op: 'add', path: '/fields/System.AreaPath', value: 'Platform\\Locked' },
    ]);
    assert.equal(locked.status, 403, 'an explicit deny on the area beats Project Collection Administrators');
    assert.equal(locked.json.typeKey, 'WorkItemUnauthorizedAccessException');
  });
});
