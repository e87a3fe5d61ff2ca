/**
 * `npm start`: starts the loopback emulator with the sample organization and runs every task's bundle the way the
 * Azure Pipelines agent does (INPUT_*, ENDPOINT_*, SYSTEM_* environment, `##vso[...]` logging commands), signing in
 * through workload identity federation with the real @azure/identity. Prints each run summary and where the reports are.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pipelineEnv, sampleOrganization, SAMPLE_IDS, startEmulator, type Emulator } from '../emulator';
import { wifDevOpsInputs, writeSensitiveDefaultPolicy } from '../emulator/sample-inputs';
import { findLeaks, REPO_ROOT, runTask } from '../emulator/harness/run-task';

interface DemoStep {
  title: string;
  task: string;
  inputs: Record<string, string>;
}

const OUT_DIR = path.join(REPO_ROOT, 'out', 'demo');

function steps(emu: Emulator): DemoStep[] {
  const signIn = wifDevOpsInputs(emu);
  const vmss = emu.state.org.scaleSets.find((s) => s.name === SAMPLE_IDS.scaleSets.selfManaged);
  if (!vmss) throw new Error(`demo: the sample organization has no scale set '${SAMPLE_IDS.scaleSets.selfManaged}'`);
  const selfManagedScaleSet = emu.state.scaleSetId(vmss);
  return [
    {
      title: 'Inventory of every pool',
      task: 'PoolInventoryV1',
      inputs: { ...signIn, includeHosted: 'true', azureSubscription: SAMPLE_IDS.connections.wifArm },
    },
    {
      title:
        'Pool role audit (Default is a sensitive pool: its pipelines and their branches are checked too; Managed DevOps Pools’ permission profiles)',
      task: 'PoolRoleAuditV1',
      inputs: {
        ...signIn,
        azureSubscription: SAMPLE_IDS.connections.wifArm,
        failOnSeverity: 'critical',
        policyFile: writeSensitiveDefaultPolicy(OUT_DIR),
      },
    },
    { title: 'PAT audit (every user of the organization)', task: 'PatAuditV1', inputs: { ...signIn, failOnSeverity: 'critical' } },
    {
      title: 'Scale-in of a self-managed scale set: 3 agents asked, the busy one is skipped',
      task: 'ScaleSetAgentsV1',
      inputs: {
        ...signIn,
        azureSubscription: SAMPLE_IDS.connections.wifArm,
        pool: 'vmss-selfmanaged',
        scaleSetResourceId: selfManagedScaleSet,
        action: 'remove',
        count: '3',
        drainTimeoutMinutes: '1',
        pollIntervalSeconds: '2',
      },
    },
    {
      title: 'Scale-in of an Azure DevOps-managed scale set pool: standby lowered, idle agents drained for the service',
      task: 'ScaleSetAgentsV1',
      inputs: { ...signIn, pool: 'vmss-elastic', action: 'remove', count: '2', pollIntervalSeconds: '2' },
    },
    {
      title: 'Clean-up of agents offline for more than 24 hours (dry run, then for real)',
      task: 'ScaleSetAgentsV1',
      inputs: { ...signIn, pool: 'Default', action: 'removeOffline', offlineForHours: '24', dryRun: 'true' },
    },
    {
      title: 'Clean-up, for real',
      task: 'ScaleSetAgentsV1',
      inputs: { ...signIn, pool: 'Default', action: 'removeOffline', offlineForHours: '24' },
    },
    {
      title: 'Managed DevOps Pool: a weekday standby schedule (dry run: before → after)',
      task: 'ScaleSetAgentsV1',
      inputs: {
        ...signIn,
        azureSubscription: SAMPLE_IDS.connections.wifArm,
        pool: 'mdp-linux',
        action: 'configure',
        standbyMode: 'manual',
        standbySchedule: 'Mon-Fri 08:00=3, 18:00=0; Sat-Sun 00:00=0',
        standbyTimeZone: 'W. Europe Standard Time',
        dryRun: 'true',
      },
    },
    {
      title: 'Managed DevOps Pool: two more agents at most (maximum concurrency, parallelism rewritten)',
      task: 'ScaleSetAgentsV1',
      inputs: {
        ...signIn,
        azureSubscription: SAMPLE_IDS.connections.wifArm,
        pool: 'mdp-linux',
        action: 'add',
        count: '2',
        pollIntervalSeconds: '1',
      },
    },
    {
      title: 'One report from the reports above (what a multi-organization matrix merges)',
      task: 'ReportMergeV1',
      inputs: {
        reportFiles: ['1-*', '2-*', '3-*'].map((folder) => `${folder}/pool-warden/*.json`).join('\n'),
        searchFolder: OUT_DIR,
        failOnSeverity: 'critical',
      },
    },
  ];
}

async function main(): Promise<void> {
  fs.rmSync(OUT_DIR, { recursive: true, force: true });
  const emu = await startEmulator({ seed: sampleOrganization() });
  console.log(`Emulator of Entra ID, the job OIDC endpoint, Azure DevOps and ARM: ${emu.url}`);
  console.log(`Organization: ${emu.orgUrl} (sample organization '${SAMPLE_IDS.orgName}')\n`);
  let failures = 0;
  try {
    for (const [index, step] of steps(emu).entries()) {
      const tempDirectory = path.join(OUT_DIR, `${index + 1}-${step.task.replace(/V1$/, '')}`);
      fs.mkdirSync(tempDirectory, { recursive: true });
      const env = pipelineEnv(emu, { tempDirectory, connectionIds: [SAMPLE_IDS.connections.wifDevOps, SAMPLE_IDS.connections.wifArm] });
      const firstRequest = emu.requests.length;
      const run = await runTask({ task: step.task, inputs: step.inputs, env, tempDirectory, timeoutMs: 120_000 });
      const requests = emu.requests.slice(firstRequest);
      const writes = emu.writeRequests().filter((r) => r.seq > firstRequest).length;
      console.log(`\n━━ ${index + 1}. ${step.title} (${step.task.replace(/V1$/, '@1')})`);
      console.log(`result: ${run.result ?? 'none'} · ${requests.length} requests (${writes} writes)`);
      for (const summary of run.summaries) console.log(`\n${fs.readFileSync(summary, 'utf8').trim()}\n`);
      for (const error of run.errors) console.log(`error: ${error}`);
      const outputs = Object.entries(run.variables).map(([name, value]) => `${name}=${value}`);
      if (outputs.length > 0) console.log(`output variables: ${outputs.join(', ')}`);
      console.log(`reports: ${path.relative(process.cwd(), tempDirectory)}/`);
      // The demo proves the secret-handling promise too: no credential the emulator issued appears anywhere.
      const leaks = findLeaks(run, emu.secrets());
      if (leaks.length > 0) {
        console.log(`LEAK: ${leaks.join(', ')}`);
        failures++;
      }
      if (run.result === undefined) failures++;
    }
  } finally {
    await emu.close();
  }
  console.log(`\nAll reports are under ${path.relative(process.cwd(), OUT_DIR)}/ (JSON, SARIF, JUnit, CSV, markdown).`);
  if (failures > 0) {
    console.error(`${failures} demo step(s) did not complete cleanly`);
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
});
