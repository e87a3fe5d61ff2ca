import type { PatRule } from '../rule';
import { patFinding, tokenResult } from '../finding';
import { isLive } from '../lifecycle';
import { allowedScopesFor, matchingProfiles } from '../profiles';
import { describeToken } from '../refs';
import { normalizeScope } from '../scopes';

/**
 * PAT008: a live token whose name matches a purpose profile carries scopes outside that profile (the union of
 * all matching profiles). Tokens matching no profile are not evaluated.
 */
export const PAT008: PatRule = {
  info: {
    id: 'PAT008',
    title: 'Purpose token carries scopes outside its purpose',
    defaultSeverity: 'medium',
    rationale:
      'A token named for one job (e.g. agent registration) is shared with the machines doing that job; extra ' +
      'scopes on it are exposed there for no reason.',
    fix: 'Re-create the token with only the scopes of its purpose profile (agent registration: Agent Pools read & manage).',
  },
  evaluate(token, owner, settings, now) {
    const profiles = matchingProfiles(token, settings);
    const applies = isLive(token, now) && profiles.length > 0;
    if (!applies) return tokenResult(PAT008.info, token, owner, false);
    const allowed = allowedScopesFor(token, settings);
    const outside = [...new Set(token.scopes.map(normalizeScope))].filter((s) => s.length > 0 && !allowed.has(s));
    if (outside.length === 0) return tokenResult(PAT008.info, token, owner, true);
    const profileNames = profiles.map((p) => p.name).join(', ');
    return tokenResult(PAT008.info, token, owner, true, [
      patFinding(
        PAT008.info,
        'medium',
        `${describeToken(token, owner)} looks like a '${profileNames}' token but also carries ${outside.join(', ')}. ` +
          `Limit it to ${[...allowed].join(', ')}.`,
        token,
        owner,
        { purposeProfiles: profileNames, scopesOutsideProfile: outside.join(' '), allowedScopes: [...allowed].join(' ') },
      ),
    ]);
  },
};
