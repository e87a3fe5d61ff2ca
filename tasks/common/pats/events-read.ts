/** Reads the PAT events of the audit log's look-back window; a refused read makes the events part `unknown`. */
import type { AdoApi } from '../ado/api';
import { auditLogPages } from '../ado/audit-log';
import { PAT_EVENT_ACTIONS, tokenEventOf, type EventWindow, type TokenEvent } from './events';
import { policyOf, type PolicyPosture } from './posture';
import { isUnreadable, unreadableReason } from './unreadable';

export interface EventRead {
  state: 'read' | 'skipped' | 'unknown';
  window?: EventWindow;
  /** Entries the log returned in the window (all actions). */
  entriesRead: number;
  /** PAT events only (created, regenerated, revoked, leaked, revoked by the system). */
  events: TokenEvent[];
  reason?: string;
  /** Set when the log was read but audit logging (`Policy.LogAuditEvents`) is off or unknown: see `requireAuditLogging`. */
  logging?: 'off' | 'unknown';
}

/** `lookbackDays` 0 skips the audit log (no request). Only PAT events are kept: the log of a big org is large. */
export async function readTokenEvents(ado: AdoApi, window: EventWindow | undefined): Promise<EventRead> {
  if (!window) return { state: 'skipped', entriesRead: 0, events: [] };
  const read: EventRead = { state: 'read', window, entriesRead: 0, events: [] };
  try {
    for await (const page of auditLogPages(ado, window.start, window.end)) {
      read.entriesRead += page.length;
      for (const entry of page) if (PAT_EVENT_ACTIONS.has(entry.actionId)) read.events.push(tokenEventOf(entry));
    }
  } catch (error) {
    if (!isUnreadable(error)) throw error;
    return { state: 'unknown', window, entriesRead: read.entriesRead, events: [], reason: unreadableReason(error) };
  }
  read.events.sort((a, b) => a.when.getTime() - b.when.getTime() || a.id.localeCompare(b.id));
  return read;
}

/**
 * A log read while audit logging (`Policy.LogAuditEvents`) is off, or not known to be on, cannot show that no token
 * leaked: the events part is then `unknown` with that reason. The events that were read are kept (a leak the log does
 * show is still a finding).
 */
export function requireAuditLogging(events: EventRead, posture: PolicyPosture | undefined): EventRead {
  if (events.state !== 'read') return events;
  const logging = posture ? policyOf(posture, 'Policy.LogAuditEvents') : undefined;
  if (logging?.state === 'on') return events;
  const blind = 'so the log cannot show that no token leaked or was revoked by the system';
  const reason = !posture
    ? `audit logging ("Log audit events") was not checked (checkPolicies: false), ${blind}`
    : logging?.state === 'off'
      ? `audit logging ("Log audit events") is off, ${blind}`
      : `audit logging ("Log audit events") is unknown (${logging?.reason ?? 'not read'}), ${blind}`;
  return { ...events, state: 'unknown', reason, logging: logging?.state === 'off' ? 'off' : 'unknown' };
}
