/** Exemption dates: `YYYY-MM-DD`, meaning the end of that day in UTC. */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Parses `YYYY-MM-DD` into the last millisecond of that UTC day (23:59:59.999Z), or undefined when the text is
 * not a real calendar date (e.g. `2026-13-01`, `2026-02-30`).
 */
export function parseExpiryDate(text: string): Date | undefined {
  const match = ISO_DATE.exec(text);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const endOfDay = new Date(Date.UTC(year, month - 1, day, 23, 59, 59, 999));
  // Date.UTC rolls 2026-02-30 over to March: a round trip catches impossible dates.
  if (endOfDay.getUTCFullYear() !== year || endOfDay.getUTCMonth() !== month - 1 || endOfDay.getUTCDate() !== day) {
    return undefined;
  }
  return endOfDay;
}

/** True while the exemption applies: through 23:59:59.999Z of its expiry day. */
export function isActive(expiresAt: Date, now: Date): boolean {
  return now.getTime() <= expiresAt.getTime();
}
