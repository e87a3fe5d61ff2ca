/**
 * The organization's audit log on the auditservice host (found through the location service). Pages carry
 * `continuationToken` and `hasMore` in the body; `startTime`/`endTime` stay the same on every page. The documented
 * body is `AuditLogQueryResult`; the spec's example and the Learn sample wrap it in `{value: {...}}`: both are read.
 */
import { API_VERSIONS, dateOf, type AdoApi } from './api';

interface RawAuditEntry {
  id?: string;
  actionId?: string;
  timestamp?: string;
  actorDisplayName?: string;
  actorUPN?: string;
  actorUserId?: string;
  area?: string;
  category?: string;
  details?: string;
  data?: Record<string, unknown> | null;
}

interface RawQueryResult {
  decoratedAuditLogEntries?: RawAuditEntry[] | null;
  continuationToken?: string | null;
  hasMore?: boolean;
}

/** One audit event. `data` holds the template values (key names are not documented; callers read them defensively). */
export interface AuditEntry {
  id: string;
  actionId: string;
  timestamp: Date;
  actorDisplayName?: string;
  actorUPN?: string;
  details?: string;
  data: Record<string, unknown>;
}

/** The query result, unwrapped from `{value: {...}}` when the service sends the example's shape. */
export function unwrapQueryResult(body: unknown): RawQueryResult {
  if (!body || typeof body !== 'object') return {};
  const record = body as Record<string, unknown>;
  if (!('decoratedAuditLogEntries' in record) && record.value && typeof record.value === 'object' && !Array.isArray(record.value)) {
    return record.value as RawQueryResult;
  }
  return record as RawQueryResult;
}

/** Entries without an action or a readable timestamp are dropped: nothing could be concluded from them. */
export function mapAuditEntry(raw: RawAuditEntry): AuditEntry | undefined {
  const timestamp = dateOf(raw.timestamp);
  if (!raw.actionId || !timestamp) return undefined;
  return {
    id: raw.id ?? '',
    actionId: raw.actionId,
    timestamp,
    actorDisplayName: raw.actorDisplayName,
    actorUPN: raw.actorUPN,
    details: raw.details,
    data: raw.data ?? {},
  };
}

/** Audit log entries between `start` and `end`, page by page. HTTP failures are thrown as `HttpError`. */
export async function* auditLogPages(api: AdoApi, start: Date, end: Date, batchSize = 1000): AsyncGenerator<AuditEntry[]> {
  const url = await api.areaUrl('audit', '_apis/audit/auditlog');
  const seen = new Set<string>();
  let continuationToken: string | undefined;
  for (;;) {
    const response = await api.client.get<unknown>(url, {
      query: {
        startTime: start.toISOString(),
        endTime: end.toISOString(),
        batchSize,
        continuationToken,
        'api-version': API_VERSIONS.auditLog,
      },
    });
    const result = unwrapQueryResult(response.body);
    yield (result.decoratedAuditLogEntries ?? []).flatMap((raw) => mapAuditEntry(raw) ?? []);
    const next = result.continuationToken || undefined;
    if (!result.hasMore || !next) return;
    // A service handing back a token it already gave would page forever.
    if (seen.has(next)) throw new Error(`The audit log of ${api.orgUrl} returned continuation token ${next} twice`);
    seen.add(next);
    continuationToken = next;
  }
}
