import { strict as assert } from 'node:assert';
import { describeToken } from '../../../tasks/common/pats/refs';
import { PAT004 } from '../../../tasks/common/pats/rules/PAT004';
import { PAT005 } from '../../../tasks/common/pats/rules/PAT005';
import { resolvePatAuditSettings } from '../../../tasks/common/pats/settings';
import { DAY, NOW, OWNER, token } from './fixtures';

const settings = resolvePatAuditSettings({ maxLifetimeDays: 90, maxSshKeyLifetimeDays: 365 });
const key = (lifetimeDays: number, extraMs = 0) =>
  token({
    isPublic: true,
    displayName: 'laptop key',
    validFrom: new Date(NOW.getTime() - DAY),
    validTo: new Date(NOW.getTime() - DAY + lifetimeDays * DAY + extraMs),
  });

describe('pats: SSH keys', () => {
  it('PAT004 holds SSH keys to maxSshKeyLifetimeDays: exactly the limit passes, one second more fires', () => {
    assert.deepEqual(PAT004.evaluate(key(365), OWNER, settings, NOW).findings, []);
    const over = PAT004.evaluate(key(365, 1000), OWNER, settings, NOW).findings;
    assert.equal(over.length, 1);
    assert.equal(over[0].evidence.maxSshKeyLifetimeDays, 365);
    assert.equal(over[0].evidence.tokenType, 'sshKey');
    assert.match(over[0].message, /^SSH key 'laptop key' of Jane Doe/);
  });

  it('a PAT of the same lifetime is still held to maxLifetimeDays', () => {
    const pat = token({ validFrom: new Date(NOW.getTime() - DAY), validTo: new Date(NOW.getTime() + 200 * DAY) });
    assert.equal(PAT004.evaluate(pat, OWNER, settings, NOW).findings.length, 1);
  });

  it('expiry rules apply to SSH keys and call them SSH keys', () => {
    const soon = token({ isPublic: true, displayName: 'ci key', validTo: new Date(NOW.getTime() + 2 * DAY) });
    const finding = PAT005.evaluate(soon, OWNER, settings, NOW).findings[0];
    assert.equal(finding.severity, 'medium');
    assert.match(finding.message, /^SSH key 'ci key'/);
    assert.match(describeToken(token(), OWNER), /^Token '/);
  });

  it('maxSshKeyLifetimeDays must be a non-negative number', () => {
    assert.throws(() => resolvePatAuditSettings({ maxSshKeyLifetimeDays: -1 }), /maxSshKeyLifetimeDays/);
  });
});
