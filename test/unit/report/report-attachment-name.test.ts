import { strict as assert } from 'node:assert';
import { reportAttachmentName } from '../../../tasks/common/report-files';

describe('reportAttachmentName', () => {
  it('is <task>-<organization>', () => {
    assert.equal(reportAttachmentName('PoolRoleAudit', 'contoso'), 'PoolRoleAudit-contoso');
  });

  it('keeps only letters, digits, dot, underscore and dash, and at most 100 characters', () => {
    assert.equal(reportAttachmentName('ReportMerge', 'contoso;]x/../y'), 'ReportMerge-contoso_x_.._y');
    assert.equal(reportAttachmentName('PatAudit', '..hidden'), 'PatAudit-hidden');
    assert.equal(reportAttachmentName('PatAudit', ''), 'PatAudit-organization');
    assert.equal(reportAttachmentName('PatAudit', 'o'.repeat(200)).length, 100);
  });
});
