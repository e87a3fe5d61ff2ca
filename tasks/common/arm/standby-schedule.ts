/**
 * Standby schedules of Managed DevOps Pools: the `standbySchedule` input grammar, the service's `daysData`
 * (7 maps of `"HH:mm:ss"` → count, Sunday first; `{}` = no change, the count carries over), and words for reports.
 *
 * Grammar: groups separated by `;`, each `<days> <entries>`; days `Mon`..`Sun` or a range `Mon-Fri`; entries
 * `HH:mm=count` separated by `,` (a bare `count` means `00:00=count`). Example: `Mon-Fri 08:00=4, 18:00=0; Sat-Sun 00:00=0`.
 */

/** Day names in the service's order (`daysData[0]` is Sunday). */
export const DAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
/** Order in which reports list the days. */
const WEEK_ORDER = [1, 2, 3, 4, 5, 6, 0];

export const SCHEDULE_FORM =
  "'Mon-Fri 08:00=4, 18:00=0; Sat-Sun 00:00=0' (days Mon..Sun, ranges with '-', groups separated by ';', entries HH:mm=count separated by ',')";

export type DaysData = Record<string, number>[];

export class ScheduleSyntaxError extends Error {
  constructor(message: string) {
    super(`${message}; expected a schedule like ${SCHEDULE_FORM}`);
    this.name = 'ScheduleSyntaxError';
  }
}

function dayIndex(name: string): number {
  const index = DAY_NAMES.findIndex((day) => day.toLowerCase() === name.toLowerCase());
  if (index < 0) throw new ScheduleSyntaxError(`'${name}' is not a day (Mon, Tue, Wed, Thu, Fri, Sat, Sun)`);
  return index;
}

function daysOf(spec: string): number[] {
  const range = spec.split('-');
  if (range.length > 2) throw new ScheduleSyntaxError(`'${spec}' is not a day or a range of days`);
  const from = dayIndex(range[0]);
  if (range.length === 1) return [from];
  const to = dayIndex(range[1]);
  // Ranges run Monday → Sunday (Sunday is the last day of a `Mon-Sun` range).
  const position = (day: number) => (day + 6) % 7;
  if (position(to) < position(from))
    throw new ScheduleSyntaxError(`the range '${spec}' runs backwards (write ranges from Mon towards Sun)`);
  const days: number[] = [];
  for (let p = position(from); p <= position(to); p++) days.push((p + 1) % 7);
  return days;
}

/** Parses the input grammar into 7 day maps (Sunday first); days not named get `{}` (no change). */
export function parseStandbySchedule(text: string, maxCount = 10_000): DaysData {
  const days: DaysData = Array.from({ length: 7 }, () => ({}));
  const named = new Set<number>();
  const groups = text
    .split(';')
    .map((group) => group.trim())
    .filter(Boolean);
  if (groups.length === 0) throw new ScheduleSyntaxError('the schedule is empty');
  for (const group of groups) {
    const match = /^([A-Za-z]{3}(?:\s*-\s*[A-Za-z]{3})?)\s+(.+)$/.exec(group);
    if (!match) throw new ScheduleSyntaxError(`'${group}' does not start with a day or a range of days followed by entries`);
    const groupDays = daysOf(match[1].replace(/\s+/g, ''));
    const entries: Record<string, number> = {};
    for (const rawEntry of match[2].split(',').map((entry) => entry.trim())) {
      const entry = /^\d+$/.test(rawEntry) ? `00:00=${rawEntry}` : rawEntry;
      const parts = /^(\d{1,2}):(\d{2})\s*=\s*(\d+)$/.exec(entry);
      if (!parts) throw new ScheduleSyntaxError(`'${rawEntry}' in '${group}' is not an entry HH:mm=count`);
      const [hours, minutes, count] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
      if (hours > 23 || minutes > 59) throw new ScheduleSyntaxError(`'${rawEntry}' is not a time of day from 00:00 to 23:59`);
      if (count > maxCount) throw new ScheduleSyntaxError(`the count ${count} in '${rawEntry}' is above ${maxCount}`);
      const key = `${String(hours).padStart(2, '0')}:${parts[2]}:00`;
      if (key in entries) throw new ScheduleSyntaxError(`'${group}' sets ${key.slice(0, 5)} twice`);
      entries[key] = count;
    }
    for (const day of groupDays) {
      if (named.has(day)) throw new ScheduleSyntaxError(`${DAY_NAMES[day]} appears in more than one group`);
      named.add(day);
      days[day] = sortEntries(entries);
    }
  }
  return days;
}

function sortEntries(entries: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(entries).sort(([a], [b]) => a.localeCompare(b)));
}

/** 7 maps from the service's 1 (whole week) or 7 (Sunday first); anything else is returned as given. */
function weekOf(daysData: DaysData): DaysData {
  return daysData.length === 1 ? Array.from({ length: 7 }, () => daysData[0]) : daysData;
}

/** Highest standby count anywhere in the schedule. */
export function highestCount(daysData: DaysData): number {
  return Math.max(0, ...daysData.flatMap((day) => Object.values(day ?? {})));
}

/** The count in force when a day starts: the last entry before it, going back through the week. */
function countAtStart(week: DaysData, day: number): number | undefined {
  for (let back = 1; back <= 7; back++) {
    const entries = Object.entries(week[(day - back + 7) % 7] ?? {}).sort(([a], [b]) => a.localeCompare(b));
    if (entries.length > 0) return entries[entries.length - 1][1];
  }
  return undefined;
}

/**
 * The schedule in words, Monday first, equal consecutive days grouped: `Mon–Fri 09:00 → 4, 17:00 → 0; Sat–Sun 0`.
 * A day without entries shows the count it carries over (or `no change` when the week has no entry at all).
 */
export function describeStandbySchedule(daysData: DaysData | undefined): string {
  if (!daysData || daysData.length === 0) return 'no schedule';
  if (daysData.length !== 1 && daysData.length !== 7) return `unreadable schedule (${daysData.length} day maps)`;
  const week = weekOf(daysData);
  const words = (day: number): string => {
    const entries = Object.entries(week[day] ?? {}).sort(([a], [b]) => a.localeCompare(b));
    if (entries.length === 0) {
      const carried = countAtStart(week, day);
      return carried === undefined ? 'no change' : String(carried);
    }
    return entries.map(([time, count]) => `${time.slice(0, 5)} → ${count}`).join(', ');
  };
  const groups: { first: number; last: number; text: string }[] = [];
  for (const day of WEEK_ORDER) {
    const text = words(day);
    const previous = groups[groups.length - 1];
    if (previous && previous.text === text) previous.last = day;
    else groups.push({ first: day, last: day, text });
  }
  if (groups.length === 1) return `every day ${groups[0].text}`;
  return groups
    .map((group) => `${DAY_NAMES[group.first]}${group.first === group.last ? '' : `–${DAY_NAMES[group.last]}`} ${group.text}`)
    .join('; ');
}
