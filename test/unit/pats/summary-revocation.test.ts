import { strict as assert } from 'assert';
import { PAT_RULE_IDS, PAT_RULES } from '../../../tasks/common/pats/catalog';
import { parseRevocationMode, selectForRevocation } from '../../../tasks/common/pats/revocation';
import { runPatRules } from '../../../tasks/common/pats/run';
import { resolvePatAuditSettings } from '../../../tasks/common/pats/settings';
import { summarizeTokens } from '../../../tasks/common/pats/summary';
import type { TokenWithFindings } from '../../../tasks/common/pats/summary';
import type { PatOwner, PatToken } from '../../../tasks/common/model/pat';
import { DAY, NOW, OWNER, token } from './fixtures';

const settings = resolvePatAuditSettings();
const BOB: PatOwner = { descriptor: 'aad.bob', displayName: 'Bob', mailAddress: 'bob@contoso.com' };

function audited(t: PatToken, owner: PatOwner = OWNER): TokenWithFindings {
  return { token: t, owner, findings: runPatRules(t, owner, settings, NOW).findings };
}

describe('pats/catalog and runPatRules', () => {
  it('lists PAT001…PAT014 in order (token rules, policy rules, audit-log rule)', () => {
    assert.deepEqual(PAT_RULE_IDS, [
      'PAT001',
      'PAT002',
      'PAT003',
      'PAT004',
      'PAT005',
      'PAT006',
      'PAT007',
      'PAT008',
      'PAT009',
      'PAT010',
      'PAT011',
      'PAT012',
      'PAT013',
      'PAT014',
    ]);
    assert.ok(PAT_RULES.every((rule) => rule.info.rationale.length > 0 && rule.info.fix.length > 0));
  });

  it('runs all rules on one token', () => {
    const t = token({ scopes: ['app_token'], targetAccounts: null, validTo: new Date(NOW.getTime() + 3 * DAY) });
    assert.deepEqual(
      runPatRules(t, OWNER, settings, NOW).findings.map((f) => f.ruleId),
      ['PAT001', 'PAT002', 'PAT005'],
    );
  });

  it('rejects inconsistent settings', () => {
    assert.throws(() => resolvePatAuditSettings({ noticeWithinDays: 3 }), /noticeWithinDays/);
    assert.throws(() => resolvePatAuditSettings({ purposeProfiles: [{ name: 'x', namePattern: '(', allowedScopes: [] }] }), /'x'/);
  });
});

describe('pats/summarizeTokens', () => {
  it('counts live global, full-scope and expiring tokens and groups expiring ones by owner', () => {
    const entries = [
      audited(token({ displayName: 'g1', targetAccounts: null, validTo: new Date(NOW.getTime() + 100 * DAY) })),
      audited(token({ displayName: 'full', scopes: ['app_token'], validTo: new Date(NOW.getTime() + 5 * DAY) }), BOB),
      audited(token({ displayName: 'soon', validTo: new Date(NOW.getTime() + 30 * DAY) })),
      audited(token({ displayName: 'later', validTo: new Date(NOW.getTime() + 30 * DAY + 1) })),
      audited(token({ displayName: 'dead-global', targetAccounts: null, validTo: NOW })),
    ];
    const summary = summarizeTokens(entries, settings, NOW);
    assert.equal(summary.tokenCount, 5);
    assert.equal(summary.liveTokenCount, 4);
    assert.equal(summary.globalTokenCount, 1);
    assert.equal(summary.fullScopeTokenCount, 1);
    assert.equal(summary.expiringTokenCount, 2);
    assert.deepEqual(
      summary.globalTokens.map((g) => [g.owner.mailAddress, g.token.name]),
      [['jane@contoso.com', 'g1']],
    );
    assert.deepEqual(
      summary.expiringByOwner.map((o) => [o.owner.displayName, o.tokens.map((t) => `${t.name}:${t.daysLeft}`)]),
      [
        ['Bob', ['full:5']],
        ['Jane Doe', ['soon:30']],
      ],
    );
  });
});

describe('pats/selectForRevocation', () => {
  const expired = audited(token({ displayName: 'old', validTo: new Date(NOW.getTime() - DAY) }));
  const global = audited(token({ displayName: 'everywhere', targetAccounts: null }));
  const full = audited(token({ displayName: 'all', scopes: ['app_token'] }));
  const soon = audited(token({ displayName: 'soon', validTo: new Date(NOW.getTime() + DAY) }));
  const all = [expired, global, full, soon];

  it('selects by mode', () => {
    assert.deepEqual(selectForRevocation('none', all), []);
    assert.deepEqual(
      selectForRevocation('expired', all).map((c) => c.name),
      ['old'],
    );
    assert.deepEqual(
      selectForRevocation('global', all).map((c) => c.name),
      ['everywhere'],
    );
    assert.deepEqual(
      selectForRevocation('fullScope', all).map((c) => c.name),
      ['all'],
    );
    assert.deepEqual(
      selectForRevocation('violations', all).map((c) => c.name),
      ['old', 'everywhere', 'all'],
    );
  });

  it('gives the owner and a reason naming the rule', () => {
    const [candidate] = selectForRevocation('global', all);
    assert.equal(candidate.owner.mailAddress, 'jane@contoso.com');
    assert.equal(candidate.authorizationId, global.token.authorizationId);
    assert.match(candidate.reason, /^PAT002 /);
  });

  it('never selects a token whose finding is exempted', () => {
    const exempted: TokenWithFindings = {
      ...global,
      findings: global.findings.map((f) => ({ ...f, exemption: { reason: 'migration', expires: '2026-11-30' } })),
    };
    assert.deepEqual(selectForRevocation('global', [exempted]), []);
  });

  it('parses mode names case-insensitively and rejects others', () => {
    assert.equal(parseRevocationMode('FullScope'), 'fullScope');
    assert.throws(() => parseRevocationMode('all'), /expected one of none, expired/);
  });
});
