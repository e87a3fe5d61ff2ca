/** PAT014 over the audit-log events, the churn counts, and the JSON report's `events` section. */
import { concatResults, type RuleResult } from '../rules/result';
import type { Finding } from '../model/finding';
import type { PatOwner, PatToken } from '../model/pat';
import { churnByOwner, inWindow, isLeakEvent, LEAK_ACTIONS, type LeakAction, type OwnerChurn } from './events';
import type { EventRead } from './events-read';
import { READ_ROLES } from './posture';
import { PAT014, type HoldingsByName } from './rules/PAT014';

/** Each owner's tokens under every name an audit event may use for them (display name, principal name, mail). */
export function holdingsByName(entries: readonly { token: PatToken; owner: PatOwner }[]): HoldingsByName {
  const byDescriptor = new Map<string, { owner: PatOwner; tokens: PatToken[] }>();
  for (const { token, owner } of entries) {
    const held = byDescriptor.get(owner.descriptor) ?? { owner, tokens: [] };
    held.tokens.push(token);
    byDescriptor.set(owner.descriptor, held);
  }
  const byName = new Map<string, { owner: PatOwner; tokens: PatToken[] }>();
  for (const held of byDescriptor.values()) {
    for (const name of [held.owner.displayName, held.owner.principalName, held.owner.mailAddress]) {
      if (name && !byName.has(name.toLowerCase())) byName.set(name.toLowerCase(), held);
    }
  }
  return byName;
}

/**
 * PAT014 findings for the events read (none when the audit log was skipped or could not be read). A log read while
 * audit logging is off or unknown still reports the leaks it shows.
 */
export function leakFindings(events: EventRead, holdings: HoldingsByName, now: Date): RuleResult {
  if (!events.window || (events.state !== 'read' && !events.logging)) return concatResults([]);
  return PAT014.evaluate(events.events, holdings, events.window, now);
}

/** An event's owner as the users list names them (events use display names or UPNs), else as the event names them. */
function ownerName(name: string | undefined, holdings: HoldingsByName): string | undefined {
  return name ? (holdings.get(name.toLowerCase())?.owner.displayName ?? name) : undefined;
}

/** Tokens leaked or revoked by the system: one per owner and token name (a discovery and its revocation are one token). */
export function leakedTokenCount(findings: readonly Finding[]): number {
  const keys = findings.map((f) =>
    f.evidence.tokenName ? `${f.principal?.id ?? ''}\u0000${String(f.evidence.tokenName)}` : f.resource.id,
  );
  return new Set(keys).size;
}

export interface EventsSection {
  /** `read`, `skipped` (auditLookbackDays 0) or `unknown` (the log could not be read: see `reason`). */
  state: EventRead['state'];
  complete: boolean;
  lookbackDays: number;
  window?: { start: string; end: string };
  entriesRead: number;
  reason?: string;
  readRole?: string;
  /** `off` / `unknown` when the log was read but audit logging is not known to be on (the part is then unknown). */
  logging?: 'off' | 'unknown';
  leaks: { when: string; action: string; what: string; owner: string | null; tokenName: string | null }[];
  churn: OwnerChurn[];
}

export function eventsSection(events: EventRead, lookbackDays: number, holdings: HoldingsByName = new Map()): EventsSection {
  const window = events.window;
  const named = events.events.map((event) => ({ ...event, owner: ownerName(event.owner, holdings) }));
  const inside = window ? named.filter((event) => inWindow(event.when, window)) : [];
  return {
    state: events.state,
    complete: events.state !== 'unknown',
    lookbackDays,
    ...(window ? { window: { start: window.start.toISOString(), end: window.end.toISOString() } } : {}),
    entriesRead: events.entriesRead,
    ...(events.reason
      ? { reason: events.reason, ...(events.logging ? { logging: events.logging } : { readRole: READ_ROLES.auditLog }) }
      : {}),
    leaks: inside.filter(isLeakEvent).map((event) => ({
      when: event.when.toISOString(),
      action: event.actionId,
      what: LEAK_ACTIONS[event.actionId as LeakAction],
      owner: event.owner ?? null,
      tokenName: event.tokenName ?? null,
    })),
    churn: window ? churnByOwner(named, window) : [],
  };
}
