import { strict as assert } from 'node:assert';
import { csvCell, filterRows, findingRows, NO_FILTER, rowsToCsv, severityCounts, sortRows } from '../../../tab/src/model/findings';
import { expiryTimeline, ownerRows } from '../../../tab/src/model/pats';
import { splitAttachmentName, viewsOf, viewsOfRun } from '../../../tab/src/model/reports';
import { isManagedScaling, managedScalingModel } from '../../../tab/src/model/scaling';

const finding = (over: Record<string, unknown>) => ({
  ruleId: 'PW-R1',
  severity: 'high',
  title: 'Too many administrators',
  message: 'Pool has 9 administrators',
  resource: { kind: 'pool', id: '1', name: 'linux' },
  principal: { id: 'a', displayName: 'Alice', mailAddress: 'alice@contoso.com' },
  evidence: { administrators: 9 },
  ...over,
});

const audit = {
  schemaVersion: 1,
  task: 'PoolRoleAudit',
  organization: { url: 'https://dev.azure.com/contoso', name: 'contoso' },
  rules: [{ id: 'PW-R1', title: 'Admins', rationale: 'Fewer admins, fewer ways in.', fix: 'Remove extra administrators.' }],
  findings: [
    finding({}),
    finding({ severity: 'critical', ruleId: 'PW-R2', resource: { kind: 'pool', id: '2', name: 'windows' }, principal: undefined }),
    finding({ severity: 'low', exemption: { reason: 'accepted', expires: '2027-01-01' } }),
    // A field a newer task version adds, and the baseline comparison another helper adds.
    finding({ severity: 'medium', baselineState: 'new', managedPool: { sku: 'Standard_D2' } }),
  ],
};

describe('tab model: reports to views', () => {
  it('splits attachment names into task and organization', () => {
    assert.deepEqual(splitAttachmentName('PoolRoleAudit-contoso-eu'), { task: 'PoolRoleAudit', organization: 'contoso-eu' });
  });

  it('gives one audit view per merged organization and task, and says why an attachment cannot be shown', () => {
    const merged = {
      task: 'ReportMerge',
      reports: [
        { ...audit, organization: { url: 'https://dev.azure.com/fabrikam', name: 'fabrikam' } },
        { ...audit, task: 'PatAudit' },
      ],
    };
    assert.deepEqual(
      viewsOf({ name: 'ReportMerge-contoso_fabrikam', json: merged }).map((v) => v.label),
      ['Pool role audit · fabrikam (merged)', 'PAT audit · contoso (merged)'],
    );
    const [broken] = viewsOf({ name: 'PoolInventory-contoso', error: 'HTTP 404' });
    assert.equal(broken.kind, 'unreadable');
    const [unknown] = viewsOf({ name: 'Future-contoso', json: { task: 'FutureTask', schemaVersion: 2 } });
    assert.match(unknown.kind === 'unreadable' ? unknown.reason : '', /Unknown report task 'FutureTask'/);
  });

  it('orders views audits first and drops a duplicate attachment', () => {
    const views = viewsOfRun([
      { name: 'PoolInventory-contoso', json: { task: 'PoolInventory', organization: { url: 'https://dev.azure.com/contoso' } } },
      { name: 'PoolRoleAudit-contoso', json: audit },
      { name: 'PoolRoleAudit-contoso', json: audit },
    ]);
    assert.deepEqual(
      views.map((v) => v.label),
      ['Pool role audit · contoso', 'Inventory · contoso'],
    );
  });
});

describe('tab model: findings', () => {
  const rows = findingRows(audit);

  it('flattens findings with the rule rationale and fix, keeping unknown fields as text', () => {
    assert.equal(rows[0].fix, 'Remove extra administrators.');
    assert.equal(rows[3].baselineState, 'new');
    assert.deepEqual(rows[3].other, [['managedPool', '{"sku":"Standard_D2"}']]);
    assert.equal(rows[2].exemption?.reason, 'accepted');
  });

  it('filters by severity, rule, resource, principal and words', () => {
    assert.deepEqual(
      filterRows(rows, { ...NO_FILTER, severities: ['critical'] }).map((r) => r.index),
      [1],
    );
    assert.deepEqual(
      filterRows(rows, { ...NO_FILTER, rules: ['PW-R1'], resource: 'LIN' }).map((r) => r.index),
      [0, 2, 3],
    );
    assert.deepEqual(
      filterRows(rows, { ...NO_FILTER, principal: 'alice@' }).map((r) => r.index),
      [0, 2, 3],
    );
    assert.deepEqual(
      filterRows(rows, { ...NO_FILTER, text: 'windows administrators' }).map((r) => r.index),
      [1],
    );
  });

  it('sorts by severity rank, either way', () => {
    assert.deepEqual(
      sortRows(rows, 'severity').map((r) => r.severity),
      ['critical', 'high', 'medium', 'low'],
    );
    assert.deepEqual(
      sortRows(rows, 'severity', true).map((r) => r.severity),
      ['low', 'medium', 'high', 'critical'],
    );
    assert.deepEqual(severityCounts(rows), { critical: 1, high: 1, medium: 1, low: 1 });
  });

  it('copies as CSV that a spreadsheet cannot run', () => {
    assert.equal(csvCell('=HYPERLINK("x")'), `"'=HYPERLINK(""x"")"`);
    assert.equal(csvCell('a,b'), '"a,b"');
    const csv = rowsToCsv([rows[0]]);
    assert.ok(csv.startsWith('severity,rule,title,'));
    assert.match(csv, /\r\nhigh,PW-R1,Too many administrators,pool,linux,,Alice,/);
  });
});

describe('tab model: PAT views', () => {
  it('groups unexempted findings by owner, worst first', () => {
    const owners = ownerRows(findingRows(audit));
    assert.deepEqual(
      owners.map((o) => [o.owner, o.worst, o.findings]),
      [
        ['(unknown owner)', 'critical', 1],
        ['Alice', 'high', 2],
      ],
    );
  });

  it('puts expiring tokens on a timeline', () => {
    const token = (name: string, daysLeft: number) => ({ authorizationId: name, name, validTo: '2026-12-10', daysLeft });
    const buckets = expiryTimeline({
      extra: {
        tokens: {
          expiringByOwner: [
            { owner: { displayName: 'Alice' }, tokens: [token('a', 3), token('b', -1)] },
            { owner: { displayName: 'Bob' }, tokens: [token('c', 20)] },
          ],
        },
      },
    });
    assert.deepEqual(
      buckets.map((b) => [b.label, b.tokens.map((t) => t.name)]),
      [
        ['expired', ['b']],
        ['within 7 days', ['a']],
        ['8–14 days', []],
        ['15–30 days', ['c']],
        ['31–60 days', []],
        ['later', []],
      ],
    );
  });
});

describe('tab model: a Managed DevOps Pool scaling report', () => {
  const managedReport = {
    schemaVersion: 1,
    task: 'ScaleSetAgents',
    managedPool: { resourceId: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.DevOpsInfrastructure/pools/mdp', poolName: 'mdp' },
    plan: {
      resourceId: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.DevOpsInfrastructure/pools/mdp',
      poolName: 'mdp',
      requested: 'add 2 to the maximum concurrency',
      dryRun: false,
      maximumBefore: 4,
      maximumAfter: 6,
      changes: [
        { field: 'maximumConcurrency', before: '4', after: '6' },
        { field: 'organizations[].parallelism', before: 'https://dev.azure.com/contoso 3, https://dev.azure.com/labs 1', after: '…' },
      ],
      parallelism: [
        { url: 'https://dev.azure.com/contoso', before: 3, after: 5 },
        { url: 'https://dev.azure.com/labs', before: 1, after: 1 },
      ],
      clipping: ['requested maximum 8 clipped to 6: maxAgents is 6'],
      notes: [],
      errors: [],
    },
    result: { outcome: 'succeeded', written: true, maximumConcurrency: 6, machines: { Ready: 2, Allocated: 1 } },
  };

  it('is told apart from a scale set plan', () => {
    assert.equal(isManagedScaling(managedReport), true);
    assert.equal(isManagedScaling({ task: 'ScaleSetAgents', plan: { before: { agents: 2 }, after: { agents: 3 }, steps: [] } }), false);
  });

  it('gives the maximum, each changed field before → after, the parallelism split and the notes', () => {
    const m = managedScalingModel(managedReport);
    assert.deepEqual(m.maximum, { before: 4, after: 6, final: 6 });
    assert.deepEqual(m.changes[0], { field: 'maximumConcurrency', before: '4', after: '6' });
    assert.equal(m.changes.length, 2);
    assert.deepEqual(m.parallelism, [
      { organization: 'https://dev.azure.com/contoso', before: 3, after: 5 },
      { organization: 'https://dev.azure.com/labs', before: 1, after: 1 },
    ]);
    assert.deepEqual(m.notes, ['requested maximum 8 clipped to 6: maxAgents is 6']);
    assert.deepEqual(m.machines, [
      { status: 'Ready', count: 2 },
      { status: 'Allocated', count: 1 },
    ]);
    assert.equal(m.written, true);
  });

  it('survives a plan with missing or odd fields', () => {
    const m = managedScalingModel({ managedPool: {}, plan: { changes: 'x', parallelism: [1, null] } });
    assert.deepEqual(m.changes, []);
    assert.deepEqual(m.parallelism, []);
    assert.deepEqual(m.maximum, { before: 0, after: 0, final: undefined });
  });
});
