import type { PatRule } from '../rule';
import { patFinding, tokenResult } from '../finding';
import { isLive } from '../lifecycle';
import { describeToken } from '../refs';

/**
 * PAT002: a live global token (`targetAccounts` null: valid in every organization of the owner).
 * High before `globalPatCutoff`; critical at and after it (UTC), when global PATs no longer work and
 * whatever depends on them breaks. An empty `targetAccounts` list is NOT treated as global (only null is).
 */
export const PAT002: PatRule = {
  info: {
    id: 'PAT002',
    title: 'Global (all organizations) personal access token',
    defaultSeverity: 'high',
    rationale:
      'A global token works in every organization the owner belongs to, far beyond what one job needs. Azure ' +
      'DevOps retires global PATs: they stop working on 2026-12-01.',
    fix: 'Create an organization-scoped replacement, switch its consumers over, then revoke the global token.',
  },
  evaluate(token, owner, settings, now) {
    const live = isLive(token, now);
    if (!live || token.targetAccounts !== null) return tokenResult(PAT002.info, token, owner, live);
    const cutoff = settings.globalPatCutoff;
    const pastCutoff = now.getTime() >= cutoff.getTime();
    const cutoffDay = cutoff.toISOString().slice(0, 10);
    const when = pastCutoff
      ? `Global PATs stopped working on ${cutoffDay}: anything using it is broken or about to be.`
      : `Global PATs stop working on ${cutoffDay}: replace it before then.`;
    return tokenResult(PAT002.info, token, owner, true, [
      patFinding(
        PAT002.info,
        pastCutoff ? 'critical' : 'high',
        `${describeToken(token, owner)} is valid in all organizations. ${when} Create an organization-scoped token instead.`,
        token,
        owner,
        { globalPatCutoff: cutoff.toISOString(), pastCutoff },
      ),
    ]);
  },
};
