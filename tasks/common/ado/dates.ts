/** Date parsing for token admin payloads, whose timestamps come without a zone suffix. */

// YYYY-MM-DD, optional THH:mm[:ss[.fraction]], optional Z or ±hh:mm / ±hhmm.
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * Parses an ISO-8601 timestamp, treating a missing zone as UTC (the token admin API sends
 * `"2018-07-19T00:00:00"` meaning UTC). Explicit `Z`/offsets are honoured. .NET's 7-digit fractions are cut
 * to milliseconds (truncated, not rounded, so `.9999999` never rolls over into the next second).
 * Throws an Error naming the input when it is not such a timestamp or names an impossible date.
 */
export function parseTokenAdminDate(text: string): Date {
  const match = ISO.exec(String(text).trim());
  if (!match) throw new Error(`Not an ISO-8601 date/time from token admin: '${text}'`);
  const [, y, mo, d, h = '0', mi = '0', s = '0', fraction = '', zone] = match;
  const millis = Number((fraction + '000').slice(0, 3));
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), millis);
  const check = new Date(utc);
  // Date.UTC rolls 2024-02-30 over into March; reject instead of guessing.
  if (
    check.getUTCFullYear() !== Number(y) ||
    check.getUTCMonth() !== Number(mo) - 1 ||
    check.getUTCDate() !== Number(d) ||
    Number(h) > 23 ||
    Number(mi) > 59 ||
    Number(s) > 59
  ) {
    throw new Error(`Impossible date/time from token admin: '${text}'`);
  }
  let offsetMinutes = 0;
  if (zone && zone.toUpperCase() !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    offsetMinutes = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4)));
  }
  return new Date(utc - offsetMinutes * 60_000);
}
