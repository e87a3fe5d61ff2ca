import type { PatRule } from '../rule';
import { patFinding, tokenResult } from '../finding';
import { isLive } from '../lifecycle';
import { describeToken } from '../refs';

/** PAT007: a live token whose owner is inactive or deleted in the directory. Unknown state does not fire. */
export const PAT007: PatRule = {
  info: {
    id: 'PAT007',
    title: 'Live personal access token of an inactive or deleted owner',
    defaultSeverity: 'high',
    rationale: 'Tokens of people who left keep working until they expire; nobody is left to notice misuse or to rotate them.',
    fix: 'Revoke the token; if automation depends on it, move that automation to a service principal first.',
  },
  evaluate(token, owner, _settings, now) {
    const live = isLive(token, now);
    const gone = owner.active === false || owner.deletedInOrigin === true;
    if (!live || !gone) return tokenResult(PAT007.info, token, owner, live);
    const state = owner.deletedInOrigin ? 'deleted in the directory' : 'inactive in the organization';
    return tokenResult(PAT007.info, token, owner, true, [
      patFinding(
        PAT007.info,
        'high',
        `${describeToken(token, owner)} is still valid although its owner is ${state}. Revoke it.`,
        token,
        owner,
        { ownerActive: owner.active ?? null, ownerDeletedInOrigin: owner.deletedInOrigin ?? null },
      ),
    ]);
  },
};
