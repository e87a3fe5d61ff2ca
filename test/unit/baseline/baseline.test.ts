import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { applyBaseline } from '../../../tasks/common/baseline/apply';
import { compareWithBaseline } from '../../../tasks/common/baseline/compare';
import { parseBaselineInputs } from '../../../tasks/common/baseline/inputs';
import { loadBaseline } from '../../../tasks/common/baseline/load';
import { baselineOutcome } from '../../../tasks/common/baseline/outcome';
import { mergedWithBaseline } from '../../../tasks/common/merge/baseline';
import { createAuditReport, toCsv, toJUnit, toMarkdownSummary, toSafeJson, toSarif, type AuditReport } from '../../../tasks/common/report';
import { sarifValidator } from '../../harness/sarif';
import { NOW, patFinding, poolFinding } from '../policy/fixtures';
import { RULES } from '../report/fixtures';

const BASELINE_DATE = '2026-06-14T02:00:00.000Z';

function report(findings = [poolFinding()], overrides: Partial<Parameters<typeof createAuditReport>[0]> = {}): AuditReport {
  return createAuditReport({
    toolVersion: '1.0.0',
    task: 'PoolRoleAudit',
    organization: { url: 'https://dev.azure.com/contoso/', name: 'contoso' },
    generatedAt: new Date(BASELINE_DATE),
    complete: true,
    rules: RULES,
    findings,
    ...overrides,
  });
}

const gone = poolFinding({ resource: { kind: 'pool', id: '20', name: 'Old-Pool' }, severity: 'critical' });
const kept = poolFinding();
const worse = poolFinding({
  ruleId: 'POOL002',
  severity: 'medium',
  resource: { kind: 'pool', id: '12', name: 'Linux-Prod' },
  principal: undefined,
});

function tempFile(name: string, text: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-baseline-'));
  const file = path.join(dir, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

describe('baseline: compare by fingerprint', () => {
  it('marks new, unchanged, updated (with the old severity) and absent, and carries firstSeen', () => {
    const before = [{ ...kept, firstSeen: '2026-01-01T00:00:00.000Z' }, worse, gone];
    const now = [
      { ...kept, message: 'renamed text', resource: { ...kept.resource, name: 'Renamed' } },
      { ...worse, severity: 'high' as const },
      patFinding(),
    ];
    const result = compareWithBaseline(
      { findings: now, organization: 'contoso' },
      { findings: before, organization: 'contoso', generatedAt: BASELINE_DATE },
      NOW,
    );
    assert.deepEqual(
      result.findings.map((f) => [f.ruleId, f.baselineState, f.firstSeen, f.previousSeverity]),
      [
        ['POOL001', 'unchanged', '2026-01-01T00:00:00.000Z', undefined],
        ['POOL002', 'updated', BASELINE_DATE, 'medium'],
        ['PAT001', 'new', NOW.toISOString(), undefined],
      ],
    );
    assert.deepEqual(
      result.absent.map((f) => [f.resource.id, f.baselineState]),
      [['20', 'absent']],
    );
    assert.deepEqual(result.counts, { new: 1, unchanged: 1, updated: 1, absent: 1, notJudged: 0 });
  });

  it('calls a finding with other evidence updated, never new', () => {
    const result = compareWithBaseline(
      { findings: [{ ...kept, evidence: { role: 'Reader' } }], organization: 'contoso' },
      { findings: [kept], organization: 'contoso', generatedAt: BASELINE_DATE },
      NOW,
    );
    assert.equal(result.findings[0].baselineState, 'updated');
    assert.equal(result.findings[0].previousSeverity, undefined);
  });

  it('matches a single-organization baseline with a merged report (findings that name their organization)', () => {
    const result = compareWithBaseline(
      { findings: [{ ...kept, organization: 'Contoso' }], organization: 'contoso, fabrikam' },
      { findings: [kept], organization: 'contoso', generatedAt: BASELINE_DATE },
      NOW,
    );
    assert.equal(result.findings[0].baselineState, 'unchanged');
  });
});

describe('baseline: failOn', () => {
  const states = (baseline: 'new' | 'unchanged' | 'updated', extra: Partial<typeof kept> = {}) => ({
    ...kept,
    baselineState: baseline,
    ...extra,
  });

  it('new: known findings never fail; new or worsened ones at or above the threshold do', () => {
    assert.equal(
      baselineOutcome([states('unchanged', { severity: 'critical' })], 'high', 'new', { complete: true }).result,
      'SucceededWithIssues',
    );
    assert.equal(
      baselineOutcome([states('updated', { severity: 'critical', previousSeverity: 'critical' })], 'high', 'new', { complete: true })
        .result,
      'SucceededWithIssues',
    );
    assert.equal(
      baselineOutcome([states('updated', { severity: 'critical', previousSeverity: 'medium' })], 'high', 'new', { complete: true }).result,
      'Failed',
    );
    const failed = baselineOutcome([states('new'), states('unchanged')], 'high', 'new', { complete: true });
    assert.equal(failed.result, 'Failed');
    assert.match(failed.reason, /new or worsened since the baseline: 1 unexempted finding at or above high/);
    assert.equal(baselineOutcome([states('new', { severity: 'low' })], 'high', 'new', { complete: true }).result, 'SucceededWithIssues');
  });

  it('new: exempted findings never count, and an incomplete audit never looks clean', () => {
    const exempted = states('new', { exemption: { reason: 'accepted', expires: '2027-01-01' } });
    assert.equal(baselineOutcome([exempted], 'high', 'new', { complete: true }).result, 'Succeeded');
    assert.equal(baselineOutcome([], 'high', 'new', { complete: false }).result, 'SucceededWithIssues');
  });

  it('all: known findings fail as without a baseline', () => {
    assert.equal(baselineOutcome([states('unchanged')], 'high', 'all', { complete: true }).result, 'Failed');
  });

  it('reads failOn with all as the default and names the allowed values', () => {
    assert.deepEqual(
      parseBaselineInputs(() => undefined),
      { baselineFile: undefined, failOn: 'all' },
    );
    assert.equal(parseBaselineInputs((name) => (name === 'failOn' ? 'NEW' : undefined)).failOn, 'new');
    assert.throws(
      () => parseBaselineInputs((name) => (name === 'failOn' ? 'changed' : undefined)),
      /Input 'failOn' must be one of all, new; got 'changed'/,
    );
  });
});

describe('baseline: loading the file', () => {
  const expect = { task: 'PoolRoleAudit' as const, organization: 'contoso' };

  it('reads a report of the same task and organization by path', () => {
    const file = tempFile('pool-role-audit.json', toSafeJson(report()));
    const loaded = loadBaseline(file, '/', expect);
    assert.equal(loaded?.file, file);
    assert.equal(loaded?.generatedAt, BASELINE_DATE);
    assert.equal(loaded?.reports[0].findings.length, 1);
  });

  it('reads through a pattern that matches one file, relative to the base folder', () => {
    const file = tempFile('run/a/pool-role-audit.json', toSafeJson(report()));
    const base = path.dirname(path.dirname(path.dirname(file)));
    assert.equal(loadBaseline('run/**/pool-role-audit.json', base, expect)?.file, file);
  });

  it('allows a pattern to match nothing (first run: no baseline, every finding new), but not a plain path', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-baseline-'));
    assert.deepEqual(loadBaseline('baseline/**/pool-role-audit.json', dir, expect), { file: null, generatedAt: null, reports: [] });
    assert.throws(
      () => loadBaseline('baseline/pool-role-audit.json', dir, expect),
      /Input 'baselineFile' names 'baseline\/pool-role-audit.json', which does not exist .*A path must exist; give a pattern/,
    );
  });

  it('refuses a pattern that matches several files, listing them', () => {
    const first = tempFile('a/pool-role-audit.json', toSafeJson(report()));
    const base = path.dirname(path.dirname(first));
    fs.mkdirSync(path.join(base, 'b'));
    fs.writeFileSync(path.join(base, 'b', 'pool-role-audit.json'), toSafeJson(report()));
    assert.throws(() => loadBaseline('**/pool-role-audit.json', base, expect), /matches 2 files .*narrow the pattern/);
  });

  const refusals: [string, string, RegExp][] = [
    ['another task', toSafeJson(report([], { task: 'PatAudit' })), /is a PatAudit report; give the PoolRoleAudit report/],
    [
      'another organization',
      toSafeJson(report([], { organization: { url: 'https://dev.azure.com/fabrikam/', name: 'fabrikam' } })),
      /organization 'fabrikam', not 'contoso'/,
    ],
    ['another major version', toSafeJson({ ...report(), schemaVersion: 2 }), /schemaVersion is 2, this task reads version 1/],
    ['not JSON', '{ "tool": ', /cannot be read as JSON/],
    ['another tool', JSON.stringify({ version: '2.1.0', runs: [] }), /is not a Pool Warden report/],
    [
      'a finding without a resource',
      toSafeJson({ ...report(), findings: [{ ruleId: 'POOL001', severity: 'high' }] }),
      /a finding without a rule id, severity or resource id/,
    ],
  ];
  for (const [what, text, message] of refusals) {
    it(`refuses ${what}, naming the input and the file`, () => {
      const file = tempFile('baseline.json', text);
      assert.throws(
        () => loadBaseline(file, '/', expect),
        (error: Error) =>
          error.message.startsWith(`Input 'baselineFile' names '${file}', which cannot be used as the baseline: `) &&
          message.test(error.message),
      );
    });
  }

  it('takes a ReportMerge report as a merged baseline and refuses an audit report there', () => {
    const merged = {
      schemaVersion: 1,
      tool: { name: 'Pool Warden', version: '1.0.0' },
      task: 'ReportMerge',
      generatedAt: BASELINE_DATE,
      reports: [report()],
    };
    const file = tempFile('pool-warden-merged.json', toSafeJson(merged));
    assert.equal(loadBaseline(file, '/', { task: 'ReportMerge' })?.reports.length, 1);
    const audit = tempFile('pool-role-audit.json', toSafeJson(report()));
    assert.throws(() => loadBaseline(audit, '/', { task: 'ReportMerge' }), /is a PoolRoleAudit report; give the ReportMerge report/);
  });
});

describe('baseline: in every report format', () => {
  function compared(failOn: 'all' | 'new'): AuditReport {
    const loaded = { file: '/b/pool-role-audit.json', generatedAt: BASELINE_DATE, reports: [report([kept, gone])] };
    const applied = applyBaseline('PoolRoleAudit', [kept, patFinding()], 'contoso', loaded, {
      failOn,
      failOnSeverity: 'high',
      complete: true,
      now: NOW,
    });
    return report(applied.findings, {
      baseline: applied.baseline,
      absent: applied.absent,
      outcome: { ...applied.outcome, failOnSeverity: 'high' },
      generatedAt: NOW,
    });
  }

  it('SARIF: baselineState on every result, absent ones included, valid against the 2.1.0 schema', () => {
    const sarif = toSarif(compared('new'));
    const validate = sarifValidator();
    assert.ok(validate(sarif), JSON.stringify(validate.errors));
    assert.deepEqual(
      sarif.runs[0].results.map((r) => [r.ruleId, r.baselineState]),
      [
        ['POOL001', 'unchanged'],
        ['PAT001', 'new'],
        ['POOL001', 'absent'],
      ],
    );
  });

  it('JUnit with failOn new: only the new finding fails; the known one is skipped as known', () => {
    const parser = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '',
      isArray: (name) => ['testsuite', 'testcase'].includes(name),
    });
    const doc = parser.parse(toJUnit(compared('new')));
    const cases = (doc.testsuites.testsuite as { testcase?: Record<string, any>[] }[]).flatMap((suite) => suite.testcase ?? []);
    const failed = cases.filter((c) => c.failure !== undefined).map((c) => c.classname);
    const skipped = cases.filter((c) => c.skipped !== undefined);
    assert.deepEqual(failed, ['PAT001']);
    assert.equal(skipped.length, 1);
    assert.match(skipped[0].skipped.message, /^Known: a finding already in the baseline of 2026-06-14T02:00:00.000Z, first seen/);
    assert.equal(doc.testsuites.failures, '1');
  });

  it('JUnit with failOn all: known findings still fail (as the task does)', () => {
    const cases = toJUnit(compared('all'));
    assert.equal((cases.match(/<failure /g) ?? []).length, 2);
  });

  it('CSV: a baselineState column, with the absent findings after the current ones', () => {
    const rows = toCsv(compared('new'), { bom: false }).trim().split('\r\n');
    assert.ok(rows[0].endsWith(',baselineState'));
    assert.deepEqual(
      rows.slice(1).map((row) => row.split(',').at(-1)),
      ['unchanged', 'new', 'absent'],
    );
  });

  it('summary: "New since baseline" and "Resolved since baseline" with the baseline date, before the full list', () => {
    const markdown = toMarkdownSummary(compared('new'));
    const fresh = markdown.indexOf('### New since baseline');
    const resolved = markdown.indexOf('### Resolved since baseline \\(baseline run 2026-06-14T02:00:00.000Z\\)');
    const all = markdown.indexOf('### Findings');
    assert.ok(fresh > 0 && resolved > fresh && all > resolved, markdown);
    assert.match(markdown, /1 new, 0 updated, 1 unchanged, 1 resolved · failOn: new/);
    assert.match(markdown.slice(resolved, all), /Old-Pool/);
  });
});

describe('baseline: states carried by ReportMerge', () => {
  it('summary: a finding of an audit that had no baseline is listed under "New since baseline", as it is counted', () => {
    const carried = mergedWithBaseline([report([{ ...kept, baselineState: 'unchanged' }, patFinding()])], undefined, {
      failOn: 'new',
      failOnSeverity: 'high',
      now: NOW,
    })[0];
    const markdown = toMarkdownSummary(carried);
    assert.match(markdown, /1 new, 0 updated, 1 unchanged, 0 resolved/);
    const fresh = markdown.slice(markdown.indexOf('### New since baseline'), markdown.indexOf('### Resolved since baseline'));
    assert.match(fresh, /\| PAT001 \|/);
    assert.doesNotMatch(fresh, /\| POOL001 \|/);
  });
});

describe('baseline: rules not judged this run are never resolved', () => {
  const other = poolFinding({ ruleId: 'POOL002', resource: { kind: 'pool', id: '30', name: 'Build' }, principal: undefined });

  it('a gone finding of a rule not judged is carried as unchanged in notJudged, not absent; others still resolve', () => {
    const result = compareWithBaseline(
      { findings: [], organization: 'contoso' },
      { findings: [gone, other], organization: 'contoso', generatedAt: BASELINE_DATE },
      NOW,
      new Set(['POOL001']),
    );
    assert.deepEqual(
      result.notJudged.map((f) => [f.ruleId, f.baselineState, f.firstSeen]),
      [['POOL001', 'unchanged', BASELINE_DATE]],
    );
    assert.deepEqual(
      result.absent.map((f) => f.ruleId),
      ['POOL002'],
    );
    assert.deepEqual(result.counts, { new: 0, unchanged: 0, updated: 0, absent: 1, notJudged: 1 });
  });

  it("a baseline's own not-judged findings are baseline findings: seen again they are unchanged, not new", () => {
    const blind = { ...report([]), notJudged: [{ ...kept, baselineState: 'unchanged' as const, firstSeen: '2026-01-01T00:00:00.000Z' }] };
    const loaded = { file: '/b/r.json', generatedAt: BASELINE_DATE, reports: [blind] };
    const applied = applyBaseline('PoolRoleAudit', [kept], 'contoso', loaded, {
      failOn: 'new',
      failOnSeverity: 'high',
      complete: true,
      now: NOW,
    });
    assert.deepEqual(
      applied.findings.map((f) => [f.baselineState, f.firstSeen]),
      [['unchanged', '2026-01-01T00:00:00.000Z']],
    );
    assert.equal(applied.outcome.result, 'SucceededWithIssues');
  });

  it('SARIF (valid 2.1.0): unchanged, kind open, level none; summary lists them apart and does not count them resolved', () => {
    const loaded = { file: '/b/pool-role-audit.json', generatedAt: BASELINE_DATE, reports: [report([kept, gone])] };
    const applied = applyBaseline('PoolRoleAudit', [patFinding()], 'contoso', loaded, {
      failOn: 'new',
      failOnSeverity: 'high',
      complete: true,
      now: NOW,
      notJudgedRules: new Set(['POOL001']),
    });
    assert.equal(applied.absent.length, 0);
    assert.equal(applied.baseline.absent, 0);
    assert.equal(applied.baseline.notJudged, 2);
    const compared = report(applied.findings, {
      baseline: applied.baseline,
      absent: applied.absent,
      notJudged: applied.notJudged,
      notJudgedRules: ['POOL001'],
      generatedAt: NOW,
    });
    const sarif = toSarif(compared);
    const validate = sarifValidator();
    assert.ok(validate(sarif), JSON.stringify(validate.errors));
    const carried = sarif.runs[0].results.filter((r) => r.ruleId === 'POOL001');
    assert.equal(carried.length, 2);
    assert.ok(carried.every((r) => r.baselineState === 'unchanged' && r.kind === 'open' && r.level === 'none'));
    const markdown = toMarkdownSummary(compared);
    assert.match(markdown, /1 new, 0 updated, 0 unchanged, 0 resolved, 2 not judged this run/);
    assert.match(markdown, /### Not judged this run/);
  });
});
