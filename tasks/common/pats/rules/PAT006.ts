import type { PatRule } from '../rule';
import { patFinding, tokenResult } from '../finding';
import { isExpired } from '../lifecycle';
import { describeToken } from '../refs';

/** PAT006: a token that is expired (`validTo ≤ now`) or marked `isValid: false` but still listed. */
export const PAT006: PatRule = {
  info: {
    id: 'PAT006',
    title: 'Expired or invalid personal access token still listed',
    defaultSeverity: 'low',
    rationale: 'Dead tokens clutter reviews and can be regenerated with their old scopes; removing them keeps the inventory honest.',
    fix: 'Revoke the token (revocation mode "expired" does this for all of them).',
  },
  evaluate(token, owner, _settings, now) {
    const expired = isExpired(token, now);
    if (!expired && token.isValid) return tokenResult(PAT006.info, token, owner, true);
    const state = expired ? `expired on ${token.validTo.toISOString()}` : 'is marked invalid';
    return tokenResult(PAT006.info, token, owner, true, [
      patFinding(PAT006.info, 'low', `${describeToken(token, owner)} ${state} but is still listed. Revoke it.`, token, owner, {
        expired,
      }),
    ]);
  },
};
