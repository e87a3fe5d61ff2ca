import assert from 'node:assert/strict';
import type { Finding, SeverityThreshold } from '../../../tasks/common/model/finding';
import { applyPolicy, countBySeverity, definePolicySchema, evaluateOutcome, loadPolicy } from '../../../tasks/common/policy';
import { NOW, patFinding, poolFinding, poolSchema } from './fixtures';

const patSchema = definePolicySchema({
  ruleIds: ['PAT001', 'PAT002', 'PAT003', 'PAT004', 'PAT005', 'PAT006', 'PAT007', 'PAT008'],
  settings: { maxLifetimeDays: { type: 'integer', default: 90, min: 1, description: 'Longest allowed lifetime' } },
});

function exemptionYaml(fields: string): string {
  return `exemptions:\n  - {rule: POOL001, ${fields}, reason: "Migration until Q1", expires: 2027-01-31}`;
}

function applyPool(yaml: string, findings: Finding[], now = NOW) {
  return applyPolicy(findings, loadPolicy(yaml, 'policy.yml', poolSchema, now), now);
}

describe('applyPolicy', () => {
  it('drops findings of disabled rules and keeps the rest', () => {
    const result = applyPool('rules:\n  POOL002: { enabled: false }', [poolFinding(), poolFinding({ ruleId: 'POOL002' })]);
    assert.deepEqual(
      result.findings.map((finding) => finding.ruleId),
      ['POOL001'],
    );
  });

  it('re-grades severity per rule override without mutating the input', () => {
    const input = poolFinding({ ruleId: 'POOL003', severity: 'medium' });
    const result = applyPool('rules:\n  POOL003: { severity: critical }', [input]);
    assert.equal(result.findings[0].severity, 'critical');
    assert.equal(input.severity, 'medium');
  });

  const matching: [string, string][] = [
    ['resource name', 'resource: "Linux-Prod"'],
    ['resource name, other case', 'resource: "linux-prod"'],
    ['resource id', 'resource: "12"'],
    ['resource wildcard', 'resource: "Linux-*"'],
    ['resource star', 'resource: "*"'],
    ['principal display name', 'principal: "[contoso]\\\\Contributors"'],
    ['principal id', 'principal: "0f1e2d3c-0000-0000-0000-000000000001"'],
    ['principal descriptor', 'principal: "vssgp.Uy0xLTktMTU1MTM3NDI0NS0x"'],
    ['principal wildcard', 'principal: "*contributors"'],
    ['resource and principal', 'resource: "Linux-Prod", principal: "[CONTOSO]\\\\contributors"'],
  ];
  for (const [name, fields] of matching) {
    it(`exempts by ${name}`, () => {
      const result = applyPool(exemptionYaml(fields), [poolFinding()]);
      assert.deepEqual(result.findings[0].exemption, { reason: 'Migration until Q1', expires: '2027-01-31' });
      assert.deepEqual(result.unusedExemptions, []);
    });
  }

  const notMatching: [string, string][] = [
    ['another resource', 'resource: "Linux-Dev"'],
    ['a partial name without wildcard', 'resource: "Linux"'],
    ['regex characters taken literally', 'resource: "Linux.Prod"'],
    ['another principal', 'principal: "[contoso]\\\\Readers"'],
    ['resource matches but principal does not', 'resource: "Linux-Prod", principal: "Readers"'],
    ['tokenName on a pool finding', 'tokenName: "Linux-Prod"'],
  ];
  for (const [name, fields] of notMatching) {
    it(`does not exempt ${name}`, () => {
      const result = applyPool(exemptionYaml(fields), [poolFinding()]);
      assert.equal(result.findings[0].exemption, undefined);
      assert.equal(result.unusedExemptions.length, 1);
    });
  }

  it('does not exempt a finding of another rule', () => {
    const result = applyPool(exemptionYaml('resource: "*"'), [poolFinding({ ruleId: 'POOL004' })]);
    assert.equal(result.findings[0].exemption, undefined);
  });

  it('does not match a principal exemption against a finding without principal', () => {
    const result = applyPool(exemptionYaml('principal: "*"'), [poolFinding({ principal: undefined })]);
    assert.equal(result.findings[0].exemption, undefined);
  });

  describe('PAT findings', () => {
    function applyPat(fields: string) {
      const policy = loadPolicy(
        `exemptions:\n  - {rule: PAT001, ${fields}, reason: "Break-glass", expires: 2027-01-31}`,
        'pat.yml',
        patSchema,
        NOW,
      );
      return applyPolicy([patFinding()], policy, NOW).findings[0].exemption;
    }
    it('exempts by tokenName (wildcard, any case)', () => assert.equal(applyPat('tokenName: "DEPLOY-*"')?.reason, 'Break-glass'));
    it('exempts by authorizationId (any case)', () =>
      assert.equal(applyPat('authorizationId: "7C1E0000-1111-2222-3333-444455556666"')?.reason, 'Break-glass'));
    it('exempts by owner principal name', () => assert.equal(applyPat('principal: "ada@contoso.com"')?.reason, 'Break-glass'));
    it('does not exempt another token', () => assert.equal(applyPat('tokenName: "other"'), undefined));
    it('does not treat authorizationId as a prefix', () => assert.equal(applyPat('authorizationId: "7c1e0000"'), undefined));
  });

  it('lists an expired exemption with the findings it would match, and does not apply it', () => {
    const yaml = 'exemptions:\n  - {rule: POOL001, resource: Linux-Prod, reason: old, expires: 2026-06-14}';
    const result = applyPool(yaml, [poolFinding(), poolFinding({ resource: { kind: 'pool', id: '13', name: 'Other' } })]);
    assert.equal(result.findings[0].exemption, undefined);
    assert.deepEqual(result.expiredExemptions, [
      { index: 0, rule: 'POOL001', resource: 'Linux-Prod', reason: 'old', expires: '2026-06-14', matchedFindings: 1 },
    ]);
    assert.deepEqual(result.unusedExemptions, []);
  });

  describe('expiry boundary (UTC end of day)', () => {
    const yaml = exemptionYaml('resource: Linux-Prod').replace('2027-01-31', '2026-06-15');
    it('applies at 00:00:00Z of the expiry day', () => {
      assert.ok(applyPool(yaml, [poolFinding()], new Date('2026-06-15T00:00:00Z')).findings[0].exemption);
    });
    it('still applies at 23:59:59.999Z of the expiry day', () => {
      assert.ok(applyPool(yaml, [poolFinding()], new Date('2026-06-15T23:59:59.999Z')).findings[0].exemption);
    });
    it('stops at 00:00:00Z the next day', () => {
      const result = applyPool(yaml, [poolFinding()], new Date('2026-06-16T00:00:00Z'));
      assert.equal(result.findings[0].exemption, undefined);
      assert.equal(result.expiredExemptions.length, 1);
    });
  });

  it('uses the first matching exemption in file order', () => {
    const yaml = [
      'exemptions:',
      '  - {rule: POOL001, resource: "Linux-*", reason: first, expires: 2027-01-31}',
      '  - {rule: POOL001, resource: "Linux-Prod", reason: second, expires: 2027-01-31}',
    ].join('\n');
    const result = applyPool(yaml, [poolFinding()]);
    assert.equal(result.findings[0].exemption?.reason, 'first');
    assert.deepEqual(
      result.unusedExemptions.map((exemption) => exemption.reason),
      ['second'],
    );
  });

  it('exempts after re-grading, so the exempted finding carries the overridden severity', () => {
    const yaml = `rules:\n  POOL001: { severity: low }\n${exemptionYaml('resource: "*"')}`;
    const [finding] = applyPool(yaml, [poolFinding()]).findings;
    assert.equal(finding.severity, 'low');
    assert.ok(finding.exemption);
  });
});

describe('countBySeverity', () => {
  it('counts unexempted findings by severity and exempted separately', () => {
    const exemption = { reason: 'r', expires: '2027-01-01' };
    const counts = countBySeverity([
      poolFinding({ severity: 'critical' }),
      poolFinding({ severity: 'high' }),
      poolFinding({ severity: 'high' }),
      poolFinding({ severity: 'low' }),
      poolFinding({ severity: 'critical', exemption }),
    ]);
    assert.deepEqual(counts, { critical: 1, high: 2, medium: 0, low: 1, total: 4, exempted: 1 });
  });
});

describe('evaluateOutcome', () => {
  const exemption = { reason: 'r', expires: '2027-01-01' };
  const table: [string, Finding[], SeverityThreshold, boolean, string][] = [
    ['no findings, complete', [], 'high', true, 'Succeeded'],
    ['no findings, incomplete', [], 'high', false, 'SucceededWithIssues'],
    ['high at high', [poolFinding({ severity: 'high' })], 'high', true, 'Failed'],
    ['critical at high', [poolFinding({ severity: 'critical' })], 'high', true, 'Failed'],
    ['medium at high', [poolFinding({ severity: 'medium' })], 'high', true, 'SucceededWithIssues'],
    ['low at low', [poolFinding({ severity: 'low' })], 'low', true, 'Failed'],
    ['critical at critical', [poolFinding({ severity: 'critical' })], 'critical', true, 'Failed'],
    ['high at critical', [poolFinding({ severity: 'high' })], 'critical', true, 'SucceededWithIssues'],
    ['critical with none', [poolFinding({ severity: 'critical' })], 'none', true, 'SucceededWithIssues'],
    ['no findings with none', [], 'none', true, 'Succeeded'],
    ['exempted critical only', [poolFinding({ severity: 'critical', exemption })], 'low', true, 'Succeeded'],
    ['exempted critical, incomplete', [poolFinding({ severity: 'critical', exemption })], 'low', false, 'SucceededWithIssues'],
    ['high at high, incomplete', [poolFinding({ severity: 'high' })], 'high', false, 'Failed'],
  ];
  for (const [name, findings, threshold, complete, expected] of table) {
    it(`${name} → ${expected}`, () => {
      assert.equal(evaluateOutcome(findings, threshold, { complete }).result, expected);
    });
  }

  it('explains the result', () => {
    const findings = [
      poolFinding({ severity: 'critical' }),
      poolFinding({ severity: 'high' }),
      poolFinding({ severity: 'low' }),
      poolFinding({ exemption }),
    ];
    assert.equal(
      evaluateOutcome(findings, 'high', { complete: true }).reason,
      '2 unexempted findings at or above high (1 critical, 1 high) (1 exempted)',
    );
    assert.match(evaluateOutcome([], 'high', { complete: false }).reason, /incomplete/);
    assert.equal(
      evaluateOutcome([poolFinding({ severity: 'low' })], 'none', { complete: true }).reason,
      '1 unexempted finding, failOnSeverity is none',
    );
  });
});
