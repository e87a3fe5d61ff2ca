/** Reads the PAT events of the audit log's look-back window; a refused read makes the events part `unknown`. */
import type { AdoApi } from '../ado/api';
import { auditLogPages } from '../ado/audit-log';
import { PAT_EVENT_ACTIONS, tokenEventOf, type EventWindow, type TokenEvent } from './events';
import { isUnreadable, unreadableReason } from './unreadable';

export interface EventRead {
  state: 'read' | 'skipped' | 'unknown';
  window?: EventWindow;
  /** Entries the log returned in the window (all actions). */
  entriesRead: number;
  /** PAT events only (created, regenerated, revoked, leaked, revoked by the system). */
  events: TokenEvent[];
  reason?: string;
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
