import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { toCsv, toJUnit, toMarkdownSummary, toSafeJson, toSarif, writeReports } from '../../../tasks/common/report';
import { sarifValidator } from '../../harness/sarif';
import { poolFinding } from '../policy/fixtures';
import { HOSTILE_NAMES, hostileReport } from './fixtures';

const COMMAND = /##vso\[|##\[/i;

describe('SARIF writer', () => {
  it('produces a log valid against the SARIF 2.1.0 schema', () => {
    const validate = sarifValidator();
    const log = JSON.parse(toSafeJson(toSarif(hostileReport())));
    assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
  });

  it('the schema check catches a broken log (the validator is not vacuous)', () => {
    const validate = sarifValidator();
    const log = toSarif(hostileReport()) as unknown as { runs: { results: { level: string }[] }[] };
    log.runs[0].results[0].level = 'fatal';
    assert.equal(validate(log), false);
  });

  it('maps severities to levels, describes rules and suppresses exempted findings', () => {
    const sarif = toSarif(hostileReport());
    const run = sarif.runs[0];
    const rule = run.tool.driver.rules[0];
    assert.equal(rule.id, 'POOL001');
    assert.equal(rule.name, 'BroadGroupHasAPoolRole');
    assert.deepEqual(rule.fullDescription, { text: 'Broad groups give many people control.' });
    assert.deepEqual(rule.help, {
      text: 'Remove the broad group; grant a named group.',
      markdown: 'Remove the broad group; grant a named group.',
    });
    assert.deepEqual(rule.defaultConfiguration, { level: 'error' });
    assert.equal((rule.properties as Record<string, unknown>)['security-severity'], '8.0');
    assert.equal(run.results[0].level, 'error');
    const exempted = run.results.find((result) => result.ruleId === 'POOL002');
    assert.equal(exempted?.level, 'warning');
    assert.equal(exempted?.suppressions?.[0].kind, 'external');
    assert.match(exempted?.suppressions?.[0].justification ?? '', /expires 2027-01-31/);
    assert.equal(run.results[0].locations[0].logicalLocations[0].kind, 'pool');
    assert.equal(run.invocations[0].executionSuccessful, false);
  });

  it('keeps fingerprints stable across renames, messages and severity, distinct across resources', () => {
    const fingerprint = (finding: ReturnType<typeof poolFinding>) => {
      const report = { ...hostileReport(), findings: [finding] };
      return Object.values(toSarif(report).runs[0].results[0].partialFingerprints)[0];
    };
    const base = fingerprint(poolFinding());
    assert.equal(
      fingerprint(poolFinding({ message: 'other', severity: 'low', resource: { kind: 'pool', id: '12', name: 'Renamed' } })),
      base,
    );
    assert.notEqual(fingerprint(poolFinding({ resource: { kind: 'pool', id: '13', name: 'Linux-Prod' } })), base);
    assert.notEqual(fingerprint(poolFinding({ ruleId: 'POOL002' })), base);
    // Two checks on one queue are two problems: the finding key tells them apart.
    assert.notEqual(fingerprint(poolFinding({ key: 'check 1' })), fingerprint(poolFinding({ key: 'check 2' })));
    assert.notEqual(fingerprint(poolFinding({ key: 'check 1' })), base);
  });

  it('never writes a raw logging command but round-trips the text', () => {
    const text = toSafeJson(toSarif(hostileReport()));
    assert.doesNotMatch(text, COMMAND);
    const parsed = JSON.parse(text);
    assert.ok(
      parsed.runs[0].results.some((result: { message: { text: string } }) => result.message.text.includes('##vso[task.setvariable')),
    );
  });
});

describe('JUnit writer', () => {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    isArray: (name) => ['testsuite', 'testcase'].includes(name),
  });

  it('parses back with one suite per rule, failures, skipped and passing cases', () => {
    const xml = toJUnit(hostileReport());
    const doc = parser.parse(xml);
    const suites = doc.testsuites.testsuite as Record<string, unknown>[];
    assert.deepEqual(
      suites.map((suite) => suite.name),
      ['POOL001 Broad group has a pool role', 'POOL002 Too many pool administrators', 'coverage'],
    );
    const pool001 = suites[0].testcase as Record<string, unknown>[];
    assert.equal(pool001.length, HOSTILE_NAMES.length);
    assert.ok(pool001.every((testCase) => testCase.classname === 'POOL001' && testCase.failure));
    const pool002 = suites[1].testcase as Record<string, unknown>[];
    assert.equal(pool002.length, 2);
    const passing = pool002.find((testCase) => String(testCase.name).startsWith('Clean-Pool'));
    assert.ok(passing && !passing.failure && passing.skipped === undefined, 'evaluated pair passes');
    assert.ok(pool002.find((testCase) => String(testCase.name).startsWith('Linux-Prod'))?.skipped !== undefined, 'exempted is skipped');
    assert.equal(suites[2].errors, '1', 'incomplete audit adds an error');
    assert.equal(doc.testsuites.failures, String(HOSTILE_NAMES.length));
    assert.equal(doc.testsuites.skipped, '1');
  });

  it('keeps hostile names intact in attributes and CDATA, without control characters or commands', () => {
    const xml = toJUnit(hostileReport());
    assert.doesNotMatch(xml, COMMAND);
    assert.doesNotMatch(xml, /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
    const doc = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '',
      htmlEntities: true,
      processEntities: true,
      isArray: (name) => ['testsuite', 'testcase'].includes(name),
    }).parse(xml);
    const names = (doc.testsuites.testsuite[0].testcase as { name: string }[]).map((testCase) => testCase.name);
    assert.ok(names.includes('<script>alert(1)</script> [pool 101]'), names.join('\n'));
    assert.ok(names.some((name) => name.startsWith(']]> CDATA end')));
    const details = (doc.testsuites.testsuite[0].testcase as { failure: { '#text': string } }[])
      .map((testCase) => testCase.failure['#text'])
      .join('\n');
    assert.ok(details.includes('Finding about ]]> CDATA end'), 'CDATA split loses nothing');
    assert.ok(details.includes('##vso[task.setvariable variable=x]y'), 'command text preserved as data');
  });
});

describe('CSV writer', () => {
  function parseCsv(text: string): string[][] {
    const rows: string[][] = [];
    let row: string[] = [];
    let field = '';
    let quoted = false;
    for (let i = 0; i < text.length; i++) {
      const char = text[i];
      if (quoted) {
        if (char === '"' && text[i + 1] === '"') {
          field += '"';
          i++;
        } else if (char === '"') quoted = false;
        else field += char;
      } else if (char === '"') quoted = true;
      else if (char === ',') {
        row.push(field);
        field = '';
      } else if (char === '\r' && text[i + 1] === '\n') {
        row.push(field);
        rows.push(row);
        row = [];
        field = '';
        i++;
      } else field += char;
    }
    return rows;
  }

  it('writes one row per finding with a header, BOM and CRLF, neutralising formulas', () => {
    const csv = toCsv(hostileReport());
    assert.ok(csv.startsWith('\uFEFF'));
    const rows = parseCsv(csv.slice(1));
    assert.equal(rows.length, 1 + hostileReport().findings.length);
    assert.ok(
      rows.every((row) => row.length === rows[0].length),
      'every row has every column',
    );
    const nameColumn = rows[0].indexOf('resourceName');
    const formula = rows.find((row) => row[nameColumn].includes('HYPERLINK'));
    assert.equal(formula?.[nameColumn], `'=HYPERLINK("http://evil","x")`);
    assert.equal(rows.find((row) => row[nameColumn].startsWith('line one'))?.[nameColumn], 'line one\nline two\r\nline three');
    for (const row of rows) for (const cell of row) assert.doesNotMatch(cell, /^[=+\-@\t\r]/);
    assert.doesNotMatch(csv, COMMAND);
  });
});

describe('Markdown summary', () => {
  it('renders counts, worst resources and a findings table that hostile names cannot break', () => {
    const markdown = toMarkdownSummary(hostileReport(), [
      { title: 'Token <stats>', bullets: ['##vso[task.complete]'], table: { headers: ['a|b'], rows: [['<b>x</b>']] } },
    ]);
    assert.doesNotMatch(markdown, COMMAND);
    assert.doesNotMatch(markdown, /<(?!br)[a-z]/i, 'no raw HTML tag');
    const lines = markdown.split('\n');
    const tableStart = lines.indexOf('| Severity | Rule | Resource | Principal | Finding | Exemption |');
    assert.ok(tableStart > 0);
    const tableRows = lines.slice(tableStart + 2, lines.indexOf('', tableStart));
    assert.equal(tableRows.length, HOSTILE_NAMES.length + 1);
    for (const row of tableRows) {
      const cells = row.split(/(?<!\\)\|/).slice(1, -1);
      assert.equal(cells.length, 6, `row keeps six cells: ${row.slice(0, 120)}`);
      assert.ok(row.length < 1500, 'long names truncated');
    }
    assert.ok(
      markdown.includes('| Critical | 0 |') &&
        markdown.includes(`| High | ${HOSTILE_NAMES.length} |`) &&
        markdown.includes('| Exempted | 1 |'),
    );
    assert.ok(markdown.includes('生产池-東京 🚀 Пул'));
    assert.ok(markdown.includes('Incomplete audit'));
    assert.ok(tableRows[tableRows.length - 1].includes('Owner'), 'exempted finding listed last');
  });

  it('orders worst resources by severity', () => {
    const report = hostileReport();
    report.findings = [
      poolFinding({ severity: 'low', resource: { kind: 'pool', id: '1', name: 'Low-Pool' } }),
      poolFinding({ severity: 'critical', resource: { kind: 'pool', id: '2', name: 'Critical-Pool' } }),
    ];
    const markdown = toMarkdownSummary(report);
    assert.ok(markdown.indexOf('Critical-Pool') < markdown.indexOf('Low-Pool'));
  });
});

describe('writeReports', () => {
  let directory = '';
  afterEach(async () => {
    if (directory) await rm(directory, { recursive: true, force: true });
  });

  it('creates the directory and writes all five reports', async () => {
    directory = await mkdtemp(join(tmpdir(), 'pool-warden-report-'));
    const target = join(directory, 'nested', 'reports');
    const paths = await writeReports(hostileReport(), target, 'pool-role-audit');
    assert.equal(paths.sarifPath, join(target, 'pool-role-audit.sarif'));
    const json = JSON.parse(await readFile(paths.jsonPath, 'utf8'));
    assert.equal(json.schemaVersion, 1);
    assert.equal(json.tool.name, 'Pool Warden');
    assert.equal(json.findings.length, HOSTILE_NAMES.length + 1);
    assert.deepEqual(json.summary, {
      critical: 0,
      high: HOSTILE_NAMES.length,
      medium: 0,
      low: 0,
      total: HOSTILE_NAMES.length,
      exempted: 1,
    });
    assert.equal(json.findings[3].resource.name, '##vso[task.setvariable variable=x]y', 'JSON escaping is lossless');
    for (const path of Object.values(paths)) assert.doesNotMatch(await readFile(path, 'utf8'), COMMAND, path);
    assert.equal(`${toSafeJson(hostileReport())}\n`, await readFile(paths.jsonPath, 'utf8'), 'the streamed JSON is the JSON text');
    assert.equal(
      `${toSafeJson(toSarif(hostileReport()))}\n`,
      await readFile(paths.sarifPath, 'utf8'),
      'the streamed SARIF is the SARIF text',
    );
    assert.equal(toJUnit(hostileReport()), await readFile(paths.junitPath, 'utf8'), 'the streamed JUnit is the JUnit text');
    assert.equal(toCsv(hostileReport()), await readFile(paths.csvPath, 'utf8'), 'the streamed CSV is the CSV text');
  });

  it('rejects a base name with a path in it', async () => {
    await assert.rejects(writeReports(hostileReport(), tmpdir(), '../evil'), /plain file name/);
  });
});
