import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pipelineEnv, SAMPLE_IDS, type Emulator } from '../index';
import { wifDevOpsInputs } from '../sample-inputs';
import { findLeaks, runTask, type TaskRun } from './run-task';

/** One task of the sample governance run, as the agent would run it against an emulator. */
export type SampleTask = 'PoolInventoryV1' | 'PoolRoleAuditV1' | 'PatAuditV1' | 'ScaleSetAgentsV1';

/** The inputs each task gets in the sample run (the scaling step is a dry run: nothing changes). */
export function sampleTaskInputs(emu: Emulator, task: SampleTask): Record<string, string> {
  const signIn = wifDevOpsInputs(emu);
  switch (task) {
    case 'PoolInventoryV1':
      return signIn;
    case 'PoolRoleAuditV1':
    case 'PatAuditV1':
      return { ...signIn, failOnSeverity: 'none' };
    case 'ScaleSetAgentsV1': {
      const vmss = emu.state.org.scaleSets.find((s) => s.name === SAMPLE_IDS.scaleSets.selfManaged)!;
      return {
        ...signIn,
        azureSubscription: SAMPLE_IDS.connections.wifArm,
        pool: 'vmss-selfmanaged',
        scaleSetResourceId: emu.state.scaleSetId(vmss),
        action: 'remove',
        count: '2',
        dryRun: 'true',
      };
    }
  }
}

/**
 * Runs one bundled task as the agent does (fresh temp folder, the sample's two service connections) and fails when it
 * reported no result or leaked a credential the emulator knows. `inputs` replaces the sample inputs when given.
 */
export async function runSampleTask(emu: Emulator, task: string, inputs: Record<string, string>): Promise<TaskRun> {
  const tempDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-sample-'));
  const env = pipelineEnv(emu, { tempDirectory, connectionIds: [SAMPLE_IDS.connections.wifDevOps, SAMPLE_IDS.connections.wifArm] });
  const run = await runTask({ task, inputs, env, tempDirectory, timeoutMs: 180_000 });
  if (!run.result) throw new Error(`${task} reported no result:\n${run.stdout.slice(-2000)}\n${run.stderr.slice(-2000)}`);
  const leaks = findLeaks(run, emu.secrets());
  if (leaks.length > 0) throw new Error(`${task} leaked credentials: ${leaks.join(', ')}`);
  return run;
}
