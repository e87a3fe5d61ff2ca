/**
 * Writes JSON exactly as `toSafeJson` (`JSON.stringify(value, null, 2)` with logging commands neutralised) renders
 * it, but piece by piece to a file: a report with tens of thousands of findings never exists as one string.
 * Arrays are written element by element; other values in one piece.
 */
import { neutraliseLoggingCommands } from './escape';
import { writeFileInPieces } from './file-writer';

/** An array the writer asks for one element at a time (e.g. SARIF results mapped from findings on the fly). */
export class LazyArray<T> {
  constructor(
    readonly length: number,
    readonly items: () => Iterable<T>,
  ) {}
}

/** Writes `value` as pretty JSON (2 spaces) to `path`, followed by a newline. */
export function writeSafeJsonFile(path: string, value: unknown): void {
  writeFileInPieces(path, (write) => {
    writeValue(value, '', write);
    write('\n');
  });
}

/** One piece the way JSON.stringify renders it at this depth (undefined when JSON.stringify would skip it). */
function piece(value: unknown, indent: string): string | undefined {
  const text = JSON.stringify(value, null, 2);
  if (text === undefined) return undefined;
  return neutraliseLoggingCommands(indent ? text.replace(/\n/g, `\n${indent}`) : text, '#\\u0023');
}

function writeValue(value: unknown, indent: string, write: (text: string) => void): void {
  const inner = `${indent}  `;
  if (value instanceof LazyArray || Array.isArray(value)) {
    const length = value.length;
    if (length === 0) return write('[]');
    write('[\n');
    let index = 0;
    for (const item of value instanceof LazyArray ? value.items() : value) {
      write(inner);
      // JSON.stringify renders holes, undefined and functions in arrays as null.
      if (isContainer(item)) writeValue(item, inner, write);
      else write(piece(item, inner) ?? 'null');
      write(++index < length ? ',\n' : '\n');
    }
    return write(`${indent}]`);
  }
  if (isPlainObject(value)) {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined && typeof v !== 'function' && typeof v !== 'symbol');
    if (entries.length === 0) return write('{}');
    write('{\n');
    entries.forEach(([key, v], i) => {
      write(`${inner}${piece(key, '')}: `);
      if (isContainer(v)) writeValue(v, inner, write);
      else write(piece(v, inner) ?? 'null');
      write(i < entries.length - 1 ? ',\n' : '\n');
    });
    return write(`${indent}}`);
  }
  write(piece(value, indent) ?? 'null');
}

/** Arrays and plain objects are opened here; anything with `toJSON` (dates) or of another class goes to JSON.stringify. */
function isContainer(value: unknown): boolean {
  return value instanceof LazyArray || Array.isArray(value) || isPlainObject(value);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
