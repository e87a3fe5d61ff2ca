import { strict as assert } from 'node:assert';
import type { EventRead } from '../../../tasks/common/pats/events-read';
import { patRulesNotJudged } from '../../../tasks/common/pats/not-judged';
import { POLICY_TITLES, type KnownPolicyName, type PolicyPosture, type PolicyStatus } from '../../../tasks/common/pats/posture';
import { resolvePatAuditSettings } from '../../../tasks/common/pats/settings';

const settings = resolvePatAuditSettings({ maxLifetimeDays: 90 });
const read: EventRead = { state: 'read', entriesRead: 0, events: [] };

function posture(overrides: Partial<Record<KnownPolicyName, Partial<PolicyStatus>>> = {}): PolicyPosture {
  const policies = (Object.keys(POLICY_TITLES) as KnownPolicyName[]).map((name): PolicyStatus => ({
    name,
    title: POLICY_TITLES[name],
    source: name.startsWith('TenantPolicy.') ? 'tenant' : 'organization',
    state: 'on',
    ...(name === 'TenantPolicy.RestrictPersonalAccessTokenLifespan' ? { value: 30 } : {}),
    ...(name === 'Policy.DisablePATCreation' ? { value: [] } : {}),
    ...overrides[name],
  }));
  return { complete: true, policies };
}

describe('pats: rules not judged this run', () => {
  it('everything read: every rule judged', () => {
    assert.deepEqual([...patRulesNotJudged({ tokensComplete: true, posture: posture(), events: read, settings })], []);
  });

  it('policies skipped or the log skipped/unknown: PAT009–PAT013 and PAT014 are not judged', () => {
    const skipped = patRulesNotJudged({ tokensComplete: true, posture: undefined, events: { ...read, state: 'skipped' }, settings });
    assert.deepEqual([...skipped].sort(), ['PAT009', 'PAT010', 'PAT011', 'PAT012', 'PAT013', 'PAT014']);
    const blind = patRulesNotJudged({ tokensComplete: true, posture: posture(), events: { ...read, state: 'unknown' }, settings });
    assert.deepEqual([...blind], ['PAT014']);
  });

  it('an unknown policy, or the lifespan policy on without its limit, leaves only its rule unjudged', () => {
    const refused = posture({ 'TenantPolicy.EnableLeakedPersonalAccessTokenAutoRevocation': { state: 'unknown', reason: 'HTTP 403' } });
    assert.deepEqual([...patRulesNotJudged({ tokensComplete: true, posture: refused, events: read, settings })], ['PAT011']);
    const noLimit = posture({ 'TenantPolicy.RestrictPersonalAccessTokenLifespan': { value: undefined } });
    assert.deepEqual([...patRulesNotJudged({ tokensComplete: true, posture: noLimit, events: read, settings })], ['PAT010']);
  });

  it('token lists not all read: the token rules PAT001–PAT008 are not judged', () => {
    const rules = patRulesNotJudged({ tokensComplete: false, posture: posture(), events: read, settings });
    assert.deepEqual([...rules], ['PAT001', 'PAT002', 'PAT003', 'PAT004', 'PAT005', 'PAT006', 'PAT007', 'PAT008']);
  });
});
