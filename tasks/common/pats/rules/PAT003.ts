import type { PatRule } from '../rule';
import { patFinding, tokenResult } from '../finding';
import type { Finding } from '../../model/finding';
import { isLive } from '../lifecycle';
import { allowedScopesFor } from '../profiles';
import { describeToken } from '../refs';
import { FULL_ACCESS_SCOPES, normalizeScope } from '../scopes';

/**
 * PAT003: a live token with high-privilege scopes, or with scopes we do not know.
 * Decision: ONE finding per token. High when any high-privilege scope is present (scopes allowed by a matching
 * purpose profile excluded, e.g. `vso.agentpools_manage` on an agent-registration token); medium when the only
 * problem is unknown scopes ("unknown, not safe"). Both lists are in the evidence. Full-access scopes are left
 * to PAT001.
 */
export const PAT003: PatRule = {
  info: {
    id: 'PAT003',
    title: 'Personal access token with high-privilege or unknown scopes',
    defaultSeverity: 'high',
    rationale:
      'Scopes such as code write, build execute, service connection or security manage let a leaked token change ' +
      'code, run pipelines or grant itself more access. A scope we cannot classify may be just as strong.',
    fix:
      'Re-create the token with the least scopes the job needs (read instead of manage), or move the job to a ' +
      'service principal with workload identity.',
  },
  evaluate(token, owner, settings, now) {
    const live = isLive(token, now);
    if (!live) return tokenResult(PAT003.info, token, owner, false);
    const allowed = allowedScopesFor(token, settings);
    const high = new Set(settings.highPrivilegeScopes);
    const known = new Set(settings.knownScopes);
    const scopes = [...new Set(token.scopes.map(normalizeScope).filter((s) => s.length > 0))];
    const highScopes = scopes.filter((s) => high.has(s) && !allowed.has(s));
    const unknownScopes = scopes.filter((s) => !known.has(s) && !high.has(s) && !FULL_ACCESS_SCOPES.includes(s));
    if (highScopes.length === 0 && unknownScopes.length === 0) return tokenResult(PAT003.info, token, owner, true);
    const parts: string[] = [];
    if (highScopes.length > 0) parts.push(`high-privilege scopes ${highScopes.join(', ')}`);
    if (unknownScopes.length > 0) parts.push(`unknown scopes ${unknownScopes.join(', ')} (unknown, not safe)`);
    const finding: Finding = patFinding(
      PAT003.info,
      highScopes.length > 0 ? 'high' : 'medium',
      `${describeToken(token, owner)} carries ${parts.join(' and ')}. Re-create it with the least scopes the job needs.`,
      token,
      owner,
      {
        highPrivilegeScopes: highScopes.join(' ') || null,
        unknownScopes: unknownScopes.length > 0 ? `${unknownScopes.join(' ')} (unknown, not safe)` : null,
      },
    );
    return tokenResult(PAT003.info, token, owner, true, [finding]);
  },
};
