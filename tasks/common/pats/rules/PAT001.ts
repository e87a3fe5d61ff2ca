import type { PatRule } from '../rule';
import { patFinding, tokenResult } from '../finding';
import { isLive } from '../lifecycle';
import { describeToken } from '../refs';
import { isFullAccess } from '../scopes';

/** PAT001: a live full-access token (`app_token`, or `user_impersonation`). */
export const PAT001: PatRule = {
  info: {
    id: 'PAT001',
    title: 'Full-access personal access token',
    defaultSeverity: 'high',
    rationale:
      'A full-access token can do everything its owner can, in every area (code, pipelines, security, tokens); ' +
      'one leak hands over the whole account.',
    fix:
      'Revoke it and create a token with only the scopes the job needs (Custom defined), or use a service ' +
      'principal / workload identity instead.',
  },
  evaluate(token, owner, _settings, now) {
    const live = isLive(token, now);
    if (!live || !isFullAccess(token.scopes)) return tokenResult(PAT001.info, token, owner, live);
    return tokenResult(PAT001.info, token, owner, true, [
      patFinding(
        PAT001.info,
        'high',
        `${describeToken(token, owner)} has full access (all scopes). Replace it with a token limited to the scopes it needs.`,
        token,
        owner,
      ),
    ]);
  },
};
