/**
 * PAT events of the audit log, as the report and PAT014 see them. Pure. The keys inside an event's `data` are not
 * documented (they are inferred from the event templates, e.g. "{OwnerName}"): they are looked up case-insensitively
 * and an event without them is still reported, with what is known.
 */
import type { AuditEntry } from '../ado/audit-log';
import { DAY_MS } from '../rules/result';

export const LEAK_ACTIONS = {
  'Token.PatPublicDiscoveryEvent': 'found in a public repository',
  'Token.PatSystemRevokeEvent': 'revoked by the system',
} as const;
export type LeakAction = keyof typeof LEAK_ACTIONS;

export const CHURN_ACTIONS = {
  'Token.PatCreateEvent': 'created',
  'Token.PatUpdateEvent': 'regenerated',
  'Token.PatRevokeEvent': 'revoked',
} as const;
export type ChurnAction = keyof typeof CHURN_ACTIONS;

/** Action ids PatAudit keeps from the audit log (everything else is counted, then dropped). */
export const PAT_EVENT_ACTIONS: ReadonlySet<string> = new Set([...Object.keys(LEAK_ACTIONS), ...Object.keys(CHURN_ACTIONS)]);

/** Start and end of the look-back window, both inclusive. */
export interface EventWindow {
  start: Date;
  end: Date;
}

export function eventWindow(now: Date, lookbackDays: number): EventWindow {
  return { start: new Date(now.getTime() - lookbackDays * DAY_MS), end: now };
}

export function inWindow(when: Date, window: EventWindow): boolean {
  return when.getTime() >= window.start.getTime() && when.getTime() <= window.end.getTime();
}

/** A token event with the facts its data carried. */
export interface TokenEvent {
  id: string;
  actionId: string;
  when: Date;
  /** Whose token: `data.OwnerName`, else the actor (a user creating or revoking their own token). */
  owner?: string;
  tokenName?: string;
  /** Scopes when the event names them (space- or comma-separated in `data.Scopes` / `data.Scope`). */
  scopes?: string[];
}

function dataValue(data: Record<string, unknown>, ...keys: string[]): string | undefined {
  const wanted = new Set(keys.map((key) => key.toLowerCase()));
  for (const [key, value] of Object.entries(data)) {
    if (wanted.has(key.toLowerCase()) && value !== null && value !== undefined && String(value).trim() !== '') return String(value).trim();
  }
  return undefined;
}

export function tokenEventOf(entry: AuditEntry): TokenEvent {
  const scopes = dataValue(entry.data, 'Scopes', 'Scope');
  return {
    id: entry.id,
    actionId: entry.actionId,
    when: entry.timestamp,
    owner: dataValue(entry.data, 'OwnerName', 'Owner') ?? entry.actorUPN ?? entry.actorDisplayName,
    tokenName: dataValue(entry.data, 'DisplayName', 'TokenName', 'PatName'),
    scopes: scopes ? scopes.split(/[\s,]+/).filter(Boolean) : undefined,
  };
}

export function isLeakEvent(event: TokenEvent): boolean {
  return event.actionId in LEAK_ACTIONS;
}

export interface OwnerChurn {
  owner: string;
  created: number;
  regenerated: number;
  revoked: number;
}

/** PATs created, regenerated and revoked per owner within the window; busiest owners first. */
export function churnByOwner(events: readonly TokenEvent[], window: EventWindow): OwnerChurn[] {
  const byOwner = new Map<string, OwnerChurn>();
  for (const event of events) {
    const kind = CHURN_ACTIONS[event.actionId as ChurnAction];
    if (!kind || !inWindow(event.when, window)) continue;
    const owner = event.owner ?? '(unknown owner)';
    const key = owner.toLowerCase();
    const row = byOwner.get(key) ?? { owner, created: 0, regenerated: 0, revoked: 0 };
    row[kind] += 1;
    byOwner.set(key, row);
  }
  const total = (row: OwnerChurn) => row.created + row.regenerated + row.revoked;
  return [...byOwner.values()].sort((a, b) => total(b) - total(a) || a.owner.localeCompare(b.owner));
}
