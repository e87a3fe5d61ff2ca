import { strict as assert } from 'node:assert';
import { POOL_WORK_ITEM_GROUPING } from '../../../tasks/common/audit/work-item-groups';
import type { FieldPatch, WorkItemRecord } from '../../../tasks/common/ado/work-items';
import { HttpError } from '../../../tasks/common/http/errors';
import type { Finding } from '../../../tasks/common/model/finding';
import { PAT_WORK_ITEM_GROUPING } from '../../../tasks/common/pats/work-item-groups';
import { groupFindings } from '../../../tasks/common/workitems/groups';
import { parseWorkItemInputs, type WorkItemInputs } from '../../../tasks/common/workitems/inputs';
import { planWorkItems, type ExistingItem } from '../../../tasks/common/workitems/plan';
import { itemDescription, listedEntries } from '../../../tasks/common/workitems/render';
import { syncWorkItems, type WorkItemPort } from '../../../tasks/common/workitems/sync';
import { patFinding, poolFinding } from '../policy/fixtures';
import { HOSTILE_NAMES, RULES } from '../report/fixtures';

const agentFinding = poolFinding({
  ruleId: 'POOL009',
  severity: 'high',
  resource: { kind: 'agent', id: '4', name: 'lnx-04', parent: { kind: 'pool', id: '12', name: 'Linux-Prod' } },
  principal: undefined,
});
const context = { task: 'PoolRoleAudit', organization: 'contoso', rules: RULES, assignToOwner: false, complete: true };
const groups = (findings: Finding[], minSeverity: 'low' | 'high' = 'high') =>
  groupFindings(findings, {
    mode: 'perOwner',
    task: 'PoolRoleAudit',
    organization: 'contoso',
    minSeverity,
    grouping: POOL_WORK_ITEM_GROUPING,
  });

/** What an earlier run left: the work item of a group as it wrote it. */
function existingFor(findings: Finding[], id = 7): ExistingItem {
  const [group] = groups(findings);
  return {
    id,
    key: group.key,
    title: `Pool Warden PoolRoleAudit: ${group.label}`,
    description: itemDescription('PoolRoleAudit', 'contoso', group, RULES),
  };
}

describe('work items: inputs', () => {
  const reader = (values: Record<string, string>) => (name: string) => values[name];
  it('none by default; the pipeline project by default; errors name the input', () => {
    assert.equal(parseWorkItemInputs(reader({})), undefined);
    assert.deepEqual(parseWorkItemInputs(reader({ workItems: 'perowner' }), 'Platform'), {
      mode: 'perOwner',
      project: 'Platform',
      type: 'Task',
      areaPath: undefined,
      tag: 'pool-warden',
      severity: 'high',
      assignToOwner: false,
    });
    assert.throws(
      () => parseWorkItemInputs(reader({ workItems: 'perPool' })),
      /Input 'workItems' must be one of none, perFinding, perOwner/,
    );
    assert.throws(() => parseWorkItemInputs(reader({ workItems: 'perFinding' })), /Input 'workItemProject' is required/);
    assert.throws(() => parseWorkItemInputs(reader({ workItems: 'perFinding', workItemTag: 'a;b' }), 'P'), /Input 'workItemTag'/);
    assert.throws(
      () => parseWorkItemInputs(reader({ workItems: 'perFinding', workItemAreaPath: 'Other\\Security' }), 'Platform'),
      /Input 'workItemAreaPath' must be an area path of project 'Platform'/,
    );
  });
});

describe('work items: groups and plan', () => {
  it('groups a pool and its agents into one work item, skips exempted and lower findings, keys survive renames', () => {
    const exempted = poolFinding({ ruleId: 'POOL003', exemption: { reason: 'ok', expires: '2099-01-01' } });
    const low = poolFinding({ ruleId: 'POOL004', severity: 'low' });
    const [group, ...rest] = groups([poolFinding(), agentFinding, exempted, low]);
    assert.equal(rest.length, 0);
    assert.equal(group.entries.length, 2);
    assert.equal(group.label, 'pool Linux-Prod');
    const renamed = poolFinding({ resource: { kind: 'pool', id: '12', name: 'Renamed' } });
    assert.equal(groups([renamed])[0].key, group.key);
    assert.notEqual(groups([poolFinding({ resource: { kind: 'pool', id: '13', name: 'Linux-Prod' } })])[0].key, group.key);
  });

  it('creates for a new group, leaves an unchanged one alone, updates a changed one, closes a resolved one', () => {
    const unchanged = existingFor([poolFinding()], 1);
    assert.deepEqual(planWorkItems(groups([poolFinding()]), [unchanged], context).actions, []);

    const grown = planWorkItems(groups([poolFinding(), agentFinding]), [unchanged], context).actions;
    assert.equal(grown.length, 1);
    assert.equal(grown[0].kind, 'update');
    assert.match(grown[0].kind === 'update' ? grown[0].comment : '', /New findings:.*POOL009/);

    const worse = planWorkItems(groups([poolFinding({ severity: 'critical' })]), [unchanged], context).actions;
    assert.match(worse[0].kind === 'update' ? worse[0].comment : '', /Severity changed/);

    const gone = planWorkItems([], [unchanged], context);
    assert.deepEqual(
      gone.actions.map((a) => a.kind),
      ['close'],
    );
    const incomplete = planWorkItems([], [unchanged], { ...context, complete: false });
    assert.deepEqual(incomplete.actions, []);
    assert.match(incomplete.notes[0], /not closed: the audit is incomplete/);

    const created = planWorkItems(groups([poolFinding()]), [], context).actions;
    assert.equal(created[0].kind, 'create');
  });

  it('rules not judged this run: their listed findings are carried (never resolved) and their work item never closed', () => {
    const both = existingFor([poolFinding(), agentFinding], 3);
    assert.deepEqual(
      listedEntries(both.description)
        .map((e) => e.ruleId)
        .sort(),
      ['POOL001', 'POOL009'],
    );
    const blind = { ...context, notJudgedRules: new Set(['POOL001', 'POOL009']) };
    const held = planWorkItems([], [both], blind);
    assert.deepEqual(held.actions, []);
    assert.match(held.notes[0], /Work item 3 was not closed: 2 of its findings \(POOL001, POOL009\) were not judged this run/);

    // POOL009 judged and gone, POOL001 not judged: POOL009 resolved, POOL001 kept in the table, not closed.
    const partly = planWorkItems([], [both], { ...context, notJudgedRules: new Set(['POOL001']) }).actions;
    assert.equal(partly.length, 1);
    const update = partly[0];
    assert.equal(update.kind, 'update');
    const poolKey = listedEntries(existingFor([poolFinding()]).description)[0].key;
    assert.deepEqual(
      listedEntries(update.kind === 'update' ? update.description : '').map((e) => [e.key, e.ruleId]),
      [[poolKey, 'POOL001']],
    );
    assert.match(update.kind === 'update' ? update.comment : '', /Resolved:/);
    assert.doesNotMatch(update.kind === 'update' ? update.comment : '', new RegExp(poolKey));

    // The group is still there (POOL009 found) and POOL001 not judged: nothing changed, no write.
    assert.deepEqual(planWorkItems(groups([agentFinding]), [both], { ...context, notJudgedRules: new Set(['POOL001']) }).actions, []);
    // Judged and gone: resolved as before.
    assert.match(
      (planWorkItems(groups([agentFinding]), [both], context).actions[0] as { comment: string }).comment,
      new RegExp(`Resolved:.*pw:${poolKey}`),
    );
  });

  it('a renamed pool updates the title only, without a comment', () => {
    const renamed = poolFinding({ resource: { kind: 'pool', id: '12', name: 'Linux-Renamed' } });
    const [update] = planWorkItems(groups([renamed]), [existingFor([poolFinding()])], context).actions;
    assert.equal(update.kind, 'update');
    assert.equal(update.title, 'Pool Warden PoolRoleAudit: pool Linux-Renamed');
    assert.equal(update.kind === 'update' ? update.comment : 'x', '');
  });

  it('keeps the oldest of two work items with the same key and says so', () => {
    const plan = planWorkItems(groups([poolFinding()]), [existingFor([poolFinding()], 9), existingFor([poolFinding()], 3)], context);
    assert.deepEqual(plan.actions, []);
    assert.match(plan.notes[0], /Work item 9 has the same key as 3/);
  });

  it('assigns only to a user owner (PatAudit), never to a pool', () => {
    const pat = groupFindings([patFinding()], {
      mode: 'perOwner',
      task: 'PatAudit',
      organization: 'contoso',
      minSeverity: 'high',
      grouping: PAT_WORK_ITEM_GROUPING,
    });
    const withOwner = { ...pat[0], owner: { ...pat[0].owner!, kind: 'user' } };
    const [create] = planWorkItems([withOwner], [], { ...context, task: 'PatAudit', assignToOwner: true }).actions;
    assert.equal(create.kind === 'create' ? create.assignTo : undefined, 'ada@contoso.com');
    const [pool] = planWorkItems(groups([poolFinding()]), [], { ...context, assignToOwner: true }).actions;
    assert.equal(pool.kind === 'create' ? pool.assignTo : 'x', undefined);
  });

  it('escapes hostile names in the description and reads its entries back', () => {
    const hostile = HOSTILE_NAMES.map((name, index) =>
      poolFinding({ resource: { kind: 'pool', id: String(index), name }, ruleId: 'POOL001' }),
    );
    const all = groups(hostile);
    for (const group of all) {
      const description = itemDescription('PoolRoleAudit', 'contoso', group, RULES);
      assert.doesNotMatch(description, /<script>|##vso\[|##\[/);
      assert.deepEqual(
        listedEntries(description).map((entry) => entry.key),
        group.entries.map((entry) => entry.key),
      );
    }
  });
});

describe('work items: sync with the service', () => {
  const inputs: WorkItemInputs = {
    mode: 'perOwner',
    project: 'Platform',
    type: 'Task',
    tag: 'pool-warden',
    severity: 'high',
    assignToOwner: false,
  };
  const silent = { info: () => {}, warn: () => {}, debug: () => {} };
  function fakePort(options: { refuse?: boolean; states?: { name: string; category: string }[] } = {}) {
    const writes: string[] = [];
    const port: WorkItemPort = {
      states: async () =>
        options.states ?? [
          { name: 'New', category: 'Proposed' },
          { name: 'Closed', category: 'Completed' },
        ],
      query: async () => [],
      get: async () => [],
      create: async (type: string, patch: readonly FieldPatch[]): Promise<WorkItemRecord> => {
        writes.push(`create ${type} ${patch.length}`);
        if (options.refuse)
          throw new HttpError({
            method: 'POST',
            url: 'https://x/',
            status: 403,
            serviceMessage: 'TF237111: no permission',
            code: 'WorkItemUnauthorizedAccessException',
          });
        return { id: 1, rev: 1, fields: {} };
      },
      update: async () => {
        writes.push('update');
        return { id: 1, rev: 2, fields: {} };
      },
      comment: async () => {
        writes.push('comment');
      },
    };
    return { port, writes };
  }
  const run = (port: WorkItemPort, dryRun = false) =>
    syncWorkItems(port, [poolFinding()], {
      inputs,
      task: 'PoolRoleAudit',
      organization: 'contoso',
      rules: RULES,
      grouping: POOL_WORK_ITEM_GROUPING,
      complete: true,
      dryRun,
      logger: silent,
    });

  it('creates, and counts only what was written', async () => {
    const { port, writes } = fakePort();
    const sync = await run(port);
    assert.deepEqual(writes, ['create Task 3']);
    assert.equal(sync.created, 1);
  });

  it('a dry run plans and writes nothing', async () => {
    const { port, writes } = fakePort();
    const sync = await run(port, true);
    assert.deepEqual(writes, []);
    assert.equal(sync.created, 0);
    assert.equal(sync.results[0].status, 'planned');
  });

  it('a refused write is recorded per work item, not thrown', async () => {
    const { port } = fakePort({ refuse: true });
    const sync = await run(port);
    assert.equal(sync.results[0].status, 'refused');
    assert.match(sync.results[0].error ?? '', /TF237111/);
    assert.equal(sync.created, 0);
  });

  it('a failing read is reported as the sync error, with nothing planned', async () => {
    const { port } = fakePort();
    port.query = async () => {
      throw new Error('HTTP 403');
    };
    const sync = await run(port);
    assert.match(sync.error ?? '', /Could not read work items of project 'Platform': HTTP 403/);
    assert.deepEqual(sync.results, []);
  });
});
