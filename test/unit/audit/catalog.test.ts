import { strict as assert } from 'assert';
import { POOL_RULES, POOL_RULE_IDS } from '../../../tasks/common/audit/catalog';
import { runPoolRules } from '../../../tasks/common/audit/run';
import { resolvePoolAuditSettings } from '../../../tasks/common/audit/settings';
import { SEVERITIES } from '../../../tasks/common/model/finding';
import { NOW, adoGroup, orgPoolRow, pool, queue, snapshot } from './fixtures';

describe('audit/catalog and runPoolRules', () => {
  it('lists POOL001…POOL019 in order with complete rule info', () => {
    assert.deepEqual(
      POOL_RULE_IDS,
      Array.from({ length: 19 }, (_, i) => `POOL${String(i + 1).padStart(3, '0')}`),
    );
    for (const rule of POOL_RULES) {
      assert.ok(SEVERITIES.includes(rule.info.defaultSeverity), rule.info.id);
      assert.ok(rule.info.title && rule.info.rationale && rule.info.fix, rule.info.id);
    }
  });

  it('runs all rules, concatenating findings and evaluated pairs', () => {
    const snap = snapshot({
      pools: [pool(12, 'linux', { autoProvision: true })],
      queues: [queue(7, 12, 'linux', true)],
      roleAssignments: [orgPoolRow(12, adoGroup('g', '[Web]\\Readers'), 'User')],
    });
    const result = runPoolRules(snap, resolvePoolAuditSettings(), NOW);
    assert.deepEqual(
      result.findings.map((f) => f.ruleId),
      // POOL019: a plain self-hosted pool (agents reused) open to all pipelines. POOL014 is silent: checks not read.
      ['POOL001', 'POOL006', 'POOL007', 'POOL019'],
    );
    assert.ok(
      result.evaluated.some((e) => e.ruleId === 'POOL003' && e.resource.id === '12'),
      'passes are listed too',
    );
  });

  it('resolves settings with defaults and rejects negative numbers', () => {
    const settings = resolvePoolAuditSettings({ maxAdministrators: 3 });
    assert.equal(settings.maxAdministrators, 3);
    assert.equal(settings.broadGroupMemberThreshold, 50);
    assert.ok(settings.broadGroups.includes('Project Valid Users'));
    assert.throws(() => resolvePoolAuditSettings({ staleAgentDays: -1 }), /staleAgentDays/);
  });
});
