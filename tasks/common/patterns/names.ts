/**
 * The one pattern language of every input that takes names (docs/patterns.md lists them all: `poolNameFilter`,
 * `sensitivePools`, `broadGroups`, `allowedAdministrators`, `trustedApprovers`, `broadGroupNames`, and the `resource`,
 * `principal` and `tokenName` matchers of policy exemptions). docs/patterns.md describes it once:
 *
 * - `*` matches any run of characters (none included), `?` exactly one character; everything else is literal
 *   (`.`, `+`, `(`, `[`, `\` … are plain characters, there is no regular-expression form);
 * - a pattern matches the WHOLE name, case-insensitively;
 * - surrounding spaces of the pattern and of the name are ignored, and wildcards match line breaks too, so a name
 *   with a newline in it (`prod\n| injected |`) cannot dodge a pattern.
 */

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Compiles one pattern into a predicate over names (see the module comment). */
export function compileNamePattern(pattern: string): (name: string) => boolean {
  const source = Array.from(pattern.trim(), (ch) => (ch === '*' ? '.*' : ch === '?' ? '.' : escapeRegex(ch))).join('');
  // `s`: wildcards span line breaks; `u`: `?` is one character even outside the Basic Multilingual Plane.
  const regex = new RegExp(`^${source}$`, 'isu');
  return (name) => regex.test(name.trim());
}

/** True when `name` matches any of `patterns`. */
export function matchesAnyNamePattern(name: string, patterns: readonly string[]): boolean {
  return patterns.some((pattern) => compileNamePattern(pattern)(name));
}

/**
 * A group name against name patterns: a pattern with a `\` matches the whole scoped name (`[Web]\Contributors`,
 * `[*]\Release*`); a pattern without one matches the name without its `[scope]\` prefix (`Contributors` matches
 * `[Web]\Contributors` and `[fabrikam]\Contributors`). Used where a match RAISES a finding (broad groups), never
 * for allow lists: a bare name would let a project group borrow the name of an organization group.
 */
export function matchesGroupNamePattern(name: string, patterns: readonly string[]): boolean {
  const local = name.slice(name.lastIndexOf('\\') + 1);
  return patterns.some((pattern) => compileNamePattern(pattern)(pattern.includes('\\') ? name : local));
}

/**
 * A name filter written as one input: comma-separated patterns, `!pattern` excludes. A name passes when it matches
 * some included pattern (or none is given) and no excluded one, e.g. `Linux-*,!Linux-Legacy`.
 */
export function nameFilter(list: string): (name: string) => boolean {
  const parts = list
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  const include = parts.filter((part) => !part.startsWith('!')).map(compileNamePattern);
  const exclude = parts.filter((part) => part.startsWith('!')).map((part) => compileNamePattern(part.slice(1)));
  return (name) => (include.length === 0 || include.some((matches) => matches(name))) && !exclude.some((matches) => matches(name));
}
