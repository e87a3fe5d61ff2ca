import type { PatRule } from '../rule';
import { DAY_MS } from '../rule';
import { patFinding, tokenResult } from '../finding';
import { isLive, lifetimeMs } from '../lifecycle';
import { describeToken } from '../refs';

/**
 * PAT004: a live token whose lifetime (validTo − validFrom) is MORE than `maxLifetimeDays` (exactly is fine). SSH keys
 * (`isPublic`) are held to `maxSshKeyLifetimeDays` instead, with the same boundary.
 */
export const PAT004: PatRule = {
  info: {
    id: 'PAT004',
    title: 'Personal access token lifetime longer than allowed',
    defaultSeverity: 'medium',
    rationale: 'Long-lived tokens stay useful to whoever finds them long after the job that needed them.',
    fix: 'Re-create the token with a shorter expiry and rotate it on a schedule (or automate renewal).',
  },
  evaluate(token, owner, settings, now) {
    const live = isLive(token, now);
    const limitDays = token.isPublic ? settings.maxSshKeyLifetimeDays : settings.maxLifetimeDays;
    const limitMs = limitDays * DAY_MS;
    if (!live || lifetimeMs(token) <= limitMs) return tokenResult(PAT004.info, token, owner, live);
    const lifetimeDays = Math.round((lifetimeMs(token) / DAY_MS) * 10) / 10;
    return tokenResult(PAT004.info, token, owner, true, [
      patFinding(
        PAT004.info,
        'medium',
        `${describeToken(token, owner)} lives ${lifetimeDays} days (limit ${limitDays}). ` + 'Re-create it with a shorter expiry.',
        token,
        owner,
        { lifetimeDays, [token.isPublic ? 'maxSshKeyLifetimeDays' : 'maxLifetimeDays']: limitDays },
      ),
    ]);
  },
};
