import { strict as assert } from 'node:assert';
import { findingFingerprint } from '../../../tasks/common/report/fingerprint';
import { patFinding, poolFinding } from '../policy/fixtures';

/**
 * Baselines and follow-up work items match findings of different runs by this fingerprint. A change to what goes
 * into it makes every finding "new" and every open work item "resolved" for every user: a breaking change that must
 * be deliberate. If this test fails, bump the report's major version (schemaVersion) and say so in the release notes.
 */
describe('finding fingerprint (pinned: changing it breaks every baseline)', () => {
  it('is the same value as in earlier releases', () => {
    assert.equal(findingFingerprint(poolFinding(), 'contoso'), '7418e0882311e30198782446045e5a33b8a3053b82e138112cbaf6d7f43012e5');
    assert.equal(findingFingerprint(patFinding(), 'contoso'), '636fad25025acd9f9cad8ff2dc962019aa4166162c83fbcc0653f9e509101b6c');
  });

  it('is the same in a single-organization report and in a merged one (where the finding names its organization)', () => {
    assert.equal(
      findingFingerprint(poolFinding(), 'Contoso'),
      findingFingerprint(poolFinding({ organization: 'contoso' }), 'contoso, fabrikam'),
    );
  });

  it('ignores names, message, severity, evidence, exemption, dates and baseline fields', () => {
    const base = findingFingerprint(poolFinding(), 'contoso');
    const changed = poolFinding({
      message: 'other text',
      severity: 'low',
      title: 'Another title',
      evidence: { role: 'Reader', days: 3 },
      exemption: { reason: 'accepted', expires: '2027-01-01' },
      baselineState: 'unchanged',
      firstSeen: '2026-01-01T00:00:00.000Z',
      resource: { kind: 'pool', id: '12', name: 'Renamed' },
      principal: { id: '0F1E2D3C-0000-0000-0000-000000000001', displayName: 'Renamed group' },
    });
    assert.equal(findingFingerprint(changed, 'CONTOSO'), base);
  });

  it('differs by rule, organization, resource kind, resource id and principal', () => {
    const base = findingFingerprint(poolFinding(), 'contoso');
    assert.notEqual(findingFingerprint(poolFinding({ ruleId: 'POOL002' }), 'contoso'), base);
    assert.notEqual(findingFingerprint(poolFinding(), 'fabrikam'), base);
    assert.notEqual(findingFingerprint(poolFinding({ resource: { kind: 'queue', id: '12', name: 'Linux-Prod' } }), 'contoso'), base);
    assert.notEqual(findingFingerprint(poolFinding({ resource: { kind: 'pool', id: '13', name: 'Linux-Prod' } }), 'contoso'), base);
    assert.notEqual(findingFingerprint(poolFinding({ principal: undefined }), 'contoso'), base);
  });
});
