/**
 * Each audit describes its policy with a schema: its rule ids and its settings (type, default, bounds). The loader
 * validates a policy file against it and fills in the defaults, so audits read typed settings only.
 */

import { describeValue } from './paths';

interface SettingSpecBase {
  /** One line for the policy README and error messages. */
  description: string;
}

export interface NumberSettingSpec extends SettingSpecBase {
  type: 'integer' | 'number';
  default: number;
  min?: number;
  max?: number;
}

export interface BooleanSettingSpec extends SettingSpecBase {
  type: 'boolean';
  default: boolean;
}

export interface StringSettingSpec extends SettingSpecBase {
  type: 'string';
  default: string;
  /** When given, the value must be one of these (compared exactly). */
  allowed?: readonly string[];
}

export interface StringListSettingSpec extends SettingSpecBase {
  type: 'string[]';
  default: readonly string[];
}

export type SettingSpec = NumberSettingSpec | BooleanSettingSpec | StringSettingSpec | StringListSettingSpec;

export type SettingSpecs = Record<string, SettingSpec>;

/** The TypeScript type of one setting's value. */
export type SettingValue<S extends SettingSpec> = S extends NumberSettingSpec
  ? number
  : S extends BooleanSettingSpec
    ? boolean
    : S extends StringSettingSpec
      ? string
      : S extends StringListSettingSpec
        ? string[]
        : never;

/** Typed settings with every default filled in. */
export type SettingsOf<T extends SettingSpecs> = { [K in keyof T]: SettingValue<T[K]> };

export interface PolicySchema<T extends SettingSpecs = SettingSpecs> {
  /** Every rule id of the audit, in display order (e.g. POOL001…POOL013). */
  ruleIds: readonly string[];
  settings: T;
}

/**
 * Declares an audit's policy schema. The `const` type parameter keeps each setting's literal `type`, so
 * `loadPolicy` returns settings typed per key (`maxAdministrators: number`, `broadGroups: string[]`).
 * Throws when a default does not satisfy its own spec (a programming error, caught by unit tests).
 */
export function definePolicySchema<const T extends SettingSpecs>(schema: PolicySchema<T>): PolicySchema<T> {
  if (schema.ruleIds.length === 0) throw new Error('definePolicySchema: ruleIds must not be empty');
  if (new Set(schema.ruleIds).size !== schema.ruleIds.length) {
    throw new Error(`definePolicySchema: duplicate rule ids in ${schema.ruleIds.join(', ')}`);
  }
  for (const [key, spec] of Object.entries(schema.settings)) {
    const problem = checkSettingValue(spec, spec.default);
    if (problem) throw new Error(`definePolicySchema: default of setting "${key}" is invalid: ${problem.problem}`);
  }
  return schema;
}

/** A problem with one setting value; `index` is set when one element of a list is wrong. */
export interface SettingProblem {
  problem: string;
  index?: number;
}

/** Returns what is wrong with a setting value, or undefined when it fits the spec. */
export function checkSettingValue(spec: SettingSpec, value: unknown): SettingProblem | undefined {
  switch (spec.type) {
    case 'integer':
    case 'number': {
      const isNumber = typeof value === 'number' && Number.isFinite(value);
      const fits =
        isNumber &&
        (spec.type === 'number' || Number.isInteger(value)) &&
        (spec.min === undefined || value >= spec.min) &&
        (spec.max === undefined || value <= spec.max);
      return fits ? undefined : { problem: `must be ${describeNumberSpec(spec)}, got ${describeValue(value)}` };
    }
    case 'boolean':
      return typeof value === 'boolean' ? undefined : { problem: `must be true or false, got ${describeValue(value)}` };
    case 'string':
      if (typeof value !== 'string') return { problem: `must be a string, got ${describeValue(value)}` };
      if (spec.allowed && !spec.allowed.includes(value)) {
        return { problem: `${describeValue(value)} is not allowed; allowed: ${spec.allowed.join(', ')}` };
      }
      return undefined;
    case 'string[]': {
      if (!Array.isArray(value)) return { problem: `must be a list of strings, got ${describeValue(value)}` };
      const badIndex = value.findIndex((item) => typeof item !== 'string');
      if (badIndex >= 0) return { problem: `must be a string, got ${describeValue(value[badIndex])}`, index: badIndex };
      return undefined;
    }
  }
}

function describeNumberSpec(spec: NumberSettingSpec): string {
  const noun = spec.type === 'integer' ? 'an integer' : 'a number';
  if (spec.min !== undefined && spec.max !== undefined) return `${noun} between ${spec.min} and ${spec.max}`;
  if (spec.min !== undefined) return `${noun} ≥ ${spec.min}`;
  if (spec.max !== undefined) return `${noun} ≤ ${spec.max}`;
  return noun;
}
