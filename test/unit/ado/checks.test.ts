import { strict as assert } from 'node:assert';
import { toQueueCheck } from '../../../tasks/common/ado/checks';
import { describeChecks } from '../../../tasks/common/model/checks';

const TASK_CHECK = { id: 'fe1de3ee-a436-41b4-bb20-f6eb4cb879a7', name: 'Task Check' };
const BRANCH_CONTROL = '86b05a0c-73e6-4f7d-b3cf-e38f3b39a75b';

describe('ado/checks: check configurations are classified by ids, never by display name', () => {
  it('a renamed branch control is still branch control; its inputs are parsed (strings, trimmed, comma list)', () => {
    const check = toQueueCheck({
      id: 3,
      type: TASK_CHECK,
      settings: {
        displayName: 'Only main please',
        definitionRef: { id: BRANCH_CONTROL.toUpperCase() },
        inputs: {
          allowedBranches: ' refs/heads/main ,refs/heads/release/* ',
          ensureProtectionOfBranch: 'True',
          allowUnknownStatusBranch: 'true',
        },
      },
    });
    assert.equal(check.kind, 'branchControl');
    assert.deepEqual(check.branchControl, {
      allowedBranches: ['refs/heads/main', 'refs/heads/release/*'],
      ensureProtectionOfBranch: true,
      allowUnknownStatusBranch: true,
    });
  });

  it('a task check named "Branch control" with another definition is not branch control', () => {
    const check = toQueueCheck({ id: 4, type: TASK_CHECK, settings: { displayName: 'Branch control', definitionRef: { id: 'unknown' } } });
    assert.equal(check.kind, 'other');
    assert.equal(describeChecks([check]), 'other (Branch control)');
  });

  it('allowUnknownStatusBranch only counts when verification is on; disabled checks are flagged', () => {
    const check = toQueueCheck({
      id: 5,
      type: TASK_CHECK,
      isDisabled: true,
      settings: {
        definitionRef: { id: BRANCH_CONTROL },
        inputs: { allowedBranches: '*', ensureProtectionOfBranch: 'false', allowUnknownStatusBranch: 'true' },
      },
    });
    assert.equal(check.branchControl?.allowUnknownStatusBranch, false);
    assert.equal(check.disabled, true);
    assert.equal(describeChecks([check]), 'branch control (*) [disabled]');
  });

  it('maps approvals (0 required = all) and required templates', () => {
    const approval = toQueueCheck({
      id: 6,
      type: { id: '8c6f20a7-a545-4486-9777-f762fafe0d4d', name: 'Approval' },
      settings: { approvers: [{ id: 'g1', displayName: '[P]\\Contributors', isContainer: true }] },
    });
    assert.deepEqual(approval.approval, {
      approvers: [{ id: 'g1', displayName: '[P]\\Contributors', uniqueName: undefined, descriptor: undefined, isContainer: true }],
      minRequiredApprovers: 0,
      requesterCannotBeApprover: false,
    });
    const template = toQueueCheck({
      id: 7,
      type: { id: '4020e66e-b0f3-47e1-bc88-48f3cc59b5f3' },
      settings: {
        extendsChecks: [{ repositoryType: 'git', repositoryName: 'P/t', repositoryRef: 'refs/heads/main', templatePath: 'a.yml' }],
      },
    });
    assert.equal(template.kind, 'requiredTemplate');
    assert.equal(template.requiredTemplates?.[0].repositoryName, 'P/t');
  });
});
