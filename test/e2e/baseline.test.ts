import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Emulator } from '../../emulator';
import { readJson, runAgentTask, tail, type AgentRun } from './support';
import { orgVariant, readValidSarif, reportOf, runAudit, startEmulatorAt, wholeSecondNow, type AuditRun } from './audit-support';
import { asDownloadedArtifact, fixTwoAddOne } from './baseline-support';

const adoCalls = (run: AgentRun) => run.requests.filter((r) => r.service === 'ado' || r.service === 'vssps');

describe('e2e: baselines (PoolRoleAudit, PatAudit, ReportMerge)', function () {
  this.timeout(120_000);
  const now = wholeSecondNow();
  let first: AuditRun;
  let baselineFile: string;
  let emu: Emulator;

  before(async () => {
    const before = await startEmulatorAt(now, orgVariant(now));
    first = await runAudit(before, 'PoolRoleAuditV1', { now });
    await before.close();
    baselineFile = asDownloadedArtifact(first.variables.reportPath);
    emu = await startEmulatorAt(now, orgVariant(now, fixTwoAddOne));
  });
  after(() => emu?.close());

  it('second run: exactly one new and two resolved, and failOn new fails on the new finding only', async () => {
    assert.equal(first.result, 'Failed', tail(first));
    const run = await runAudit(emu, 'PoolRoleAuditV1', { now, inputs: { baselineFile, failOn: 'new' } });
    const report = reportOf(run) as ReturnType<typeof reportOf> & { absent: any[]; baseline: Record<string, unknown> };
    const fresh = report.findings.filter((f: any) => f.baselineState === 'new');
    assert.deepEqual(
      fresh.map((f) => `${f.ruleId} ${f.resource.kind}:${f.resource.name}`),
      ['POOL001 pool:deploy-prod'],
    );
    assert.deepEqual(report.absent.map((f) => `${f.ruleId} ${f.resource.kind}:${f.resource.name}`).sort(), [
      'POOL001 queue:Default',
      'POOL002 queue:Default',
    ]);
    assert.ok(report.findings.every((f: any) => ['unchanged', 'updated', 'new'].includes(f.baselineState)));
    assert.equal(run.variables.newFindingCount, '1');
    assert.equal(run.variables.resolvedFindingCount, '2');
    assert.equal(run.result, 'Failed', tail(run));
    assert.match(run.resultMessage ?? '', /new or worsened since the baseline: 1 unexempted finding at or above high \(1 high\)/);
    assert.equal(report.baseline.file, baselineFile);
    assert.equal(report.baseline.generatedAt, readJson(first.variables.reportPath).generatedAt);

    const sarif = readValidSarif(run.variables.sarifPath);
    const results = sarif.runs[0].results as { baselineState?: string }[];
    assert.equal(results.length, report.findings.length + 2);
    assert.ok(
      results.every((r) => r.baselineState),
      'every SARIF result has a baselineState',
    );
    assert.equal(results.filter((r) => r.baselineState === 'absent').length, 2);
    assert.equal(results.filter((r) => r.baselineState === 'new').length, 1);

    const summary = fs.readFileSync(path.join(path.dirname(run.variables.reportPath), 'pool-role-audit.md'), 'utf8');
    assert.ok(summary.indexOf('### New since baseline') < summary.indexOf('### Findings'));
    assert.match(summary, /### Resolved since baseline \\\(baseline run \d{4}-\d\d-\d\dT/);
  });

  it('PoolRoleAudit: a run that could not read everything resolves nothing: the gone findings are not judged', async () => {
    emu.faults.add({ service: 'ado', path: /agentqueuerole\/roleassignments\/resources\//, kind: 'status', status: 403 });
    try {
      const run = await runAudit(emu, 'PoolRoleAuditV1', { now, inputs: { baselineFile, failOn: 'new' } });
      const report = reportOf(run) as any;
      assert.equal(report.complete, false, tail(run));
      assert.equal(run.variables.resolvedFindingCount, '0');
      assert.deepEqual(report.absent, []);
      // The two fixed findings and those behind the refused reads: carried, not resolved.
      assert.ok(report.notJudged.length >= 2, JSON.stringify(report.notJudged.length));
      assert.equal(report.baseline.absent, 0);
      assert.ok(report.notJudged.every((f: any) => f.baselineState === 'unchanged'));
      assert.ok(report.notJudgedRules.includes('POOL001'));
    } finally {
      emu.faults.clear();
    }
  });

  it('known findings decide nothing with failOn new (a known critical finding does not fail the critical threshold)', async () => {
    const known = await runAudit(emu, 'PoolRoleAuditV1', { now, inputs: { baselineFile, failOn: 'new', failOnSeverity: 'critical' } });
    assert.equal(known.result, 'SucceededWithIssues', tail(known));
    const all = await runAudit(emu, 'PoolRoleAuditV1', { now, inputs: { baselineFile, failOn: 'all', failOnSeverity: 'critical' } });
    assert.equal(all.result, 'Failed', tail(all));
  });

  it('first night: a pattern that matches nothing is no error, and every finding is new', async () => {
    const run = await runAudit(emu, 'PoolRoleAuditV1', {
      now,
      inputs: {
        baselineFile: path.join(path.dirname(baselineFile), 'nothing-yet', '**', 'pool-role-audit.json'),
        failOn: 'new',
        failOnSeverity: 'none',
      },
    });
    assert.equal(run.result, 'SucceededWithIssues', tail(run));
    assert.equal(run.variables.newFindingCount, run.variables.findingCount);
    assert.equal(run.variables.resolvedFindingCount, '0');
  });

  it('a wrong baseline fails before any Azure DevOps call, naming the file and why', async () => {
    const pat = await runAudit(emu, 'PatAuditV1', { now, inputs: { failOnSeverity: 'none' } });
    const patFile = asDownloadedArtifact(pat.variables.reportPath);
    const garbage = path.join(path.dirname(patFile), 'garbage.json');
    fs.writeFileSync(garbage, '{"tool": ');
    const cases: [string, RegExp][] = [
      [patFile, /it is a PatAudit report; give the PoolRoleAudit report of an earlier run/],
      [garbage, /it cannot be read as JSON/],
      [path.join(path.dirname(patFile), 'missing.json'), /which does not exist .*A path must exist/],
    ];
    for (const [file, why] of cases) {
      const run = await runAudit(emu, 'PoolRoleAuditV1', { now, inputs: { baselineFile: file } });
      assert.equal(run.result, 'Failed', tail(run));
      assert.ok((run.resultMessage ?? '').includes(`Input 'baselineFile' names '${file}'`), run.resultMessage);
      assert.match(run.resultMessage ?? '', why);
      assert.deepEqual(adoCalls(run), [], 'no call to Azure DevOps before the baseline is checked');
    }
  });

  it('PatAudit: its own earlier report as baseline makes every finding unchanged, and failOn new does not fail', async () => {
    const pat = await runAudit(emu, 'PatAuditV1', { now, inputs: { failOnSeverity: 'high' } });
    assert.equal(pat.result, 'Failed', 'the sample has high PAT findings');
    const again = await runAudit(emu, 'PatAuditV1', {
      now,
      inputs: { failOnSeverity: 'high', failOn: 'new', baselineFile: asDownloadedArtifact(pat.variables.reportPath) },
    });
    const report = reportOf(again);
    assert.ok(report.findings.length > 0);
    assert.ok(
      report.findings.every((f: any) => f.baselineState === 'unchanged'),
      'same tokens, same clock: nothing changed',
    );
    assert.equal(again.variables.newFindingCount, '0');
    assert.equal(again.variables.resolvedFindingCount, '0');
    assert.equal(again.result, 'SucceededWithIssues', tail(again));
  });

  it('ReportMerge: carries the states through, and a merged baseline fails on new findings only', async () => {
    const merge = (inputs: Record<string, string>) => runAgentTask(emu, { task: 'ReportMergeV1', inputs });
    const mergedFirst = await merge({ reportFiles: first.variables.reportPath, failOnSeverity: 'high' });
    assert.equal(mergedFirst.result, 'Failed', tail(mergedFirst));
    const second = await runAudit(emu, 'PoolRoleAuditV1', { now, inputs: { failOnSeverity: 'none' } });

    const withBaseline = await merge({
      reportFiles: second.variables.reportPath,
      baselineFile: asDownloadedArtifact(mergedFirst.variables.reportPath),
      failOn: 'new',
      failOnSeverity: 'high',
    });
    assert.equal(withBaseline.variables.newFindingCount, '1', tail(withBaseline));
    assert.equal(withBaseline.variables.resolvedFindingCount, '2');
    assert.equal(withBaseline.result, 'Failed');
    assert.match(withBaseline.resultMessage ?? '', /new or worsened since the baseline: 1 unexempted finding/);
    const sarif = readValidSarif(withBaseline.variables.sarifPath);
    assert.equal(sarif.runs[0].results.filter((r: { baselineState?: string }) => r.baselineState === 'absent').length, 2);
    assert.equal(withBaseline.requests.length, 0, 'the merge reads files only');

    // Without its own baseline the merge keeps the states the audit set against its baseline.
    const audited = await runAudit(emu, 'PoolRoleAuditV1', { now, inputs: { baselineFile, failOnSeverity: 'none' } });
    const carried = await merge({ reportFiles: audited.variables.reportPath, failOn: 'new', failOnSeverity: 'high' });
    assert.equal(carried.variables.newFindingCount, '1', tail(carried));
    assert.equal(carried.variables.resolvedFindingCount, '2');
    assert.equal(carried.result, 'Failed');
    const merged = readJson(carried.variables.reportPath);
    assert.equal(merged.reports[0].absent.length, 2);
    assert.ok(
      merged.reports[0].findings.every(
        (f: { baselineState?: string; organization?: string }) => f.baselineState && f.organization === 'contoso',
      ),
    );
  });
});
