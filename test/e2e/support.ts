import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  pipelineEnv,
  sampleOrganization,
  SAMPLE_IDS,
  sharedEmulatorKeys,
  startEmulator,
  type Emulator,
  type EmulatorOptions,
  type PipelineEnvOptions,
  type RecordedRequest,
} from '../../emulator';
import { findLeaks, runTask, type TaskRun } from '../../emulator/harness/run-task';
import { runInProcess } from '../harness/in-process';

/** Starts an emulator (sample organization unless a seed is given) with the shared keys. */
export async function startE2eEmulator(options: Partial<EmulatorOptions> = {}): Promise<Emulator> {
  return startEmulator({ seed: sampleOrganization(), ...options, keys: options.keys ?? (await sharedEmulatorKeys()) });
}

export { sampleOrganizationNamed, wifDevOpsInputs } from '../../emulator/sample-inputs';

export interface AgentRunOptions {
  task: 'PoolInventoryV1' | 'ScaleSetAgentsV1' | 'PoolRoleAuditV1' | 'PatAuditV1' | (string & {});
  inputs: Record<string, string | number | boolean>;
  /** Service connections the job exposes (default: the sample's two workload identity connections). */
  connectionIds?: string[];
  hostType?: PipelineEnvOptions['hostType'];
  project?: string;
  /** Key + certificate PEM per ServicePrincipal connection id, to expose it as a certificate connection. */
  certificatePems?: PipelineEnvOptions['certificatePems'];
  /** Extra or overriding environment variables. */
  env?: Record<string, string | undefined>;
  killAfterMs?: number;
  /** Sends SIGTERM right after the emulator answered the first request this predicate accepts. */
  killOn?: (request: RecordedRequest, state: Emulator['state']) => boolean;
  timeoutMs?: number;
  /** Node options before the bundle path (see `RunTaskOptions.nodeArgs`). */
  nodeArgs?: string[];
  /**
   * Runs the task's main in this process (test/harness/in-process.ts) instead of spawning its bundle: for cases about
   * what the task decides, not about the agent contract. Same environment, host code, outputs and leak check; no
   * SIGTERM (killAfterMs, killOn) and no node options. POOL_WARDEN_E2E_NOW in `env` freezes the task's clock.
   */
  inProcess?: boolean;
}

export interface AgentRun extends TaskRun {
  /** Requests the emulator received during this run. */
  requests: RecordedRequest[];
  /** Write requests (state-changing) the emulator received during this run. */
  writes: RecordedRequest[];
}

/**
 * Runs a bundled task as the agent does against the emulator, and checks on every run that no credential the
 * emulator knows (job token, OIDC and access tokens, client secrets) appears in stdout, stderr or any written file.
 */
export async function runAgentTask(emu: Emulator, options: AgentRunOptions): Promise<AgentRun> {
  if (options.inProcess) return runInProcess(emu, options);
  const tempDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-e2e-'));
  const env = pipelineEnv(emu, {
    tempDirectory,
    hostType: options.hostType,
    project: options.project,
    certificatePems: options.certificatePems,
    connectionIds: options.connectionIds ?? [SAMPLE_IDS.connections.wifDevOps, SAMPLE_IDS.connections.wifArm],
  });
  for (const [name, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  const firstSeq = emu.requests.length;
  const kill = new AbortController();
  const unhook = options.killOn
    ? emu.onRequest((request, state) => {
        if (request.seq > firstSeq && !kill.signal.aborted && options.killOn?.(request, state)) kill.abort();
      })
    : undefined;
  const run = await runTask({
    task: options.task,
    inputs: options.inputs,
    env,
    tempDirectory,
    killAfterMs: options.killAfterMs,
    killSignal: kill.signal,
    timeoutMs: options.timeoutMs,
    nodeArgs: options.nodeArgs,
  }).finally(() => unhook?.());
  const requests = emu.requests.slice(firstSeq);
  const writeSet = new Set(emu.writeRequests());
  const leaks = findLeaks(run, emu.secrets());
  assert.deepEqual(leaks, [], `${options.task} leaked credentials:\n${leaks.join('\n')}`);
  return { ...run, requests, writes: requests.filter((r) => writeSet.has(r)) };
}

/** Asserts that a run sent no state-changing request, listing the ones it did send. */
export function assertNoWrites(run: AgentRun): void {
  assert.deepEqual(
    run.writes.map((r) => `${r.method} ${r.path}`),
    [],
    'a read-only run sent write requests',
  );
}

/** Reads a JSON file the task wrote (the path usually comes from an output variable). */
export function readJson<T = any>(file: string | undefined): T {
  assert.ok(file, 'expected a report path');
  return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
}

/** A readable failure message: the tail of stdout and stderr. */
export function tail(run: TaskRun, lines = 40): string {
  return `${run.stdout.split('\n').slice(-lines).join('\n')}\n--- stderr ---\n${run.stderr.slice(-2000)}`;
}

/** The requests of one run that went to one emulated service (optionally one method). */
export function requestsTo(run: AgentRun, service: RecordedRequest['service'], method?: string): RecordedRequest[] {
  return run.requests.filter((r) => r.service === service && (!method || r.method === method));
}

/** The run's Entra token requests (`POST /{tenant}/oauth2/v2.0/token`) and managed identity token requests. */
export function entraTokenRequests(run: AgentRun): RecordedRequest[] {
  return run.requests.filter((r) => r.service === 'entra' && (/\/oauth2\/v2\.0\/token$/.test(r.path) || r.path === '/_msi/token'));
}

/** The debug messages (`##vso[task.debug]`) a run printed. */
export function debugMessages(run: TaskRun): string[] {
  return run.commands.filter((c) => c.command === 'task.debug').map((c) => c.message);
}
