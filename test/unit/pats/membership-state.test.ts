import { strict as assert } from 'node:assert';
import type { RawGraphSubject } from '../../../tasks/common/ado/graph';
import type { PatToken } from '../../../tasks/common/model/pat';
import { needsMembershipState } from '../../../tasks/common/pats/read';

const NOW = new Date('2026-12-02T12:00:00Z');
const user = (overrides: Partial<RawGraphSubject> = {}) => ({ descriptor: 'aad.x', ...overrides }) as RawGraphSubject;
const token = (overrides: Partial<PatToken> = {}): PatToken => ({
  authorizationId: 'a1',
  displayName: 'deploy',
  scopes: ['vso.code'],
  targetAccounts: ['org'],
  validFrom: new Date('2026-11-01T00:00:00Z'),
  validTo: new Date('2027-01-01T00:00:00Z'),
  isValid: true,
  isPublic: false,
  ...overrides,
});

describe('pats/read needsMembershipState: read only what a rule can still judge', () => {
  it('asks for owners holding a live token', () => {
    assert.equal(needsMembershipState(user(), [token({ isValid: false }), token()], NOW), true);
  });
  it('does not ask when every token is revoked or expired (no rule reads the state then)', () => {
    assert.equal(needsMembershipState(user(), [token({ isValid: false }), token({ validTo: NOW })], NOW), false);
    assert.equal(needsMembershipState(user(), [], NOW), false);
  });
  it('does not ask for an owner deleted in the directory (PAT007 fires whatever the state says)', () => {
    assert.equal(needsMembershipState(user({ isDeletedInOrigin: true }), [token()], NOW), false);
  });
});
