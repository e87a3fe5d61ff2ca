/** Helpers that build the key paths and value descriptions used in policy error messages. */

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** Appends an object key to a path: `settings` + `maxAdministrators` → `settings.maxAdministrators`. */
export function childPath(parent: string, key: string): string {
  const segment = PLAIN_KEY.test(key) ? key : JSON.stringify(key);
  if (!parent) return PLAIN_KEY.test(key) ? key : `[${segment}]`;
  return PLAIN_KEY.test(key) ? `${parent}.${segment}` : `${parent}[${segment}]`;
}

/** Appends a list index to a path: `exemptions` + 2 → `exemptions[2]`. */
export function indexPath(parent: string, index: number): string {
  return `${parent}[${index}]`;
}

/** Describes a value for "got …" in messages, short and unambiguous (strings quoted). */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (value instanceof Date) return `a timestamp (${value.toISOString()})`;
  if (typeof value === 'object') return 'a mapping';
  const text = typeof value === 'string' ? JSON.stringify(value) : String(value);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

/**
 * Lists allowed ids compactly: a contiguous run with one prefix (POOL001, POOL002 … POOL013) becomes
 * `POOL001…POOL013`; anything else is listed in full.
 */
export function describeAllowed(ids: readonly string[]): string {
  if (ids.length > 3) {
    const parsed = ids.map((id) => /^(.*?)(\d+)$/.exec(id));
    const first = parsed[0];
    const contiguous =
      first !== null &&
      parsed.every(
        (match, index) =>
          match !== null && match[1] === first[1] && match[2].length === first[2].length && Number(match[2]) === Number(first[2]) + index,
      );
    if (contiguous) return `${ids[0]}…${ids[ids.length - 1]}`;
  }
  return ids.join(', ');
}

/** Suggests the closest known name for a misspelt key (case-insensitive edit distance ≤ maxDistance). */
export function suggest(input: string, known: readonly string[], maxDistance = 2): string | undefined {
  const lower = input.toLowerCase();
  let best: { name: string; distance: number } | undefined;
  for (const name of known) {
    const distance = name.toLowerCase() === lower ? 0 : editDistance(lower, name.toLowerCase());
    if (distance <= maxDistance && (!best || distance < best.distance)) best = { name, distance };
  }
  return best?.name;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
    }
    previous = current;
  }
  return previous[b.length];
}
