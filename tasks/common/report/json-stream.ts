/**
 * Writes JSON exactly as `toSafeJson` (`JSON.stringify(value, null, 2)` with logging commands neutralised) renders
 * it, but piece by piece to a file: a report with tens of thousands of findings never exists as one string.
 * Objects and large arrays are opened here; each element of an array (a finding, a SARIF result) is one
 * `JSON.stringify` call, re-indented to its depth: native serialisation does the per-field work, and a report of
 * 30,000 findings is written in a fraction of the time a field-by-field walk takes.
 */
import { neutraliseLoggingCommands } from './escape';
import { writeFileInPieces } from './file-writer';

/** An array the writer asks for one element at a time (e.g. SARIF results mapped from findings on the fly). */
export class LazyArray<T> {
  constructor(
    readonly length: number,
    readonly items: () => Iterable<T>,
  ) {}

  /** Met inside an element serialised whole: renders as the array it stands for (no longer streamed, still exact). */
  toJSON(): T[] {
    return [...this.items()];
  }
}

/** Writes `value` as pretty JSON (2 spaces) to `path`, followed by a newline. */
export function writeSafeJsonFile(path: string, value: unknown): void {
  writeFileInPieces(path, (write) => {
    writeValue(value, '', write);
    write('\n');
  });
}

/**
 * An element with a direct child longer than this is opened rather than serialised whole, so a wrapper around a
 * big list (SARIF's one run around its results) still streams.
 */
const WHOLE_ELEMENT_MAX_CHILD_LENGTH = 64;
/** Elements serialised per `JSON.stringify` call: large enough to amortise the call, small enough to die young. */
const BATCH = 128;

/** One piece the way JSON.stringify renders it at this depth (undefined when JSON.stringify would skip it). */
function piece(value: unknown, indent: string): string | undefined {
  const text = JSON.stringify(value, null, 2);
  if (text === undefined) return undefined;
  return neutraliseLoggingCommands(indent ? text.replace(/\n/g, `\n${indent}`) : text, '#\\u0023');
}

function writeValue(value: unknown, indent: string, write: (text: string) => void): void {
  const inner = `${indent}  `;
  if (value instanceof LazyArray || Array.isArray(value)) {
    if (value.length === 0) return write('[]');
    write('[\n');
    writeElements(value instanceof LazyArray ? value.items() : value, inner, write);
    return write(`\n${indent}]`);
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

/**
 * Elements one per line at `indent`, separated by `,\n` (no line break after the last). Runs of elements that hold no
 * long list are serialised together, one `JSON.stringify` per batch, wrapped in as many arrays as the depth needs:
 * the text between the wrappers' bracket lines is exactly those elements' lines, already indented (no re-indenting pass).
 */
function writeElements(items: Iterable<unknown>, indent: string, write: (text: string) => void): void {
  let batch: unknown[] = [];
  let first = true;
  const separate = () => {
    if (!first) write(',\n');
    first = false;
  };
  const flushBatch = () => {
    if (batch.length === 0) return;
    separate();
    // JSON.stringify renders holes, undefined and functions in arrays as null, as the whole document would.
    const depth = indent.length / 2;
    let wrapped: unknown = batch;
    for (let level = 1; level < depth; level++) wrapped = [wrapped];
    // `depth` nested `[` lines before the elements and as many `]` lines after: k(k+1) characters on each side.
    const text = neutraliseLoggingCommands(JSON.stringify(wrapped, null, 2), '#\\u0023');
    write(text.slice(depth * (depth + 1), text.length - depth * (depth + 1)));
    batch = [];
  };
  for (const item of items) {
    if (!opensHere(item)) {
      batch.push(item);
      if (batch.length >= BATCH) flushBatch();
      continue;
    }
    flushBatch();
    separate();
    write(indent);
    writeValue(item, indent, write);
  }
  flushBatch();
}

/** Arrays and plain objects are opened here; anything with `toJSON` (dates) or of another class goes to JSON.stringify. */
function isContainer(value: unknown): boolean {
  return value instanceof LazyArray || Array.isArray(value) || isPlainObject(value);
}

/** Whether an array element is opened (written part by part) rather than serialised whole: it holds a long list. */
function opensHere(item: unknown): boolean {
  if (item instanceof LazyArray) return true;
  if (Array.isArray(item)) return item.length > WHOLE_ELEMENT_MAX_CHILD_LENGTH || item.some(isLongList);
  if (!isPlainObject(item)) return false;
  for (const key in item) if (Object.prototype.hasOwnProperty.call(item, key) && isLongList(item[key])) return true;
  return false;
}

function isLongList(value: unknown): boolean {
  return value instanceof LazyArray || (Array.isArray(value) && value.length > WHOLE_ELEMENT_MAX_CHILD_LENGTH);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
