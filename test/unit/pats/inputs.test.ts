import assert from 'node:assert/strict';
import { InputError } from '../../../tasks/common/inputs/read';
import { PolicyError } from '../../../tasks/common/policy';
import { checkCombinedPatSettings, parsePatAuditInputs } from '../../../tasks/common/pats/inputs';

const ok = { expiringWithinDays: 7, noticeWithinDays: 30, agentTokenNamePattern: 'agent|pool' };

describe('PatAudit inputs', () => {
  it('parses numbers as given and leaves absent ones to the policy', () => {
    const inputs = parsePatAuditInputs((name) => ({ organizationUrl: 'https://dev.azure.com/contoso', expiringWithinDays: '14' })[name]);
    assert.equal(inputs.expiringWithinDays, 14);
    assert.equal(inputs.noticeWithinDays, undefined);
  });

  describe('checkCombinedPatSettings', () => {
    it('accepts a notice window that contains the expiring window', () => {
      assert.doesNotThrow(() => checkCombinedPatSettings(ok, {}, 'policy.yml'));
      assert.doesNotThrow(() => checkCombinedPatSettings({ ...ok, noticeWithinDays: 7 }, { noticeWithinDays: 7 }, 'policy.yml'));
    });

    it('blames noticeWithinDays when that input is given, else expiringWithinDays', () => {
      const bad = { ...ok, expiringWithinDays: 14, noticeWithinDays: 7 };
      assert.throws(
        () => checkCombinedPatSettings(bad, { expiringWithinDays: 14, noticeWithinDays: 7 }, 'p.yml'),
        (error: unknown) => {
          assert.ok(error instanceof InputError);
          assert.equal(error.input, 'noticeWithinDays');
          assert.match(error.message, /^Input 'noticeWithinDays' must be at least expiringWithinDays \(14\).*got 7\.$/);
          return true;
        },
      );
      assert.throws(
        () => checkCombinedPatSettings(bad, { expiringWithinDays: 14 }, 'p.yml'),
        /^InputError: Input 'expiringWithinDays' must be at most noticeWithinDays \(7\).*got 14\.$/,
      );
    });

    it('blames the policy file when neither window came from an input', () => {
      const bad = { ...ok, expiringWithinDays: 40 };
      assert.throws(
        () => checkCombinedPatSettings(bad, {}, 'p.yml'),
        (error: unknown) => {
          assert.ok(error instanceof PolicyError);
          assert.equal(
            error.message,
            "Input 'policyFile' (p.yml): settings.noticeWithinDays: must be at least settings.expiringWithinDays (40), got 30",
          );
          return true;
        },
      );
    });

    it('names the policy setting of a token name pattern that is not a regular expression', () => {
      assert.throws(
        () => checkCombinedPatSettings({ ...ok, agentTokenNamePattern: 'agent([' }, {}, 'p.yml'),
        /^PolicyError: Input 'policyFile' \(p\.yml\): settings\.agentTokenNamePattern: must be a regular expression .*got "agent\(\["/,
      );
    });
  });
});
