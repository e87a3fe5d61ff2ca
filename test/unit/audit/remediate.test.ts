import assert from 'node:assert/strict';
import type { AdoApi } from '../../../tasks/common/ado/api';
import {
  executeRemediation,
  planRemediation,
  withRemediationFailures,
  type RemediationAction,
} from '../../../tasks/common/audit/remediate';
import type { Finding } from '../../../tasks/common/model/finding';

const quiet = { info: () => {}, warn: () => {}, debug: () => {} };

function action(target: string, apply: () => Promise<void>): RemediationAction {
  return {
    ruleId: 'POOL007',
    kind: 'disableAutoProvision',
    target,
    before: 'auto-provision queues in every project',
    after: 'no auto-provisioning',
    apply,
  };
}

describe('remediation outcome', () => {
  const findingsOutcome = { result: 'SucceededWithIssues' as const, reason: '3 unexempted findings, failOnSeverity is none' };

  it('keeps the findings outcome when every fix was applied (or only planned)', async () => {
    const actions = [action("pool 'A'", async () => {})];
    await executeRemediation({} as AdoApi, actions, quiet);
    assert.deepEqual(withRemediationFailures(findingsOutcome, actions), findingsOutcome);
    assert.deepEqual(
      withRemediationFailures(findingsOutcome, [{ ...action("pool 'B'", async () => {}), status: 'planned' }]),
      findingsOutcome,
    );
  });

  it('fails the task when a requested fix failed, naming the count and the first failure', async () => {
    const actions = [action("pool 'A'", async () => {}), action("pool 'B'", async () => Promise.reject(new Error('HTTP 400')))];
    await executeRemediation({} as AdoApi, actions, quiet);
    assert.deepEqual(
      actions.map((a) => a.status),
      ['done', 'failed'],
    );
    const outcome = withRemediationFailures(findingsOutcome, actions);
    assert.equal(outcome.result, 'Failed');
    assert.match(outcome.reason, /1 of 2 fixes/);
    assert.match(outcome.reason, /pool 'B': HTTP 400/);
  });
});

describe('POOL014 remediation: a branch control check on sensitive pools only', () => {
  const finding = (sensitivePool: boolean, pipelineDefaultBranches = ''): Finding => ({
    ruleId: 'POOL014',
    severity: sensitivePool ? 'high' : 'medium',
    title: 't',
    message: 'm',
    resource: { kind: 'queue', id: '21', name: 'Default', parent: { kind: 'project', id: 'p1', name: 'Platform' } },
    evidence: { queueId: 21, sensitivePool, pipelineDefaultBranches },
  });

  it("plans a check allowing the pipelines' default branch, with protection verified", () => {
    const [action] = planRemediation([finding(true, 'refs/heads/trunk')], ['POOL014']);
    assert.equal(action.kind, 'addBranchControl');
    assert.match(action.after, /allowing refs\/heads\/trunk with branch protection verified/);
  });

  it('uses remediateBranches when given, refs/heads/main when nothing is known', () => {
    assert.match(planRemediation([finding(true)], ['POOL014'], { branches: ['refs/heads/release'] })[0].after, /refs\/heads\/release/);
    assert.match(planRemediation([finding(true)], ['POOL014'])[0].after, /refs\/heads\/main/);
  });

  it('near miss: no action on a pool that is not sensitive, or for an exempted finding', () => {
    assert.equal(planRemediation([finding(false)], ['POOL014']).length, 0);
    assert.equal(planRemediation([{ ...finding(true), exemption: { reason: 'r', expires: '2030-01-01' } }], ['POOL014']).length, 0);
  });
});
