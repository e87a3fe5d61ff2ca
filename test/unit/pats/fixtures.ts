import type { PatOwner, PatToken } from '../../../tasks/common/model/pat';

export const DAY = 86_400_000;
export const NOW = new Date('2026-06-15T12:00:00.000Z');

export const OWNER: PatOwner = {
  descriptor: 'aad.jane',
  displayName: 'Jane Doe',
  principalName: 'jane@contoso.com',
  mailAddress: 'jane@contoso.com',
  active: true,
};

let counter = 0;

/** A live, org-scoped, 30-day, read-only token unless overridden. */
export function token(overrides: Partial<PatToken> = {}): PatToken {
  counter += 1;
  return {
    authorizationId: `auth-${counter}`,
    displayName: `token-${counter}`,
    scopes: ['vso.code'],
    targetAccounts: ['org-1'],
    validFrom: new Date(NOW.getTime() - 10 * DAY),
    validTo: new Date(NOW.getTime() + 20 * DAY + 1),
    isValid: true,
    isPublic: false,
    ...overrides,
  };
}
