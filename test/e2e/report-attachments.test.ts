import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Emulator } from '../../emulator';
import { runSampleTask, sampleTaskInputs, type SampleTask } from '../../emulator/harness/sample-runs';
import type { TaskRun } from '../../emulator/harness/run-task';
import { onLinux } from './managed-pools-support';
import { runScale, startScaleEmulator } from './scale-fixtures';
import { sampleOrganizationNamed, startE2eEmulator, tail } from './support';

const TYPE = 'pool-warden.report.v1';

/** The raw `##vso[task.addattachment ...]` lines a run printed, as the agent reads them. */
function attachmentLines(run: TaskRun): string[] {
  return run.stdout.split(/\r?\n/).filter((line) => line.startsWith('##vso[task.addattachment'));
}

/**
 * Every task attaches its JSON report to the run under one type, named `<task>-<organization>`: the run's Pool Warden
 * tab lists the attachments of that type through the Build REST API.
 */
describe('e2e: every task attaches its JSON report to the run', function () {
  this.timeout(180_000);
  let emu: Emulator;
  let fabrikam: Emulator;
  const runs: Partial<Record<SampleTask, TaskRun>> = {};
  before(async () => {
    emu = await startE2eEmulator();
    fabrikam = await startE2eEmulator({ seed: sampleOrganizationNamed('fabrikam') });
    for (const task of ['PoolInventoryV1', 'PoolRoleAuditV1', 'PatAuditV1', 'ScaleSetAgentsV1'] as SampleTask[])
      runs[task] = await runSampleTask(emu, task, sampleTaskInputs(emu, task));
  });
  after(() => Promise.all([emu?.close(), fabrikam?.close()]));

  const expected: [SampleTask, string][] = [
    ['PoolInventoryV1', 'PoolInventory-contoso'],
    ['PoolRoleAuditV1', 'PoolRoleAudit-contoso'],
    ['PatAuditV1', 'PatAudit-contoso'],
    ['ScaleSetAgentsV1', 'ScaleSetAgents-contoso'],
  ];
  for (const [task, name] of expected) {
    it(`${task} prints one ##vso[task.addattachment type=${TYPE};name=${name}] line naming its JSON report`, () => {
      const run = runs[task]!;
      const lines = attachmentLines(run);
      assert.equal(lines.length, 1, tail(run));
      assert.equal(lines[0], `##vso[task.addattachment type=${TYPE};name=${name};]${run.variables.reportPath}`);
      assert.deepEqual(run.attachments, [{ type: TYPE, name, path: run.variables.reportPath }]);
      const report = JSON.parse(fs.readFileSync(run.attachments[0].path, 'utf8')) as { task: string; schemaVersion: number };
      assert.equal(report.schemaVersion, 1);
      assert.equal(`${report.task}V1`, task);
    });
  }

  it('ScaleSetAgents on a Managed DevOps Pool attaches its report as ScaleSetAgents-<organization> too', async () => {
    const managed = await startScaleEmulator();
    try {
      const run = await runScale(managed, onLinux({ action: 'add', count: 1, dryRun: true }));
      assert.equal(run.variables.maximumConcurrency, '4', tail(run));
      assert.deepEqual(attachmentLines(run), [
        `##vso[task.addattachment type=${TYPE};name=ScaleSetAgents-contoso;]${run.variables.reportPath}`,
      ]);
      const report = JSON.parse(fs.readFileSync(run.variables.reportPath, 'utf8')) as { managedPool?: unknown };
      assert.ok(report.managedPool, 'the attached report is the managed-pool report');
    } finally {
      await managed.close();
    }
  });

  it('ReportMerge attaches the merged report, named after every organization it merged', async () => {
    const other = await runSampleTask(fabrikam, 'PoolRoleAuditV1', sampleTaskInputs(fabrikam, 'PoolRoleAuditV1'));
    const folders = [runs.PoolRoleAuditV1!, other].map((run) => path.dirname(run.variables.reportPath));
    const merge = await runSampleTask(emu, 'ReportMergeV1', {
      reportFiles: folders.map((folder) => `${folder}/*.json`).join('\n'),
      failOnSeverity: 'none',
    });
    assert.deepEqual(attachmentLines(merge), [
      `##vso[task.addattachment type=${TYPE};name=ReportMerge-contoso_fabrikam;]${merge.variables.reportPath}`,
    ]);
  });
});
