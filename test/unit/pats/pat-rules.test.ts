import { strict as assert } from 'assert';
import type { PatOwner, PatToken } from '../../../tasks/common/model/pat';
import type { PatRule } from '../../../tasks/common/pats/rule';
import { resolvePatAuditSettings } from '../../../tasks/common/pats/settings';
import type { PatAuditSettings } from '../../../tasks/common/pats/settings';
import { PAT001 } from '../../../tasks/common/pats/rules/PAT001';
import { PAT002 } from '../../../tasks/common/pats/rules/PAT002';
import { PAT003 } from '../../../tasks/common/pats/rules/PAT003';
import { PAT004 } from '../../../tasks/common/pats/rules/PAT004';
import { PAT005 } from '../../../tasks/common/pats/rules/PAT005';
import { PAT006 } from '../../../tasks/common/pats/rules/PAT006';
import { PAT007 } from '../../../tasks/common/pats/rules/PAT007';
import { PAT008 } from '../../../tasks/common/pats/rules/PAT008';
import { DAY, NOW, OWNER, token } from './fixtures';

const defaults = resolvePatAuditSettings();

function run(rule: PatRule, t: PatToken, now = NOW, owner: PatOwner = OWNER, settings: PatAuditSettings = defaults) {
  return rule.evaluate(t, owner, settings, now);
}

describe('PAT001 full-access token', () => {
  it('fires for app_token with owner contact and pat resource', () => {
    const t = token({ scopes: ['app_token'] });
    const [finding] = run(PAT001, t).findings;
    assert.equal(finding.severity, 'high');
    assert.deepEqual(finding.resource, {
      kind: 'pat',
      id: t.authorizationId,
      name: t.displayName,
      parent: { kind: 'user', id: 'aad.jane', name: 'Jane Doe' },
    });
    assert.equal(finding.principal?.mailAddress, 'jane@contoso.com');
    assert.match(finding.message, /Jane Doe <jane@contoso.com>/);
  });

  it('does not fire for custom scopes or for an expired full-access token', () => {
    assert.equal(run(PAT001, token({ scopes: ['vso.code_full'] })).findings.length, 0);
    const expired = run(PAT001, token({ scopes: ['app_token'], validTo: NOW }));
    assert.equal(expired.findings.length, 0);
    assert.equal(expired.evaluated.length, 0, 'dead tokens are not evaluated by risk rules');
  });
});

describe('PAT002 global token', () => {
  const cutoff = new Date('2026-12-01T00:00:00.000Z');
  const global = () => token({ targetAccounts: null, validTo: new Date('2027-06-01T00:00:00Z') });

  it('is high one millisecond before the cut-off and names the date', () => {
    const [finding] = run(PAT002, global(), new Date(cutoff.getTime() - 1)).findings;
    assert.equal(finding.severity, 'high');
    assert.match(finding.message, /2026-12-01/);
  });

  it('is critical from the cut-off instant on (UTC)', () => {
    assert.equal(run(PAT002, global(), cutoff).findings[0].severity, 'critical');
  });

  it('does not fire for organization-scoped tokens (also an empty list)', () => {
    assert.equal(run(PAT002, token()).findings.length, 0);
    assert.equal(run(PAT002, token({ targetAccounts: [] })).findings.length, 0);
  });
});

describe('PAT003 high-privilege and unknown scopes', () => {
  it('fires high for a high-privilege scope and lists unknown ones as "unknown, not safe"', () => {
    const [finding] = run(PAT003, token({ scopes: ['vso.code', 'vso.build_execute', 'vso.mystery_manage'] })).findings;
    assert.equal(finding.severity, 'high');
    assert.equal(finding.evidence.highPrivilegeScopes, 'vso.build_execute');
    assert.equal(finding.evidence.unknownScopes, 'vso.mystery_manage (unknown, not safe)');
  });

  it('fires medium when the only problem is an unknown scope', () => {
    const [finding] = run(PAT003, token({ scopes: ['vso.code', 'vso.drop_manage'] })).findings;
    assert.equal(finding.severity, 'medium');
    assert.equal(finding.evidence.highPrivilegeScopes, null);
  });

  it('does not fire for known low-privilege scopes, full access (PAT001) or profile-allowed agentpools_manage', () => {
    assert.equal(run(PAT003, token({ scopes: ['vso.code', 'vso.work_write', 'vso.build'] })).findings.length, 0);
    assert.equal(run(PAT003, token({ scopes: ['app_token'] })).findings.length, 0);
    assert.equal(run(PAT003, token({ displayName: 'agent-registration', scopes: ['vso.agentpools_manage'] })).findings.length, 0);
    assert.equal(run(PAT003, token({ displayName: 'deploy', scopes: ['vso.agentpools_manage'] })).findings.length, 1);
  });
});

describe('PAT004 lifetime over the limit', () => {
  const withLifetime = (ms: number) => token({ validFrom: new Date(NOW.getTime() - DAY), validTo: new Date(NOW.getTime() - DAY + ms) });

  it('fires one millisecond over maxLifetimeDays', () => {
    const [finding] = run(PAT004, withLifetime(90 * DAY + 1)).findings;
    assert.equal(finding.evidence.maxLifetimeDays, 90);
  });

  it('does not fire at exactly maxLifetimeDays', () => {
    assert.equal(run(PAT004, withLifetime(90 * DAY)).findings.length, 0);
  });
});

describe('PAT005 expiring soon', () => {
  const expiringIn = (ms: number) => token({ validTo: new Date(NOW.getTime() + ms) });

  it('is medium at exactly expiringWithinDays, low just after it, and low at exactly noticeWithinDays', () => {
    assert.equal(run(PAT005, expiringIn(7 * DAY)).findings[0].severity, 'medium');
    assert.equal(run(PAT005, expiringIn(7 * DAY + 1)).findings[0].severity, 'low');
    assert.equal(run(PAT005, expiringIn(30 * DAY)).findings[0].severity, 'low');
  });

  it('is silent just past noticeWithinDays and for an already expired token', () => {
    assert.equal(run(PAT005, expiringIn(30 * DAY + 1)).findings.length, 0);
    assert.equal(run(PAT005, expiringIn(0)).findings.length, 0);
  });

  it('fires medium one millisecond before expiry', () => {
    assert.equal(run(PAT005, expiringIn(1)).findings[0].severity, 'medium');
  });
});

describe('PAT006 expired or invalid but listed', () => {
  it('fires at validTo exactly and for isValid false', () => {
    assert.equal(run(PAT006, token({ validTo: NOW })).findings.length, 1);
    const invalid = run(PAT006, token({ isValid: false }));
    assert.match(invalid.findings[0].message, /marked invalid/);
  });

  it('does not fire one millisecond before validTo', () => {
    assert.equal(run(PAT006, token({ validTo: new Date(NOW.getTime() + 1) })).findings.length, 0);
  });
});

describe('PAT007 owner inactive or deleted', () => {
  it('fires for a live token of an inactive or deleted owner', () => {
    assert.equal(run(PAT007, token(), NOW, { ...OWNER, active: false }).findings[0].severity, 'high');
    assert.match(run(PAT007, token(), NOW, { ...OWNER, deletedInOrigin: true }).findings[0].message, /deleted/);
  });

  it('does not fire for active or unknown owners, nor for dead tokens', () => {
    assert.equal(run(PAT007, token(), NOW, { ...OWNER, active: undefined }).findings.length, 0);
    assert.equal(run(PAT007, token({ isValid: false }), NOW, { ...OWNER, active: false }).findings.length, 0);
  });
});

describe('PAT008 purpose token with extra scopes', () => {
  it('fires when an agent token carries a scope outside the profile', () => {
    const [finding] = run(
      PAT008,
      token({ displayName: 'Pool Registration', scopes: ['vso.agentpools_manage', 'vso.code_write'] }),
    ).findings;
    assert.equal(finding.evidence.scopesOutsideProfile, 'vso.code_write');
    assert.equal(finding.evidence.purposeProfiles, 'agent-registration');
  });

  it('does not fire within the profile, and does not evaluate tokens matching no profile', () => {
    assert.equal(
      run(PAT008, token({ displayName: 'build-agent', scopes: ['vso.agentpools', 'vso.agentpools_manage'] })).findings.length,
      0,
    );
    const other = run(PAT008, token({ displayName: 'deploy', scopes: ['vso.code_write'] }));
    assert.equal(other.findings.length, 0);
    assert.equal(other.evaluated.length, 0);
  });

  it('uses custom profiles from settings', () => {
    const settings = resolvePatAuditSettings({
      purposeProfiles: [{ name: 'feeds', namePattern: '^nuget', allowedScopes: ['vso.packaging'] }],
    });
    assert.equal(
      run(PAT008, token({ displayName: 'nuget-restore', scopes: ['vso.packaging_write'] }), NOW, OWNER, settings).findings.length,
      1,
    );
    assert.equal(run(PAT008, token({ displayName: 'agent', scopes: ['vso.code'] }), NOW, OWNER, settings).findings.length, 0);
  });
});
