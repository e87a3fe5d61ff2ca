import assert from 'node:assert/strict';
import { loadPolicy, overrideSettings, PolicyError } from '../../../tasks/common/policy';
import { NOW, poolSchema } from './fixtures';

function loadError(text: string, source = 'policy.yml'): PolicyError {
  try {
    loadPolicy(text, source, poolSchema, NOW);
  } catch (error) {
    assert.ok(error instanceof PolicyError, `expected PolicyError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected loadPolicy to throw');
}

describe('loadPolicy', () => {
  it('fills every default when no file is given', () => {
    const policy = loadPolicy(undefined, '(defaults)', poolSchema, NOW);
    assert.equal(policy.settings.maxAdministrators, 5);
    assert.equal(policy.settings.expandGroups, true);
    assert.deepEqual(policy.settings.broadGroups, ['Contributors', 'Readers', 'Project Collection Valid Users', 'Project Valid Users']);
    assert.deepEqual(policy.rules, {});
    assert.deepEqual(policy.exemptions, []);
    assert.deepEqual(policy.warnings, []);
  });

  it('treats a blank or comment-only file as defaults', () => {
    assert.equal(loadPolicy('  \n', 'p.yml', poolSchema, NOW).settings.staleDays, 90);
    assert.equal(loadPolicy('# nothing yet\n', 'p.yml', poolSchema, NOW).settings.staleDays, 90);
  });

  it('reads the documented YAML example: settings, rule overrides and exemptions', () => {
    const policy = loadPolicy(
      [
        'version: 1',
        'settings:',
        '  maxAdministrators: 3',
        '  broadGroups: ["Contributors"]',
        'rules:',
        '  POOL002: { enabled: false }',
        '  POOL003: { severity: critical }',
        'exemptions:',
        '  - rule: POOL001',
        '    resource: "Linux-Prod"',
        '    principal: "[contoso]\\\\Contributors"',
        '    reason: "Migration until Q1"',
        '    expires: 2027-01-31',
      ].join('\n'),
      'policy.yml',
      poolSchema,
      NOW,
    );
    assert.equal(policy.settings.maxAdministrators, 3);
    assert.equal(policy.settings.staleDays, 90, 'unset keys keep defaults');
    assert.deepEqual(policy.settings.broadGroups, ['Contributors']);
    assert.deepEqual(policy.rules, { POOL002: { enabled: false }, POOL003: { severity: 'critical' } });
    assert.equal(policy.exemptions.length, 1);
    const [exemption] = policy.exemptions;
    assert.equal(exemption.principal, '[contoso]\\Contributors');
    assert.equal(exemption.expires, '2027-01-31');
    assert.equal(exemption.expiresAt.toISOString(), '2027-01-31T23:59:59.999Z');
  });

  it('reads JSON (tab-indented) as well as YAML', () => {
    const policy = loadPolicy('{\n\t"version": 1,\n\t"rules": {"POOL004": {"severity": "low"}}\n}', 'policy.json', poolSchema, NOW);
    assert.deepEqual(policy.rules.POOL004, { severity: 'low' });
  });

  it('accepts an unquoted numeric resource id', () => {
    const policy = loadPolicy('exemptions:\n  - {rule: POOL001, resource: 12, reason: r, expires: 2027-01-01}', 'p.yml', poolSchema, NOW);
    assert.equal(policy.exemptions[0].resource, '12');
  });

  describe('errors name the source and the exact path', () => {
    const cases: [string, string, string][] = [
      ['unknown rule id', 'rules:\n  POOL099: { enabled: false }', 'policy.yml: rules.POOL099: unknown rule id; allowed: POOL001…POOL013'],
      [
        'rule id with a different case',
        'rules:\n  pool002: { enabled: false }',
        'policy.yml: rules.pool002: unknown rule id (did you mean POOL002?); allowed: POOL001…POOL013',
      ],
      [
        'non-integer setting',
        'settings:\n  maxAdministrators: five',
        'policy.yml: settings.maxAdministrators: must be an integer ≥ 0, got "five"',
      ],
      [
        'fractional integer',
        'settings:\n  maxAdministrators: 2.5',
        'policy.yml: settings.maxAdministrators: must be an integer ≥ 0, got 2.5',
      ],
      ['negative integer', 'settings:\n  maxAdministrators: -1', 'policy.yml: settings.maxAdministrators: must be an integer ≥ 0, got -1'],
      [
        'integer above max',
        'settings:\n  staleDays: 4000',
        'policy.yml: settings.staleDays: must be an integer between 1 and 3650, got 4000',
      ],
      ['number out of range', 'settings:\n  ratio: 1.5', 'policy.yml: settings.ratio: must be a number between 0 and 1, got 1.5'],
      ['boolean given as text', 'settings:\n  expandGroups: "yes"', 'policy.yml: settings.expandGroups: must be true or false, got "yes"'],
      ['string not allowed', 'settings:\n  mode: loose', 'policy.yml: settings.mode: "loose" is not allowed; allowed: strict, lenient'],
      ['list element not a string', 'settings:\n  broadGroups: ["A", 5]', 'policy.yml: settings.broadGroups[1]: must be a string, got 5'],
      [
        'list given as string',
        'settings:\n  broadGroups: Contributors',
        'policy.yml: settings.broadGroups: must be a list of strings, got "Contributors"',
      ],
      [
        'unknown setting with suggestion',
        'settings:\n  maxAdministrator: 3',
        'policy.yml: settings.maxAdministrator: unknown setting (did you mean maxAdministrators?); allowed: maxAdministrators, staleDays, ratio, expandGroups, mode, broadGroups',
      ],
      [
        'unknown top-level key',
        'version: 1\nexemption: []',
        'policy.yml: exemption: unknown top-level key (did you mean exemptions?); allowed: version, settings, rules, exemptions',
      ],
      ['unsupported version', 'version: 2', 'policy.yml: version: unsupported version 2; allowed: 1'],
      ['top level not a mapping', '- a\n- b', 'policy.yml: the policy must be a mapping at top level, got a list'],
      ['rules not a mapping', 'rules: [POOL001]', 'policy.yml: rules: must be a mapping of rule ids to overrides, got a list'],
      [
        'bad severity',
        'rules:\n  POOL003: { severity: severe }',
        'policy.yml: rules.POOL003.severity: "severe" is not a severity; allowed: low, medium, high, critical',
      ],
      ['bad enabled', 'rules:\n  POOL003: { enabled: "no" }', 'policy.yml: rules.POOL003.enabled: must be true or false, got "no"'],
      [
        'unknown override key',
        'rules:\n  POOL003: { severty: low }',
        'policy.yml: rules.POOL003.severty: unknown key (did you mean severity?); allowed: enabled, severity',
      ],
      [
        'rule override not a mapping',
        'rules:\n  POOL003: false',
        'policy.yml: rules.POOL003: must be a mapping with enabled and/or severity, got false',
      ],
      ['exemptions not a list', 'exemptions: {rule: POOL001}', 'policy.yml: exemptions: must be a list, got a mapping'],
      [
        'exemption without reason',
        'exemptions:\n  - {rule: POOL001, resource: x, expires: 2027-01-01}',
        'policy.yml: exemptions[0].reason: is required',
      ],
      [
        'exemption with blank reason',
        'exemptions:\n  - {rule: POOL001, resource: x, reason: "  ", expires: 2027-01-01}',
        'policy.yml: exemptions[0].reason: must be a non-empty string, got "  "',
      ],
      [
        'exemption without expires',
        'exemptions:\n  - {rule: POOL001, resource: x, reason: r}',
        'policy.yml: exemptions[0].expires: is required (YYYY-MM-DD, UTC end of day)',
      ],
      [
        'month 13',
        'exemptions:\n  - {rule: POOL001, resource: x, reason: r, expires: 2027-01-01}\n  - {rule: POOL001, resource: x, reason: r, expires: 2027-01-01}\n  - {rule: POOL001, resource: x, reason: r, expires: 2026-13-01}',
        'policy.yml: exemptions[2].expires: "2026-13-01" is not a valid date (YYYY-MM-DD)',
      ],
      [
        '30 February',
        'exemptions:\n  - {rule: POOL001, resource: x, reason: r, expires: 2027-02-30}',
        'policy.yml: exemptions[0].expires: "2027-02-30" is not a valid date (YYYY-MM-DD)',
      ],
      [
        'US date format',
        'exemptions:\n  - {rule: POOL001, resource: x, reason: r, expires: 01/31/2027}',
        'policy.yml: exemptions[0].expires: "01/31/2027" is not a valid date (YYYY-MM-DD)',
      ],
      [
        'date as number',
        'exemptions:\n  - {rule: POOL001, resource: x, reason: r, expires: 20270131}',
        'policy.yml: exemptions[0].expires: 20270131 is not a valid date (YYYY-MM-DD)',
      ],
      [
        'exemption for an unknown rule',
        'exemptions:\n  - {rule: POOL014, resource: x, reason: r, expires: 2027-01-01}',
        'policy.yml: exemptions[0].rule: unknown rule id; allowed: POOL001…POOL013',
      ],
      [
        'exemption without rule',
        'exemptions:\n  - {resource: x, reason: r, expires: 2027-01-01}',
        'policy.yml: exemptions[0].rule: is required',
      ],
      [
        'exemption with unknown key',
        'exemptions:\n  - {rule: POOL001, resource: x, pool: x, reason: r, expires: 2027-01-01}',
        'policy.yml: exemptions[0].pool: unknown key; allowed: rule, resource, principal, tokenName, authorizationId, reason, expires',
      ],
      [
        'exemption that targets nothing',
        'exemptions:\n  - {rule: POOL001, reason: r, expires: 2027-01-01}',
        'policy.yml: exemptions[0]: needs at least one of resource, principal, tokenName, authorizationId (use resource: "*" to exempt every resource, or rules.<id>.enabled: false to turn the rule off)',
      ],
      [
        'exemption entry not a mapping',
        'exemptions:\n  - POOL001',
        'policy.yml: exemptions[0]: must be a mapping with rule, reason, expires and at least one of resource, principal, tokenName, authorizationId; got "POOL001"',
      ],
      [
        'odd key characters quoted in the path',
        'settings:\n  "max admins": 3',
        'policy.yml: settings["max admins"]: unknown setting; allowed: maxAdministrators, staleDays, ratio, expandGroups, mode, broadGroups',
      ],
    ];
    for (const [name, text, expected] of cases) {
      it(name, () => {
        assert.equal(loadError(text).message, expected);
      });
    }

    it('reports every problem at once, one line each, with structured issues', () => {
      const error = loadError('settings:\n  maxAdministrators: five\nrules:\n  POOL099: {}\n', 'policies/pool.yml');
      assert.deepEqual(error.message.split('\n'), [
        'policies/pool.yml: settings.maxAdministrators: must be an integer ≥ 0, got "five"',
        'policies/pool.yml: rules.POOL099: unknown rule id; allowed: POOL001…POOL013',
      ]);
      assert.equal(error.source, 'policies/pool.yml');
      assert.deepEqual(
        error.issues.map((issue) => issue.path),
        ['settings.maxAdministrators', 'rules.POOL099'],
      );
      assert.ok(error instanceof Error);
      assert.equal(error.name, 'PolicyError');
    });

    it('reports YAML syntax errors with line and column', () => {
      const error = loadError('rules:\n  POOL001: { enabled: false\n');
      assert.match(error.message, /^policy\.yml: not valid YAML or JSON at line \d+, column \d+: /);
    });

    it('rejects duplicate keys', () => {
      assert.match(
        loadError('version: 1\nversion: 1\n').message,
        /^policy\.yml: not valid YAML or JSON at line 2, column 1: Map keys must be unique/,
      );
    });
  });

  it('keeps an exemption that expired before load, warns, and does not fail', () => {
    const policy = loadPolicy(
      'exemptions:\n  - {rule: POOL001, resource: x, reason: old, expires: 2026-06-14}',
      'policy.yml',
      poolSchema,
      NOW,
    );
    assert.equal(policy.exemptions.length, 1);
    assert.deepEqual(policy.warnings, ['policy.yml: exemptions[0] (POOL001) expired on 2026-06-14; it no longer applies']);
  });

  it('does not warn for an exemption expiring later today', () => {
    const policy = loadPolicy(
      'exemptions:\n  - {rule: POOL001, resource: x, reason: r, expires: 2026-06-15}',
      'policy.yml',
      poolSchema,
      NOW,
    );
    assert.deepEqual(policy.warnings, []);
  });

  it('accepts a timestamp date from a YAML 1.1 document', () => {
    const policy = loadPolicy(
      '%YAML 1.1\n---\nexemptions:\n  - {rule: POOL001, resource: x, reason: r, expires: 2027-01-31}',
      'p.yml',
      poolSchema,
      NOW,
    );
    assert.equal(policy.exemptions[0].expires, '2027-01-31');
  });
});

describe('overrideSettings', () => {
  it('lets task inputs win over the file and ignores undefined inputs', () => {
    const policy = loadPolicy('settings:\n  maxAdministrators: 3\n  staleDays: 30', 'policy.yml', poolSchema, NOW);
    const overridden = overrideSettings(policy, { maxAdministrators: 8, staleDays: undefined });
    assert.equal(overridden.settings.maxAdministrators, 8);
    assert.equal(overridden.settings.staleDays, 30);
    assert.equal(policy.settings.maxAdministrators, 3, 'the original policy is not changed');
  });

  it('validates overriding values and names the input', () => {
    const policy = loadPolicy(undefined, '(defaults)', poolSchema, NOW);
    assert.throws(
      () => overrideSettings(policy, { maxAdministrators: -2 }),
      (error: unknown) =>
        error instanceof PolicyError && error.message === 'task inputs: maxAdministrators: must be an integer ≥ 0, got -2',
    );
    assert.throws(
      () => overrideSettings(policy, { nope: 1 } as never, 'inputs'),
      (error: unknown) => error instanceof PolicyError && /^inputs: nope: unknown setting/.test(error.message),
    );
  });
});
