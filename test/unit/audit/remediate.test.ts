import assert from 'node:assert/strict';
import type { AdoApi } from '../../../tasks/common/ado/api';
import { executeRemediation, withRemediationFailures, type RemediationAction } from '../../../tasks/common/audit/remediate';

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
