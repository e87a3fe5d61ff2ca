/**
 * Decides whether an agent capability looks like it holds a secret, and says why WITHOUT repeating the
 * value. The reason strings end up in findings, logs and reports, so they carry only the key, the
 * pattern and the value's length.
 */

/** Capability keys (and `key=` assignments) that name a secret: regular expressions, case-insensitive. */
export const DEFAULT_SECRET_PATTERNS: readonly string[] = [
  'password',
  'passwd',
  // Short words only as separate words (lookarounds, case-insensitive): AZP_PAT and MY-PWD, never PATH or SASS.
  '(?<![a-z])pwd(?![a-z])',
  '(?<![a-z])pat(?![a-z])',
  '(?<![a-z])sas(?![a-z])',
  'sharedaccesssignature',
  'secret',
  'token',
  'api[_-]?key',
  'access[_-]?key',
  'account[_-]?key',
  'private[_-]?key',
  'client[_-]?secret',
  'connection[_-]?string',
  'credential',
];

/** Values at least this long may be flagged for entropy alone. */
export const ENTROPY_MIN_LENGTH = 20;
/** Shannon entropy (bits per character) at or above which a token-like value looks random. */
export const ENTROPY_MIN_BITS = 4;

// Token-like: one word of base64/base32/hex/url-safe characters. Paths (`/usr/...`, `C:\...`), versions
// (`1.2.3`), URLs and sentences contain characters outside this set or start with `/`.
const TOKEN_CHARSET = /^[A-Za-z0-9+/=_-]+$/;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TRIVIAL_VALUES = new Set(['', 'true', 'false', 'yes', 'no', 'on', 'off', 'null', 'none', 'n/a']);

/** Shannon entropy of `text` in bits per character. */
export function shannonEntropy(text: string): number {
  if (text.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const ch of text) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / text.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/** True for a value that looks like a random token (and not like a GUID, path, version or word). */
export function looksHighEntropy(value: string): boolean {
  const trimmed = value.trim();
  if (trimmed.length < ENTROPY_MIN_LENGTH || !TOKEN_CHARSET.test(trimmed)) return false;
  if (trimmed.startsWith('/') || GUID.test(trimmed)) return false;
  if (!/[A-Za-z]/.test(trimmed) || !/[0-9]/.test(trimmed)) return false;
  return shannonEntropy(trimmed) >= ENTROPY_MIN_BITS;
}

export interface CompiledSecretPattern {
  source: string;
  key: RegExp;
  /** `pattern=` or `pattern:` inside a value, e.g. `Password=` in a connection string. */
  assignment: RegExp;
}

/** Compiles the settings' regex sources (case-insensitive). Throws naming a bad pattern. */
export function compileSecretPatterns(sources: readonly string[]): CompiledSecretPattern[] {
  return sources.map((source) => {
    try {
      return { source, key: new RegExp(source, 'i'), assignment: new RegExp(`(?:${source})\\s*[=:]\\s*\\S`, 'i') };
    } catch (error) {
      throw new Error(`Invalid secret pattern '${source}': ${(error as Error).message}`);
    }
  });
}

/**
 * Why `key`=`value` looks like a secret, or undefined when it does not. The reason never contains the value.
 * Order: key name pattern (needs a non-trivial value), value assignment pattern, then entropy.
 */
export function secretReason(key: string, value: string, patterns: readonly CompiledSecretPattern[]): string | undefined {
  const trimmed = (value ?? '').trim();
  if (TRIVIAL_VALUES.has(trimmed.toLowerCase())) return undefined;
  const keyHit = patterns.find((pattern) => pattern.key.test(key));
  if (keyHit) return `key name matches pattern '${keyHit.source}' and the value is set (${trimmed.length} chars)`;
  const valueHit = patterns.find((pattern) => pattern.assignment.test(trimmed));
  if (valueHit) return `value contains an assignment matching pattern '${valueHit.source}'`;
  if (looksHighEntropy(trimmed)) return `high-entropy ${trimmed.length}-char value`;
  return undefined;
}
