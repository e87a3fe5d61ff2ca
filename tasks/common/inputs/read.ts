/**
 * Typed, validated task inputs. Every error names the input and what is allowed, and is raised before
 * anything is changed. Pure: the adapter supplies a reader over task-lib's getInput.
 */

export type InputReader = (name: string) => string | undefined;

/** An input that cannot be used as given. */
export class InputError extends Error {
  constructor(
    readonly input: string,
    message: string,
  ) {
    super(`Input '${input}' ${message}`);
    this.name = 'InputError';
  }
}

function raw(read: InputReader, name: string): string | undefined {
  const value = read(name);
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

export interface StringOptions {
  required?: boolean;
  default?: string;
  /** What the input holds, for the "is required" message (e.g. "the agent pool's name or id"). */
  describe?: string;
}

export function readString(read: InputReader, name: string, options: StringOptions & { required: true }): string;
export function readString(read: InputReader, name: string, options: StringOptions & { default: string }): string;
export function readString(read: InputReader, name: string, options?: StringOptions & { required?: false }): string | undefined;
export function readString(read: InputReader, name: string, options: StringOptions = {}): string | undefined {
  const value = raw(read, name) ?? options.default;
  if (options.required && value === undefined)
    throw new InputError(name, options.describe ? `is required: ${options.describe}.` : 'is required.');
  return value;
}

export interface IntegerOptions {
  required?: boolean;
  default?: number;
  min?: number;
  max?: number;
}

export function readInteger(read: InputReader, name: string, options: IntegerOptions & { default: number }): number;
export function readInteger(read: InputReader, name: string, options?: IntegerOptions): number | undefined;
export function readInteger(read: InputReader, name: string, options: IntegerOptions = {}): number | undefined {
  const min = options.min ?? 0;
  const max = options.max ?? 1_000_000;
  const value = raw(read, name);
  if (value === undefined) {
    if (options.required && options.default === undefined) throw new InputError(name, `is required: a whole number from ${min} to ${max}.`);
    return options.default;
  }
  if (!/^[+-]?\d+$/.test(value)) throw new InputError(name, `must be a whole number from ${min} to ${max}; got '${value}'.`);
  const number = Number(value);
  if (!Number.isSafeInteger(number) || number < min || number > max) {
    throw new InputError(name, `must be a whole number from ${min} to ${max}; got ${value}.`);
  }
  return number;
}

/** Booleans accept true/false (any case) only: a typo must not silently become false. */
export function readBoolean(read: InputReader, name: string, defaultValue: boolean): boolean {
  const value = raw(read, name);
  if (value === undefined) return defaultValue;
  if (/^true$/i.test(value)) return true;
  if (/^false$/i.test(value)) return false;
  throw new InputError(name, `must be true or false; got '${value}'.`);
}

export function readChoice<T extends string>(read: InputReader, name: string, allowed: readonly T[], defaultValue?: T): T {
  const value = raw(read, name);
  if (value === undefined) {
    if (defaultValue !== undefined) return defaultValue;
    throw new InputError(name, `is required; allowed values: ${allowed.join(', ')}.`);
  }
  const match = allowed.find((choice) => choice.toLowerCase() === value.toLowerCase());
  if (!match) throw new InputError(name, `must be one of ${allowed.join(', ')}; got '${value}'.`);
  return match;
}

/** An absolute https URL (organization URLs, service hosts). */
export function readHttpsUrl(read: InputReader, name: string, fallback?: string): string {
  const value = raw(read, name) ?? fallback;
  if (!value) throw new InputError(name, 'is required: the organization URL, e.g. https://dev.azure.com/contoso/.');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InputError(name, `must be an absolute https URL such as https://dev.azure.com/contoso/; got '${value}'.`);
  }
  if (url.protocol !== 'https:') throw new InputError(name, `must use https (e.g. https://dev.azure.com/contoso/); got '${value}'.`);
  if (url.search || url.hash) throw new InputError(name, `must not contain a query or fragment; got '${value}'.`);
  return url.toString().endsWith('/') ? url.toString() : `${url.toString()}/`;
}
