import type { PatRule } from '../rule';
import { DAY_MS } from '../rule';
import { patFinding, tokenResult } from '../finding';
import { daysUntilExpiry, isLive, msUntilExpiry } from '../lifecycle';
import { describeToken } from '../refs';

/**
 * PAT005: a live token expiring soon. Medium when `validTo − now ≤ expiringWithinDays`; a low-severity notice
 * when `≤ noticeWithinDays`; nothing for expired tokens (PAT006) or later expiries. Boundaries inclusive.
 */
export const PAT005: PatRule = {
  info: {
    id: 'PAT005',
    title: 'Personal access token expiring soon',
    defaultSeverity: 'medium',
    rationale: 'Automation that depends on the token fails when it expires; owners are emailed only once, a week ahead.',
    fix: 'Renew or replace the token before it expires and update the places that use it (or let it lapse on purpose).',
  },
  evaluate(token, owner, settings, now) {
    const live = isLive(token, now);
    if (!live) return tokenResult(PAT005.info, token, owner, false);
    const remainingMs = msUntilExpiry(token, now);
    const urgent = remainingMs <= settings.expiringWithinDays * DAY_MS;
    const notice = remainingMs <= settings.noticeWithinDays * DAY_MS;
    if (!urgent && !notice) return tokenResult(PAT005.info, token, owner, true);
    const daysLeft = daysUntilExpiry(token, now);
    return tokenResult(PAT005.info, token, owner, true, [
      patFinding(
        PAT005.info,
        urgent ? 'medium' : 'low',
        `${describeToken(token, owner)} expires on ${token.validTo.toISOString()} (${daysLeft} days left). ` +
          'Renew or replace it before then if something still uses it.',
        token,
        owner,
        { daysLeft, window: urgent ? `≤ ${settings.expiringWithinDays} days` : `≤ ${settings.noticeWithinDays} days` },
      ),
    ]);
  },
};
