import { strict as assert } from 'node:assert';
import { SAMPLE_CHECK_IDS, SAMPLE_IDS as ids, type Emulator, type OrgSeed } from '../../emulator';
import type { StoredWorkItem } from '../../emulator/work-items';
import { tail, type AgentRun } from './support';
import { orgVariant, reportOf, runAudit, startEmulatorAt, wholeSecondNow } from './audit-support';
import { asDownloadedArtifact, fixTwoAddOne } from './baseline-support';

const witWrites = (run: AgentRun) => run.writes.filter((r) => r.area === 'wit');
const outputs = (run: AgentRun) =>
  [run.variables.workItemsCreated, run.variables.workItemsUpdated, run.variables.workItemsClosed].map(Number);

function withAreas(seed: OrgSeed): void {
  const platform = seed.projects.find((project) => project.name === 'Platform')!;
  platform.areaPaths = ['Platform\\Security', 'Platform\\Locked'];
  platform.workItemEditDenied = [{ areaPath: 'Platform\\Locked', identityId: ids.wifApp.identityId }];
  // The Website queue's approval is a sound one here (one named approver who is not the requester), so the role
  // finding that fixTwoAddOne fixes is the queue's only one and its work item is closed.
  const websiteApproval = seed.checkConfigurations?.find((check) => check.id === SAMPLE_CHECK_IDS.checks.websiteBroadApproval);
  if (!websiteApproval) throw new Error('the sample organization has no Website approval check');
  websiteApproval.settings = { ...websiteApproval.settings, approvers: [{ id: ids.users.alice }], requesterCannotBeApprover: true };
}

describe('e2e: follow-up work items', function () {
  this.timeout(120_000);
  const now = wholeSecondNow();
  let emu: Emulator;
  const items = (): StoredWorkItem[] => emu.state.workItems.all();
  const follow = { workItems: 'perOwner', workItemProject: 'Platform', workItemAreaPath: 'Platform\\Security', workItemSeverity: 'medium' };

  before(async () => {
    emu = await startEmulatorAt(now, orgVariant(now, withAreas));
  });
  after(() => emu?.close());

  it('dry run: plans every work item and sends no write', async () => {
    const run = await runAudit(emu, 'PoolRoleAuditV1', { now, inputs: { ...follow, failOnSeverity: 'none', dryRun: true } });
    assert.equal(run.result, 'SucceededWithIssues', tail(run));
    assert.deepEqual(run.writes, [], 'a dry run writes nothing');
    assert.deepEqual(outputs(run), [0, 0, 0]);
    const planned = reportOf(run).extra?.workItems.results as { action: string; status: string }[];
    assert.ok(planned.length > 0 && planned.every((r) => r.action === 'create' && r.status === 'planned'));
    assert.match(run.stdout, /Dry run: would create \d+, update 0 and close 0 in project Platform/);
    assert.equal(items().length, 0);
  });

  it('run 1 creates one per pool; run 2 (two fixed, one added) creates, updates and closes; run 3 changes nothing', async () => {
    const first = await runAudit(emu, 'PoolRoleAuditV1', { now, inputs: { ...follow, failOnSeverity: 'none' } });
    assert.equal(first.result, 'SucceededWithIssues', tail(first));
    const created = Number(first.variables.workItemsCreated);
    // Two projects, six queues (POOL014: no branch control or approval), four pools (two of them Managed DevOps Pools)
    // and the organization.
    assert.equal(
      created,
      13,
      items()
        .map((item) => item.fields['System.Title'])
        .join('\n'),
    );
    assert.deepEqual(outputs(first).slice(1), [0, 0]);
    assert.equal(items().length, created);
    for (const item of items()) {
      assert.equal(item.fields['System.AreaPath'], 'Platform\\Security');
      assert.match(String(item.fields['System.Tags']), /^pool-warden; pw-poolroleaudit-contoso; pw-[0-9a-f]{16}$/);
      assert.match(String(item.fields['System.Description']), /pw:[0-9a-f]{12}:(critical|high|medium)/);
    }
    const websiteQueue = items().find((item) => /queue Default \(project Website\)/.test(String(item.fields['System.Title'])));
    const platformQueue = items().find((item) => /queue Default \(project Platform\)/.test(String(item.fields['System.Title'])));
    assert.ok(
      websiteQueue && platformQueue,
      items()
        .map((item) => item.fields['System.Title'])
        .join('\n'),
    );

    fixTwoAddOne(emu.state.org);
    const baselineFile = asDownloadedArtifact(first.variables.reportPath);
    const second = await runAudit(emu, 'PoolRoleAuditV1', { now, inputs: { ...follow, baselineFile, failOn: 'new' } });
    assert.deepEqual(outputs(second), [1, 1, 1], tail(second));
    assert.equal(second.result, 'Failed', 'the audit result is the baseline one: one new high finding');
    assert.equal(items().length, created + 1);
    assert.equal(websiteQueue.fields['System.State'], 'Closed', "closed with the Agile Task's Completed state");
    assert.match(websiteQueue.comments.at(-1)?.text ?? '', /all findings of this work item are resolved/);
    assert.equal(platformQueue.fields['System.State'], 'New');
    assert.match(platformQueue.comments.at(-1)?.text ?? '', /Resolved:/);
    assert.equal((String(platformQueue.fields['System.Description']).match(/pw:[0-9a-f]{12}:/g) ?? []).length, 1);
    const deployProd = items().find((item) => /pool deploy-prod/.test(String(item.fields['System.Title'])));
    assert.ok(deployProd, 'a work item for the new finding');

    const third = await runAudit(emu, 'PoolRoleAuditV1', { now, inputs: { ...follow, baselineFile, failOn: 'new' } });
    assert.deepEqual(outputs(third), [0, 0, 0], tail(third));
    assert.deepEqual(witWrites(third), [], 'an identical run writes nothing');
    assert.equal(items().length, created + 1, 'no duplicate');
    const keys = items().map((item) => /pw-([0-9a-f]{16})/.exec(String(item.fields['System.Tags']))![1]);
    assert.equal(new Set(keys).size, keys.length);
  });

  it('a refused write is reported per work item and leaves the audit result alone', async () => {
    const before = items().length;
    const run = await runAudit(emu, 'PatAuditV1', {
      now,
      inputs: { workItems: 'perOwner', workItemProject: 'Platform', workItemAreaPath: 'Platform\\Locked', failOnSeverity: 'none' },
    });
    assert.equal(run.result, 'SucceededWithIssues', tail(run));
    const results = reportOf(run).extra?.workItems.results as { status: string; error?: string }[];
    assert.ok(results.length > 0);
    assert.ok(
      results.every((r) => r.status === 'refused' && /TF237111/.test(r.error ?? '')),
      JSON.stringify(results),
    );
    assert.deepEqual(outputs(run), [0, 0, 0]);
    assert.match(run.stdout, /write\(s\) refused or failed \(the audit result is unaffected\)/);
    assert.equal(items().length, before);
  });

  it('PatAudit: one work item per token owner, assigned to the owner', async () => {
    const before = items().length;
    const run = await runAudit(emu, 'PatAuditV1', {
      now,
      inputs: { workItems: 'perOwner', workItemProject: 'Platform', assignToOwner: true, failOnSeverity: 'none' },
    });
    const created = Number(run.variables.workItemsCreated);
    assert.ok(created > 0, tail(run));
    const mine = items().slice(before);
    assert.equal(mine.length, created);
    for (const item of mine) {
      assert.match(String(item.fields['System.Title']), /^Pool Warden PatAudit: tokens of /);
      assert.equal(emu.state.identity(String(item.fields['System.AssignedTo']))?.kind, 'user', 'assigned to the token owner');
    }
  });
});
