/**
 * The audit log on the auditservice host (`_apis/audit/auditlog`, preview only: 7.1-preview.1 / 7.2-preview.1).
 * Newest first, between `startTime` and `endTime` (both inclusive), 90 days kept. Pages of `batchSize` (capped by
 * the seed's `maxBatchSize`) with `continuationToken` and `hasMore`; a token is only valid for the same start and end.
 * The body is `AuditLogQueryResult`, or `{value: {...}}` when the seed asks for the spec example's shape. Reading
 * needs `auditlog:read` ("View audit log", 403 otherwise).
 */
import { randomUUID } from 'node:crypto';
import { adoError, json, type RouteContext, type RouteResponse } from '../http';
import type { Route } from '../router';
import type { SeedAuditEntry } from '../seed';

const RETENTION_MS = 90 * 86_400_000;
const DEFAULT_BATCH = 200;

function badArgument(message: string): RouteResponse {
  return adoError(400, 'ArgumentException', message, 'System', 'mscorlib');
}

function dateParam(ctx: RouteContext, name: string): Date | undefined | 'invalid' {
  const text = ctx.query[name.toLowerCase()];
  if (text === undefined || text === '') return undefined;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? 'invalid' : date;
}

function shape(ctx: RouteContext, entry: SeedAuditEntry): Record<string, unknown> {
  const org = ctx.state.org.organization;
  return {
    id: entry.id,
    correlationId: entry.id,
    activityId: entry.id,
    actorCUID: '00000000-0000-0000-0000-000000000000',
    actorUserId: '00000000-0000-0000-0000-000000000000',
    actorClientId: '00000000-0000-0000-0000-000000000000',
    actorUPN: entry.actorUPN ?? null,
    authenticationMechanism: entry.actorUPN ? 'AAD_Cookie' : 'System',
    timestamp: entry.timestamp,
    scopeType: 'organization',
    scopeDisplayName: `${org.name} (Organization)`,
    scopeId: org.id,
    projectId: null,
    projectName: null,
    ipAddress: entry.actorUPN ? '203.0.113.10' : null,
    userAgent: null,
    actionId: entry.actionId,
    data: entry.data,
    details: entry.details,
    area: entry.area,
    category: entry.category,
    categoryDisplayName: entry.category[0].toUpperCase() + entry.category.slice(1),
    actorDisplayName: entry.actorDisplayName,
    actorImageUrl: null,
  };
}

export function auditLogRoutes(): Route[] {
  // Continuation tokens of this emulator → where the next page starts and the window it belongs to.
  const continuations = new Map<string, { offset: number; start: number; end: number }>();

  const query = (ctx: RouteContext): RouteResponse => {
    const now = ctx.state.now().getTime();
    const start = dateParam(ctx, 'startTime');
    const end = dateParam(ctx, 'endTime');
    if (start === 'invalid' || end === 'invalid') return badArgument('startTime and endTime must be ISO 8601 date/times.');
    const from = start?.getTime() ?? now - RETENTION_MS;
    const to = end?.getTime() ?? now;
    if (from > to) return badArgument('startTime must not be later than endTime.');
    const batchText = ctx.query.batchsize;
    const batch = batchText === undefined ? DEFAULT_BATCH : Number(batchText);
    if (!Number.isInteger(batch) || batch < 1) return badArgument(`batchSize must be a positive whole number, got ${batchText}.`);
    const size = Math.min(batch, ctx.state.org.auditLog?.maxBatchSize ?? batch);

    let offset = 0;
    const token = ctx.query.continuationtoken;
    if (token) {
      const saved = continuations.get(token);
      if (!saved) return badArgument(`Invalid continuation token ${token}.`);
      if (saved.start !== from || saved.end !== to)
        return badArgument('The continuation token belongs to a query with another startTime or endTime.');
      offset = saved.offset;
    }
    const entries = (ctx.state.org.auditLog?.entries ?? [])
      .filter((entry) => {
        const at = Date.parse(entry.timestamp);
        return at >= from && at <= to && at >= now - RETENTION_MS;
      })
      .sort((a, b) => Date.parse(b.timestamp) - Date.parse(a.timestamp) || a.id.localeCompare(b.id));
    const page = entries.slice(offset, offset + size);
    const hasMore = offset + size < entries.length;
    // The service hands out a token on every page; only `hasMore` says whether another page exists.
    const next = randomUUID();
    continuations.set(next, { offset: offset + size, start: from, end: to });
    const result = { decoratedAuditLogEntries: page.map((entry) => shape(ctx, entry)), continuationToken: next, hasMore };
    return json(200, ctx.state.org.auditLog?.wrapResponse ? { value: result } : result);
  };

  return [
    {
      method: 'GET',
      service: 'auditservice',
      template: '/_audit/:org/_apis/audit/auditlog',
      area: 'audit',
      resource: 'auditlog',
      grant: 'auditlog:read',
      apiVersion: 'preview',
      handler: query,
    },
  ];
}
