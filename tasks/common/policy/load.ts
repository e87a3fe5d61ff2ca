import { parseDocument } from 'yaml';
import { SEVERITIES, type Severity } from '../model/finding';
import { isActive, parseExpiryDate } from './dates';
import { PolicyError, type PolicyIssue } from './errors';
import { childPath, describeAllowed, describeValue, indexPath, suggest } from './paths';
import { checkSettingValue, type PolicySchema, type SettingSpecs, type SettingsOf } from './schema';
import type { Exemption, Policy, RuleOverride } from './types';

/** Source name used when no policy file is given. */
export const DEFAULT_POLICY_SOURCE = '(defaults)';

const TOP_LEVEL_KEYS = ['version', 'settings', 'rules', 'exemptions'] as const;
const RULE_OVERRIDE_KEYS = ['enabled', 'severity'] as const;
const EXEMPTION_KEYS = ['rule', 'resource', 'principal', 'tokenName', 'authorizationId', 'reason', 'expires'] as const;
const EXEMPTION_MATCHERS = ['resource', 'principal', 'tokenName', 'authorizationId'] as const;

/**
 * Parses and validates a policy (YAML or JSON text). `text` undefined or blank gives the schema's defaults.
 * Every problem found is collected and thrown together as one {@link PolicyError}; exemptions that have already
 * expired at `now` are kept (they stop applying) and noted in `warnings`.
 */
export function loadPolicy<T extends SettingSpecs>(
  text: string | undefined,
  source: string,
  schema: PolicySchema<T>,
  now: Date,
): Policy<T> {
  const parsed = text === undefined ? null : parseText(text, source);
  // A blank or comment-only file parses to null: it means "all defaults".
  const raw = parsed === null || parsed === undefined ? {} : parsed;
  const issues = new IssueList();

  if (!isMapping(raw)) {
    throw new PolicyError(source, [{ path: '', problem: `the policy must be a mapping at top level, got ${describeValue(raw)}` }]);
  }
  checkKeys(raw, '', TOP_LEVEL_KEYS, issues, 'unknown top-level key');
  if (raw.version !== undefined && raw.version !== 1) {
    issues.add('version', `unsupported version ${describeValue(raw.version)}; allowed: 1`);
  }
  const settings = readSettings(raw.settings, schema, issues);
  const rules = readRules(raw.rules, schema, issues);
  const exemptions = readExemptions(raw.exemptions, schema, issues);
  if (issues.items.length > 0) throw new PolicyError(source, issues.items);

  const warnings = exemptions
    .filter((exemption) => !isActive(exemption.expiresAt, now))
    .map(
      (exemption) => `${source}: exemptions[${exemption.index}] (${exemption.rule}) expired on ${exemption.expires}; it no longer applies`,
    );
  return { source, version: 1, schema, settings, rules, exemptions, warnings };
}

/**
 * Returns a copy of the policy whose settings take the given values (task inputs win over the file). Keys whose
 * value is undefined are ignored, so an adapter can pass optional inputs as they are. Invalid values throw a
 * {@link PolicyError} naming `source`.
 */
export function overrideSettings<T extends SettingSpecs>(
  policy: Policy<T>,
  partial: Partial<SettingsOf<T>>,
  source = 'task inputs',
): Policy<T> {
  const issues: PolicyIssue[] = [];
  const settings: Record<string, unknown> = { ...policy.settings };
  for (const [key, value] of Object.entries(partial)) {
    if (value === undefined) continue;
    const spec = policy.schema.settings[key];
    if (!spec) {
      issues.push({ path: key, problem: `unknown setting; allowed: ${Object.keys(policy.schema.settings).join(', ')}` });
      continue;
    }
    const problem = checkSettingValue(spec, value);
    if (problem) {
      issues.push({ path: problem.index === undefined ? key : indexPath(key, problem.index), problem: problem.problem });
      continue;
    }
    settings[key] = Array.isArray(value) ? [...value] : value;
  }
  if (issues.length > 0) throw new PolicyError(source, issues);
  return { ...policy, settings: settings as SettingsOf<T> };
}

function parseText(text: string, source: string): unknown {
  // YAML 1.2 is a superset of JSON, so one parser reads both. Duplicate keys are errors (uniqueKeys default).
  const document = parseDocument(text);
  if (document.errors.length > 0) {
    throw new PolicyError(
      source,
      document.errors.map((error) => {
        const position = error.linePos?.[0];
        const where = position ? `line ${position.line}, column ${position.col}` : 'unknown position';
        return { path: '', problem: `not valid YAML or JSON at ${where}: ${firstLine(error.message)}` };
      }),
    );
  }
  return document.toJS({ maxAliasCount: 100 });
}

function firstLine(message: string): string {
  return message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}

/** Collects every problem so one error can name them all. */
class IssueList {
  readonly items: PolicyIssue[] = [];
  add(path: string, problem: string): void {
    this.items.push({ path, problem });
  }
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

function checkKeys(
  mapping: Record<string, unknown>,
  path: string,
  allowed: readonly string[],
  issues: IssueList,
  what = 'unknown key',
): void {
  for (const key of Object.keys(mapping)) {
    if (allowed.includes(key)) continue;
    const guess = suggest(key, allowed);
    issues.add(childPath(path, key), `${what}${guess ? ` (did you mean ${guess}?)` : ''}; allowed: ${allowed.join(', ')}`);
  }
}

function readSettings<T extends SettingSpecs>(raw: unknown, schema: PolicySchema<T>, issues: IssueList): SettingsOf<T> {
  const settings: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(schema.settings)) {
    settings[key] = Array.isArray(spec.default) ? [...spec.default] : spec.default;
  }
  if (raw === undefined || raw === null) return settings as SettingsOf<T>;
  if (!isMapping(raw)) {
    issues.add('settings', `must be a mapping of setting names to values, got ${describeValue(raw)}`);
    return settings as SettingsOf<T>;
  }
  const known = Object.keys(schema.settings);
  for (const [key, value] of Object.entries(raw)) {
    const path = childPath('settings', key);
    const spec = schema.settings[key];
    if (!spec) {
      const guess = suggest(key, known);
      issues.add(path, `unknown setting${guess ? ` (did you mean ${guess}?)` : ''}; allowed: ${known.join(', ') || '(none)'}`);
      continue;
    }
    const problem = checkSettingValue(spec, value);
    if (problem) {
      issues.add(problem.index === undefined ? path : indexPath(path, problem.index), problem.problem);
      continue;
    }
    settings[key] = value;
  }
  return settings as SettingsOf<T>;
}

function readRules(raw: unknown, schema: PolicySchema, issues: IssueList): Record<string, RuleOverride> {
  const rules: Record<string, RuleOverride> = {};
  if (raw === undefined || raw === null) return rules;
  if (!isMapping(raw)) {
    issues.add('rules', `must be a mapping of rule ids to overrides, got ${describeValue(raw)}`);
    return rules;
  }
  for (const [ruleId, value] of Object.entries(raw)) {
    const path = childPath('rules', ruleId);
    if (!schema.ruleIds.includes(ruleId)) {
      issues.add(path, unknownRuleProblem(ruleId, schema));
      continue;
    }
    if (!isMapping(value)) {
      issues.add(path, `must be a mapping with enabled and/or severity, got ${describeValue(value)}`);
      continue;
    }
    checkKeys(value, path, RULE_OVERRIDE_KEYS, issues);
    const override: RuleOverride = {};
    if (value.enabled !== undefined) {
      if (typeof value.enabled === 'boolean') override.enabled = value.enabled;
      else issues.add(childPath(path, 'enabled'), `must be true or false, got ${describeValue(value.enabled)}`);
    }
    if (value.severity !== undefined) {
      if (isSeverity(value.severity)) override.severity = value.severity;
      else issues.add(childPath(path, 'severity'), `${describeValue(value.severity)} is not a severity; allowed: ${SEVERITIES.join(', ')}`);
    }
    rules[ruleId] = override;
  }
  return rules;
}

function readExemptions(raw: unknown, schema: PolicySchema, issues: IssueList): Exemption[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    issues.add('exemptions', `must be a list, got ${describeValue(raw)}`);
    return [];
  }
  const exemptions: Exemption[] = [];
  raw.forEach((item: unknown, index) => {
    const exemption = readExemption(item, indexPath('exemptions', index), index, schema, issues);
    if (exemption) exemptions.push(exemption);
  });
  return exemptions;
}

function readExemption(item: unknown, path: string, index: number, schema: PolicySchema, issues: IssueList): Exemption | undefined {
  if (!isMapping(item)) {
    issues.add(
      path,
      `must be a mapping with rule, reason, expires and at least one of ${EXEMPTION_MATCHERS.join(', ')}; got ${describeValue(item)}`,
    );
    return undefined;
  }
  const before = issues.items.length;
  checkKeys(item, path, EXEMPTION_KEYS, issues);

  const rule = requiredString(item, 'rule', path, issues);
  if (rule !== undefined && !schema.ruleIds.includes(rule)) issues.add(childPath(path, 'rule'), unknownRuleProblem(rule, schema));

  const matchers: Partial<Record<(typeof EXEMPTION_MATCHERS)[number], string>> = {};
  for (const key of EXEMPTION_MATCHERS) {
    if (item[key] === undefined) continue;
    const value = optionalString(item, key, path, issues);
    if (value !== undefined) matchers[key] = value;
  }
  if (EXEMPTION_MATCHERS.every((key) => item[key] === undefined)) {
    issues.add(
      path,
      `needs at least one of ${EXEMPTION_MATCHERS.join(', ')} (use resource: "*" to exempt every resource, or rules.<id>.enabled: false to turn the rule off)`,
    );
  }

  const reason = requiredString(item, 'reason', path, issues);
  const expires = readExpires(item.expires, childPath(path, 'expires'), issues);
  if (issues.items.length > before || rule === undefined || reason === undefined || expires === undefined) {
    return undefined;
  }
  return { index, rule, ...matchers, reason, expires: expires.text, expiresAt: expires.at };
}

function requiredString(item: Record<string, unknown>, key: string, path: string, issues: IssueList): string | undefined {
  const value = item[key];
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  issues.add(childPath(path, key), value === undefined ? 'is required' : `must be a non-empty string, got ${describeValue(value)}`);
  return undefined;
}

function optionalString(item: Record<string, unknown>, key: string, path: string, issues: IssueList): string | undefined {
  const value = item[key];
  if (typeof value === 'number') return String(value); // a numeric pool id written without quotes
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  issues.add(childPath(path, key), `must be a non-empty string, got ${describeValue(value)}`);
  return undefined;
}

function readExpires(value: unknown, path: string, issues: IssueList): { text: string; at: Date } | undefined {
  if (value === undefined) {
    issues.add(path, 'is required (YYYY-MM-DD, UTC end of day)');
    return undefined;
  }
  // A `%YAML 1.1` document turns dates into timestamps; accept a midnight-UTC one as its calendar date.
  const text =
    value instanceof Date && !Number.isNaN(value.getTime()) && value.getUTCHours() === 0 && value.getUTCMinutes() === 0
      ? value.toISOString().slice(0, 10)
      : value;
  if (typeof text !== 'string') {
    issues.add(path, `${describeValue(value)} is not a valid date (YYYY-MM-DD)`);
    return undefined;
  }
  const at = parseExpiryDate(text.trim());
  if (!at) {
    issues.add(path, `${describeValue(text)} is not a valid date (YYYY-MM-DD)`);
    return undefined;
  }
  return { text: text.trim(), at };
}

function unknownRuleProblem(ruleId: string, schema: PolicySchema): string {
  // Only a case difference is suggested: POOL099 is not a typo of POOL009.
  const guess = suggest(ruleId, schema.ruleIds, 0);
  return `unknown rule id${guess ? ` (did you mean ${guess}?)` : ''}; allowed: ${describeAllowed(schema.ruleIds)}`;
}

function isSeverity(value: unknown): value is Severity {
  return typeof value === 'string' && (SEVERITIES as readonly string[]).includes(value);
}
