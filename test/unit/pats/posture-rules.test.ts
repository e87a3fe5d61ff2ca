import { strict as assert } from 'node:assert';
import type { PolicyPosture, PolicyStatus } from '../../../tasks/common/pats/posture';
import { POLICY_TITLES, type KnownPolicyName } from '../../../tasks/common/pats/posture';
import { PAT009 } from '../../../tasks/common/pats/rules/PAT009';
import { PAT010 } from '../../../tasks/common/pats/rules/PAT010';
import { PAT011 } from '../../../tasks/common/pats/rules/PAT011';
import { PAT012 } from '../../../tasks/common/pats/rules/PAT012';
import { PAT013 } from '../../../tasks/common/pats/rules/PAT013';
import { resolvePatAuditSettings } from '../../../tasks/common/pats/settings';

const settings = resolvePatAuditSettings({ maxLifetimeDays: 90 });

function policy(name: KnownPolicyName, state: PolicyStatus['state'], value?: PolicyStatus['value']): PolicyStatus {
  return {
    name,
    title: POLICY_TITLES[name],
    source: name.startsWith('TenantPolicy.') ? 'tenant' : 'organization',
    state,
    ...(value !== undefined ? { value } : {}),
    ...(state === 'unknown' ? { reason: 'HTTP 403 (AccessCheckException): Access denied.' } : {}),
  };
}

const posture = (...policies: PolicyStatus[]): PolicyPosture => ({ complete: policies.every((p) => p.state !== 'unknown'), policies });

describe('pats/rules PAT009–PAT013 (policies)', () => {
  const cases = [
    { rule: PAT009, name: 'TenantPolicy.RestrictFullScopePersonalAccessToken', severity: 'medium' },
    { rule: PAT011, name: 'TenantPolicy.EnableLeakedPersonalAccessTokenAutoRevocation', severity: 'high' },
    { rule: PAT013, name: 'Policy.LogAuditEvents', severity: 'low' },
  ] as const;
  for (const { rule, name, severity } of cases) {
    it(`${rule.info.id}: fires when ${name} is off, stays quiet when on, and an unknown policy is neither a finding nor a pass`, () => {
      const off = rule.evaluate(posture(policy(name, 'off')), settings);
      assert.equal(off.findings.length, 1);
      assert.equal(off.findings[0].severity, severity);
      assert.equal(off.findings[0].resource.kind, 'policy');
      assert.equal(off.findings[0].resource.id, name);
      assert.match(off.findings[0].message, new RegExp(POLICY_TITLES[name]));

      const on = rule.evaluate(posture(policy(name, 'on')), settings);
      assert.deepEqual(on.findings, []);
      assert.equal(on.evaluated.length, 1, 'a policy that is on is a pass');

      const unknown = rule.evaluate(posture(policy(name, 'unknown')), settings);
      assert.deepEqual(unknown, { findings: [], evaluated: [] });
      assert.deepEqual(rule.evaluate(posture(), settings), { findings: [], evaluated: [] }, 'absent policy: not evaluated');
    });
  }

  describe('PAT010 lifespan', () => {
    const name = 'TenantPolicy.RestrictPersonalAccessTokenLifespan';
    it('fires when the policy is off', () => {
      const result = PAT010.evaluate(posture(policy(name, 'off')), settings);
      assert.equal(result.findings.length, 1);
      assert.equal(result.findings[0].severity, 'medium');
    });
    it('fires when the policy allows more days than maxLifetimeDays', () => {
      const result = PAT010.evaluate(posture(policy(name, 'on', 91)), settings);
      assert.equal(result.findings.length, 1);
      assert.equal(result.findings[0].evidence.maxPatLifespanInDays, 91);
      assert.match(result.findings[0].message, /allows 91 days, more than the 90 days/);
    });
    it('on without a readable day limit is not judged: neither a pass nor a finding', () => {
      assert.deepEqual(PAT010.evaluate(posture(policy(name, 'on')), settings), { findings: [], evaluated: [] });
    });
    it('near miss: a lifespan of exactly maxLifetimeDays passes, as does a shorter one', () => {
      for (const value of [90, 30]) {
        const result = PAT010.evaluate(posture(policy(name, 'on', value)), settings);
        assert.deepEqual(result.findings, [], String(value));
        assert.equal(result.evaluated.length, 1);
      }
    });
    it('follows maxLifetimeDays from the settings', () => {
      const strict = resolvePatAuditSettings({ maxLifetimeDays: 30 });
      assert.equal(PAT010.evaluate(posture(policy(name, 'on', 31)), strict).findings.length, 1);
      assert.equal(PAT010.evaluate(posture(policy(name, 'on', 30)), strict).findings.length, 0);
    });
  });

  describe('PAT012 PAT creation restriction', () => {
    const name = 'Policy.DisablePATCreation';
    it('fires (low) when the restriction is off', () => {
      const result = PAT012.evaluate(posture(policy(name, 'off')), settings);
      assert.equal(result.findings.length, 1);
      assert.equal(result.findings[0].severity, 'low');
    });
    it('fires when the allow list holds a broad group, scope prefix and case aside', () => {
      const result = PAT012.evaluate(
        posture(policy(name, 'on', ['Platform Engineers', '[contoso]\\project collection valid users'])),
        settings,
      );
      assert.equal(result.findings.length, 1);
      assert.equal(result.findings[0].evidence.broadGroups, '[contoso]\\project collection valid users');
    });
    it('near miss: on with an allow list of named people and small groups passes', () => {
      const result = PAT012.evaluate(posture(policy(name, 'on', ['Platform Engineers', 'Valid Users of Nothing'])), settings);
      assert.deepEqual(result.findings, []);
      assert.equal(result.evaluated.length, 1);
    });
    it('broadGroupNames comes from the settings', () => {
      const custom = resolvePatAuditSettings({ broadGroupNames: ['Platform Engineers'] });
      assert.equal(PAT012.evaluate(posture(policy(name, 'on', ['Platform Engineers'])), custom).findings.length, 1);
    });
    it('broadGroupNames are name patterns: a scoped pattern names one scope, a bare one any scope', () => {
      const scoped = resolvePatAuditSettings({ broadGroupNames: ['[contoso]\\*Valid Users'] });
      assert.equal(PAT012.evaluate(posture(policy(name, 'on', ['[contoso]\\Project Valid Users'])), scoped).findings.length, 1);
      assert.equal(PAT012.evaluate(posture(policy(name, 'on', ['[fabrikam]\\Project Valid Users'])), scoped).findings.length, 0);
      assert.equal(PAT012.evaluate(posture(policy(name, 'on', ['Project Valid Users'])), scoped).findings.length, 0);
      const bare = resolvePatAuditSettings({ broadGroupNames: ['All *'] });
      assert.equal(PAT012.evaluate(posture(policy(name, 'on', ['[fabrikam]\\All Staff'])), bare).findings.length, 1);
      assert.equal(PAT012.evaluate(posture(policy(name, 'on', ['Small Team'])), bare).findings.length, 0);
    });
  });
});
