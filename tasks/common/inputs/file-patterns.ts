import * as fs from 'node:fs';
import * as path from 'node:path';

/** Most files a pattern may visit while walking folders: a guard against `**` over a whole disk. */
const MAX_VISITED = 200_000;
/** Folders a walk never enters: dependencies and version control hold no reports. */
const SKIPPED_FOLDERS = new Set(['node_modules', '.git']);

/**
 * Files matched by glob patterns (`*`, `?`, `**` for any number of folders), relative patterns resolved against
 * `baseDirectory`. A pattern without wildcards names a file, or a folder whose `.json` files are all taken.
 * Returns absolute paths, each once, sorted; patterns that match nothing are listed in `unmatched`.
 */
export function expandPatterns(
  patterns: readonly string[],
  baseDirectory: string,
  inputName = 'reportFiles',
): { files: string[]; unmatched: string[] } {
  const files = new Set<string>();
  const unmatched: string[] = [];
  for (const pattern of patterns) {
    const absolute = path.resolve(baseDirectory, pattern);
    const found = hasWildcard(pattern) ? matchGlob(absolute, inputName) : matchPlain(absolute, inputName);
    if (found.length === 0) unmatched.push(pattern);
    for (const file of found) files.add(file);
  }
  return { files: [...files].sort(), unmatched };
}

/** True when a pattern holds `*` or `?`. */
export function hasWildcard(pattern: string): boolean {
  return /[*?]/.test(pattern);
}

function matchPlain(absolute: string, inputName: string): string[] {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(absolute);
  } catch {
    return [];
  }
  if (stat.isFile()) return [absolute];
  if (stat.isDirectory()) return walk(absolute, inputName).filter((file) => file.toLowerCase().endsWith('.json'));
  return [];
}

function matchGlob(absolute: string, inputName: string): string[] {
  const normalized = absolute.split(path.sep).join('/');
  const segments = normalized.split('/');
  const firstWild = segments.findIndex((segment) => hasWildcard(segment));
  const root = segments.slice(0, firstWild).join('/') || '/';
  const regex = globToRegExp(segments.slice(firstWild).join('/'));
  let stat: fs.Stats;
  try {
    stat = fs.statSync(root);
  } catch {
    return [];
  }
  if (!stat.isDirectory()) return [];
  return walk(root, inputName).filter((file) => regex.test(path.relative(root, file).split(path.sep).join('/')));
}

/** `**` spans folders (also none), `*` and `?` stay inside one name; everything else is literal. */
export function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i];
    if (char === '*' && glob[i + 1] === '*') {
      const slash = glob[i + 2] === '/';
      source += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (char === '*') source += '[^/]*';
    else if (char === '?') source += '[^/]';
    else source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, process.platform === 'win32' ? 'i' : '');
}

function walk(root: string, inputName: string): string[] {
  const files: string[] = [];
  const pending = [root];
  let visited = 0;
  while (pending.length > 0) {
    const dir = pending.pop()!;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      if (++visited > MAX_VISITED)
        throw new Error(`Input '${inputName}': more than ${MAX_VISITED} files under ${root}; use a narrower pattern.`);
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_FOLDERS.has(entry.name)) pending.push(full);
      } else if (entry.isFile()) files.push(full);
    }
  }
  return files;
}
