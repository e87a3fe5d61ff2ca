/**
 * The run the tab's browser tests, screenshots and benchmark show: the sample tasks run as the agent runs them
 * against emulators, and the reports they attached (`##vso[task.addattachment]`) served by the tab host's Build API.
 */
import * as fs from 'node:fs';
import { sampleOrganization, sharedEmulatorKeys, startEmulator, type Emulator } from '../index';
import { sampleOrganizationNamed } from '../sample-inputs';
import type { OrgSeed } from '../seed';
import { runSampleTask, sampleTaskInputs, type SampleTask } from '../harness/sample-runs';
import type { TaskRun } from '../harness/run-task';
import type { HarnessAttachment } from './server';

export interface SampleRun {
  /** Every attachment the tasks printed, with the file each names. */
  attachments: HarnessAttachment[];
  runs: TaskRun[];
  /** Every credential the emulators know (none may reach the page or its requests). */
  secrets: string[];
}

const CONTOSO_TASKS: SampleTask[] = ['PoolRoleAuditV1', 'PatAuditV1', 'PoolInventoryV1', 'ScaleSetAgentsV1'];

/**
 * Runs the contoso tasks and a second organization's role audit (several organizations in one run) and collects their
 * report attachments. `adjust` changes the contoso seed first (e.g. hostile names).
 */
export async function runSampleGovernance(adjust?: (seed: OrgSeed) => void): Promise<SampleRun> {
  const keys = await sharedEmulatorKeys();
  const seed = sampleOrganization();
  adjust?.(seed);
  const emulators: Emulator[] = [
    await startEmulator({ seed, keys }),
    await startEmulator({ seed: sampleOrganizationNamed('fabrikam'), keys }),
  ];
  try {
    const [contoso, fabrikam] = emulators;
    const runs: TaskRun[] = [];
    for (const task of CONTOSO_TASKS) runs.push(await runSampleTask(contoso, task, sampleTaskInputs(contoso, task)));
    runs.push(await runSampleTask(fabrikam, 'PoolRoleAuditV1', sampleTaskInputs(fabrikam, 'PoolRoleAuditV1')));
    const attachments = runs.flatMap((run) => run.attachments.map((a) => ({ name: a.name, file: a.path })));
    for (const attachment of attachments) if (!fs.existsSync(attachment.file)) throw new Error(`${attachment.file} is missing`);
    return { attachments, runs, secrets: emulators.flatMap((emu) => emu.secrets()) };
  } finally {
    await Promise.all(emulators.map((emu) => emu.close()));
  }
}
