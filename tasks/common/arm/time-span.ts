/** .NET-style time spans (`d.hh:mm:ss` or `hh:mm:ss`) as Managed DevOps Pools use them for stateful agents. */

const SPAN = /^(?:(\d+)\.)?(\d{1,2}):(\d{2}):(\d{2})$/;

/** Seconds in the span, or undefined when the text is not `d.hh:mm:ss` / `hh:mm:ss` with hours < 24 etc. */
export function parseTimeSpan(value: string): number | undefined {
  const match = SPAN.exec(value.trim());
  if (!match) return undefined;
  const [hours, minutes, seconds] = [Number(match[2]), Number(match[3]), Number(match[4])];
  if (hours > 23 || minutes > 59 || seconds > 59) return undefined;
  return Number(match[1] ?? 0) * 86_400 + hours * 3_600 + minutes * 60 + seconds;
}

/** Canonical `d.hh:mm:ss`, e.g. 1800 → `0.00:30:00`. */
export function formatTimeSpan(totalSeconds: number): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const days = Math.floor(totalSeconds / 86_400);
  const rest = totalSeconds % 86_400;
  return `${days}.${pad(Math.floor(rest / 3_600))}:${pad(Math.floor((rest % 3_600) / 60))}:${pad(rest % 60)}`;
}

/** Human words for a span: `7 days`, `30 min`, `1 day 2 h`. */
export function describeTimeSpan(value: string): string {
  const total = parseTimeSpan(value);
  if (total === undefined) return value;
  const parts: string[] = [];
  const days = Math.floor(total / 86_400);
  const hours = Math.floor((total % 86_400) / 3_600);
  const minutes = Math.floor((total % 3_600) / 60);
  if (days) parts.push(`${days} day${days === 1 ? '' : 's'}`);
  if (hours) parts.push(`${hours} h`);
  if (minutes) parts.push(`${minutes} min`);
  return parts.length ? parts.join(' ') : `${total} s`;
}
