/** Name matching for settings lists such as `sensitivePools`. */

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Turns one settings entry into a predicate:
 * - `/source/flags` → regular expression (flags as given);
 * - contains `*` or `?` → glob over the whole name, case-insensitive;
 * - anything else → exact name, case-insensitive.
 * Throws on an invalid regular expression, naming the entry.
 */
export function compileNamePattern(entry: string): (name: string) => boolean {
  const regexForm = /^\/(.+)\/([a-z]*)$/.exec(entry);
  if (regexForm) {
    let regex: RegExp;
    try {
      regex = new RegExp(regexForm[1], regexForm[2]);
    } catch (error) {
      throw new Error(`Invalid name pattern '${entry}': ${(error as Error).message}`);
    }
    return (name) => regex.test(name);
  }
  if (/[*?]/.test(entry)) {
    const source = entry
      .split('')
      .map((ch) => (ch === '*' ? '.*' : ch === '?' ? '.' : escapeRegex(ch)))
      .join('');
    // `s`: wildcards span line breaks too, so a newline in a pool name cannot dodge the pattern.
    const glob = new RegExp(`^${source}$`, 'is');
    return (name) => glob.test(name);
  }
  const exact = entry.trim().toLowerCase();
  return (name) => name.trim().toLowerCase() === exact;
}

/** True when `name` matches any entry (see `compileNamePattern`). */
export function matchesAnyNamePattern(name: string, entries: readonly string[]): boolean {
  return entries.some((entry) => compileNamePattern(entry)(name));
}

/**
 * Turns a comma-separated list of wildcard patterns (`*`, `?`) into a matcher; `!pattern` excludes.
 * Matching is case-insensitive, as pool names are in Azure DevOps; wildcards match any character, line breaks too.
 */
export function wildcardMatcher(patterns: string): (name: string) => boolean {
  const parts = patterns
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  // `s`: a wildcard also spans line breaks, or a pool named with a newline would escape `*` (and the audit).
  const toRegex = (pattern: string) =>
    new RegExp(
      `^${pattern
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '.*')
        .replace(/\?/g, '.')}$`,
      'is',
    );
  const include = parts.filter((part) => !part.startsWith('!')).map(toRegex);
  const exclude = parts.filter((part) => part.startsWith('!')).map((part) => toRegex(part.slice(1)));
  return (name) => (include.length === 0 || include.some((re) => re.test(name))) && !exclude.some((re) => re.test(name));
}
