import { RuleResultBuilder, type RuleResult } from '../../rules/result';
import type { Finding, RuleInfo } from '../../model/finding';
import type { PatOwner, PatToken } from '../../model/pat';
import { inWindow, isLeakEvent, LEAK_ACTIONS, type EventWindow, type LeakAction, type TokenEvent } from '../events';
import { isLive } from '../lifecycle';
import { ownerPrincipal } from '../refs';
import { isFullAccess, normalizeScope } from '../scopes';

/** An owner's tokens, found by any of the owner's names (display name, principal name, mail; lower-case). */
export type HoldingsByName = ReadonlyMap<string, { owner: PatOwner; tokens: readonly PatToken[] }>;

const info: RuleInfo = {
  id: 'PAT014',
  title: 'Personal access token leaked or revoked by the system',
  defaultSeverity: 'high',
  rationale:
    'Azure DevOps found the token in a public repository or revoked it itself. Whatever leaked it (a repository, a script, a ' +
    'machine) may leak its replacement too, and the owner may still hold tokens just as strong.',
  fix: 'Ask the owner where the token was used, remove it from that place, rotate every token the owner holds with the same scopes, and keep secrets in a vault.',
};

function sameScopes(a: readonly string[], b: readonly string[]): boolean {
  const left = new Set(a.map(normalizeScope));
  const right = new Set(b.map(normalizeScope));
  return left.size === right.size && [...left].every((scope) => right.has(scope));
}

/**
 * PAT014: a `Token.PatPublicDiscoveryEvent` or `Token.PatSystemRevokeEvent` within the window (both ends inclusive).
 * High; critical when the owner still holds a live full-scope or global PAT. The evidence says whether the owner still
 * holds live tokens with the event's scopes (when the event names them). Pure.
 */
export const PAT014 = {
  info,
  evaluate(events: readonly TokenEvent[], holdings: HoldingsByName, window: EventWindow, now: Date): RuleResult {
    const out = new RuleResultBuilder(info.id);
    for (const event of events) {
      if (!isLeakEvent(event) || !inWindow(event.when, window)) continue;
      const held = event.owner ? holdings.get(event.owner.toLowerCase()) : undefined;
      const live = (held?.tokens ?? []).filter((token) => !token.isPublic && isLive(token, now));
      const strong = live.filter((token) => isFullAccess(token.scopes) || token.targetAccounts === null);
      const sameScope = event.scopes ? live.filter((token) => sameScopes(token.scopes, event.scopes ?? [])) : [];
      const what = LEAK_ACTIONS[event.actionId as LeakAction];
      const ownerName = held?.owner.displayName ?? event.owner ?? 'an unknown owner';
      const tokenName = event.tokenName ?? '(name not in the event)';
      const parts = [`Token '${tokenName}' of ${ownerName} was ${what} on ${event.when.toISOString()}.`];
      if (strong.length > 0)
        parts.push(
          `The owner still holds ${strong.length} live full-scope or global token(s): ${strong.map((t) => `'${t.displayName}'`).join(', ')}.`,
        );
      if (sameScope.length > 0)
        parts.push(`The owner still holds live token(s) with the same scopes: ${sameScope.map((t) => `'${t.displayName}'`).join(', ')}.`);
      if (!held) parts.push('No user of the organization matched the owner named in the event.');
      const finding: Finding = {
        ruleId: info.id,
        severity: strong.length > 0 ? 'critical' : 'high',
        title: info.title,
        message: `${parts.join(' ')} Find where it leaked and rotate the owner's tokens.`,
        resource: {
          kind: 'auditEvent',
          id: event.id || `${event.actionId}@${event.when.toISOString()}`,
          name: `${tokenName} (${what})`,
          ...(held ? { parent: { kind: 'user', id: held.owner.descriptor, name: held.owner.displayName } } : {}),
        },
        principal: held
          ? ownerPrincipal(held.owner)
          : event.owner
            ? { id: event.owner, displayName: event.owner, kind: 'user' }
            : undefined,
        evidence: {
          actionId: event.actionId,
          when: event.when.toISOString(),
          tokenName: event.tokenName ?? null,
          eventScopes: event.scopes?.join(' ') ?? null,
          ownerMatched: Boolean(held),
          liveTokens: live.length,
          liveFullScopeOrGlobalTokens: strong.map((t) => t.displayName).join(', ') || null,
          liveSameScopeTokens: event.scopes ? sameScope.map((t) => t.displayName).join(', ') : null,
        },
      };
      out.add(finding);
    }
    return out.build();
  },
};
