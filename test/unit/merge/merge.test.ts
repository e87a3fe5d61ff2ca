import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { runCli } from '../../../tasks/common/cli/main';
import { expandPatterns, globToRegExp } from '../../../tasks/common/inputs/file-patterns';
import { mergeAudits } from '../../../tasks/common/merge/merge';
import { readReportFile, type AuditSource } from '../../../tasks/common/merge/read';
import { createAuditReport, toSafeJson, type AuditReport } from '../../../tasks/common/report';
import { patFinding, poolFinding } from '../policy/fixtures';
import { RULES } from '../report/fixtures';

function audit(organization: string, overrides: Partial<Parameters<typeof createAuditReport>[0]> = {}): AuditReport {
  return createAuditReport({
    toolVersion: '1.0.0',
    task: 'PoolRoleAudit',
    organization: { url: `https://dev.azure.com/${organization}/`, name: organization },
    generatedAt: new Date('2026-11-01T05:00:00Z'),
    complete: true,
    rules: RULES,
    findings: [poolFinding()],
    evaluated: [{ ruleId: 'POOL002', resource: { kind: 'pool', id: '7', name: 'Clean-Pool' } }],
    ...overrides,
  });
}
const source = (report: AuditReport, file = `${report.organization.name}.json`): AuditSource => ({
  kind: 'audit',
  file,
  organization: report.organization.name,
  report,
});
const options = { failOnSeverity: 'high' as const, toolVersion: '1.0.0', now: new Date('2026-11-02T00:00:00Z') };

function tempTree(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-merge-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), text);
  }
  return root;
}

describe('ReportMerge: file patterns', () => {
  it('turns globs into anchored expressions: ** spans folders, * and ? stay in one name', () => {
    assert.ok(globToRegExp('**/*.json').test('a/b/c.json'));
    assert.ok(globToRegExp('**/*.json').test('c.json'));
    assert.ok(!globToRegExp('*.json').test('a/c.json'));
    assert.ok(globToRegExp('org-?/pat-audit.json').test('org-1/pat-audit.json'));
    assert.ok(!globToRegExp('org-?/pat-audit.json').test('org-12/pat-audit.json'));
    assert.ok(!globToRegExp('a.json').test('aXjson'), 'dots are literal');
  });

  it('expands patterns and folders relative to the base, each file once, skipping node_modules, and lists patterns that matched nothing', () => {
    const root = tempTree({
      'reports-contoso/pool-role-audit.json': '{}',
      'reports-fabrikam/pool-role-audit.json': '{}',
      'reports-fabrikam/notes.txt': '',
      'reports-fabrikam/node_modules/pkg/package.json': '{}',
      'other/x.json': '{}',
    });
    const { files, unmatched } = expandPatterns(['reports-*/**/*.json', 'reports-fabrikam', 'missing/*.json'], root);
    assert.deepEqual(
      files.map((file) => path.relative(root, file).split(path.sep).join('/')),
      ['reports-contoso/pool-role-audit.json', 'reports-fabrikam/pool-role-audit.json'],
    );
    assert.deepEqual(unmatched, ['missing/*.json']);
  });
});

describe('ReportMerge: reading files', () => {
  it('recognises audit and inventory reports and says why anything else is skipped', () => {
    const root = tempTree({
      'audit.json': `${toSafeJson(audit('contoso'))}\n`,
      'inventory.json': JSON.stringify({
        schemaVersion: 1,
        tool: { name: 'Pool Warden', version: '1.0.0' },
        task: 'PoolInventory',
        organization: { url: 'https://dev.azure.com/fabrikam/' },
        totals: { pools: 3 },
        complete: true,
      }),
      'scale.json': JSON.stringify({
        schemaVersion: 1,
        tool: { name: 'Pool Warden' },
        task: 'ScaleSetAgents',
        organization: { url: 'https://dev.azure.com/x/' },
      }),
      'other.json': '{"name":"package"}',
      'broken.json': '{',
      'future.json': JSON.stringify({ ...audit('contoso'), schemaVersion: 2 }),
    });
    const read = (name: string) => readReportFile(path.join(root, name));
    assert.equal((read('audit.json') as AuditSource).organization, 'contoso');
    assert.deepEqual(
      { ...read('inventory.json'), file: '' },
      { kind: 'inventory', file: '', organization: 'fabrikam', generatedAt: '', complete: true, totals: { pools: 3 } },
    );
    assert.match((read('scale.json') as { reason: string }).reason, /ScaleSetAgents report/);
    assert.match((read('other.json') as { reason: string }).reason, /not a Pool Warden report/);
    assert.match((read('broken.json') as { reason: string }).reason, /not JSON/);
    assert.match((read('future.json') as { reason: string }).reason, /schemaVersion 2/);
  });
});

describe('ReportMerge: merging', () => {
  it('puts the organization on every finding and evaluated pair, and decides the result over all findings', () => {
    const contoso = audit('contoso', { findings: [poolFinding({ severity: 'medium' })] });
    const fabrikam = audit('fabrikam', {
      findings: [poolFinding({ severity: 'critical' })],
      complete: false,
      missing: [{ scope: 'project X', reason: '403' }],
    });
    const merged = mergeAudits([source(fabrikam), source(contoso)], options);
    assert.equal(merged.reports.length, 1);
    const [report] = merged.reports;
    assert.deepEqual(report.findings.map((finding) => finding.organization).sort(), ['contoso', 'fabrikam']);
    assert.deepEqual(report.evaluated?.map((pair) => pair.organization).sort(), ['contoso', 'fabrikam']);
    assert.deepEqual(report.missing, [{ scope: 'fabrikam: project X', reason: '403' }]);
    assert.equal(report.complete, false);
    assert.equal(report.organization.name, 'contoso, fabrikam');
    assert.equal(report.outcome?.result, 'Failed');
    assert.equal(report.summary.critical, 1);
    assert.deepEqual(
      merged.organizations.map((row) => row.organization),
      ['contoso', 'fabrikam'],
      'sorted by organization',
    );
  });

  it('keeps one merged report per audit task, pool roles first, and only the newest report of a task and organization', () => {
    const older = audit('contoso', { generatedAt: new Date('2026-10-01T00:00:00Z'), findings: [poolFinding({ severity: 'critical' })] });
    const newer = audit('contoso', { findings: [] });
    const pats = audit('contoso', { task: 'PatAudit', rules: [], findings: [patFinding()] });
    const merged = mergeAudits([source(pats, 'pats.json'), source(older, 'old.json'), source(newer, 'new.json')], options);
    assert.deepEqual(
      merged.reports.map((report) => report.task),
      ['PoolRoleAudit', 'PatAudit'],
    );
    assert.equal(merged.reports[0].findings.length, 0, 'the older report was dropped');
    assert.deepEqual(merged.superseded, [{ file: 'old.json', keptFile: 'new.json' }]);
    assert.equal(merged.reports[1].rules.length, 0);
    assert.equal(merged.reports[1].findings[0].organization, 'contoso');
  });
});

describe('ReportMerge: the task core through the CLI host', () => {
  it('writes one JSON, SARIF and JUnit naming each organization, and exits with the merged result', async () => {
    const root = tempTree({
      'contoso/pool-role-audit.json': `${toSafeJson(audit('contoso', { findings: [poolFinding({ severity: 'medium' })] }))}\n`,
      'fabrikam/pool-role-audit.json': `${toSafeJson(audit('fabrikam', { findings: [poolFinding({ severity: 'high' })] }))}\n`,
      'fabrikam/readme.json': '{"not":"a report"}',
    });
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli({
      argv: ['merge', '--reportFiles', '**/*.json', '--reportDirectory', 'merged'],
      cwd: root,
      env: {},
      scriptPath: 'unused',
      out: { write: (text: string) => out.push(text) },
      err: { write: (text: string) => err.push(text) },
    });
    assert.equal(code, 1, err.join(''));
    const dir = path.join(root, 'merged');
    const json = JSON.parse(fs.readFileSync(path.join(dir, 'pool-warden-merged.json'), 'utf8'));
    assert.deepEqual(json.organizations, ['contoso', 'fabrikam']);
    assert.equal(json.outcome.result, 'Failed');
    assert.equal(json.skipped.length, 1);
    const sarif = JSON.parse(fs.readFileSync(path.join(dir, 'pool-warden-merged.sarif'), 'utf8'));
    assert.equal(sarif.runs.length, 1);
    assert.deepEqual(
      sarif.runs[0].results.map((result: { properties: { organization: string } }) => result.properties.organization).sort(),
      ['contoso', 'fabrikam'],
    );
    const junit = new XMLParser({ ignoreAttributes: false }).parse(fs.readFileSync(path.join(dir, 'pool-warden-merged.junit.xml'), 'utf8'));
    assert.equal(junit.testsuites['@_failures'], '2');
    assert.match(out.join(''), /\| contoso \| Pool roles \| yes \| 0 \| 0 \| 1 \| 0 \| 0 \|/);
    assert.match(out.join(''), /\| fabrikam \| Pool roles \| yes \| 0 \| 1 \| 0 \| 0 \| 0 \|/);
    assert.match(err.join(''), /findingCount=2/);
  });

  it('fails naming reportFiles when nothing matches', async () => {
    const root = tempTree({ 'a.txt': '' });
    const err: string[] = [];
    const code = await runCli({
      argv: ['merge', '--reportFiles', 'none/*.json'],
      cwd: root,
      env: {},
      scriptPath: 'unused',
      out: { write: () => true },
      err: { write: (text: string) => err.push(text) },
    });
    assert.equal(code, 1);
    assert.match(err.join(''), /Input 'reportFiles' matched no files/);
    assert.match(
      err.join(''),
      /Give paths, folders or patterns \(\*, \?, \*\*\) of the JSON reports PoolInventory, PoolRoleAudit or PatAudit wrote/,
    );
  });
});
