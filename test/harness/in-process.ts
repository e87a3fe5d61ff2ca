/**
 * Runs a task's main IN THIS PROCESS against the emulator, reading the same agent environment a spawned bundle gets
 * (pipelineEnv: INPUT_*, ENDPOINT_*, SYSTEM_*), through the same host code (tasks/common/pipeline/agent-host.ts), and
 * writing the same `##vso[...]` lines, which are parsed like a real run's. Only task-lib itself (its vault and
 * console writes) and the process boundary are left out, so a test that needs neither runs in milliseconds:
 * input validation tables, sign-in errors, report contents. One bundle-spawning run per task and mode stays in the
 * e2e suites (the agent contract), with chaos, SIGTERM, the README tables and the leak checks.
 */
import * as fs from 'node:fs';
import { Agent } from 'node:https';
import * as os from 'node:os';
import * as path from 'node:path';
import { createDefaultHttpClient, type HttpClient } from '@azure/core-rest-pipeline';
import { pipelineEnv, SAMPLE_IDS, type Emulator } from '../../emulator';
import { findLeaks, inputEnvName, type TaskRun } from '../../emulator/harness/run-task';
import { parseVsoLines, summarize } from '../../emulator/harness/vso';
import { runPoolRoleAudit } from '../../tasks/common/audit/main';
import { failTask, type TaskHost, type TaskResultName } from '../../tasks/common/host';
import { runInventory } from '../../tasks/common/inventory/main';
import { runReportMerge } from '../../tasks/common/merge/main';
import { systemClock, type Clock } from '../../tasks/common/model/context';
import { runPatAudit } from '../../tasks/common/pats/main';
import { createAgentHost, type AgentChannel } from '../../tasks/common/pipeline/agent-host';
import { runScaleSetAgents } from '../../tasks/common/scaling/main';
import type { AgentRun, AgentRunOptions } from '../e2e/support';

/** Each task's name and main, as its tasks/<Name>V1/index.ts hands them to runTask. */
export const TASK_MAINS: Record<string, { name: string; main: (host: TaskHost, signal: AbortSignal, clock: Clock) => Promise<void> }> = {
  PoolInventoryV1: { name: 'PoolInventory', main: (host, _signal, clock) => runInventory(host, clock) },
  PoolRoleAuditV1: { name: 'PoolRoleAudit', main: (host, _signal, clock) => runPoolRoleAudit(host, clock) },
  PatAuditV1: { name: 'PatAudit', main: (host, _signal, clock) => runPatAudit(host, clock) },
  ReportMergeV1: { name: 'ReportMerge', main: (host) => runReportMerge(host) },
  ScaleSetAgentsV1: { name: 'ScaleSetAgents', main: (host, signal, clock) => runScaleSetAgents(host, clock, signal) },
};

/** The clock of a run: frozen at POOL_WARDEN_E2E_NOW when set (what test/e2e/fixed-clock.cjs does to a process). */
function clockOf(env: Record<string, string>): Clock {
  const fixed = Date.parse(env.POOL_WARDEN_E2E_NOW ?? '');
  return Number.isNaN(fixed) ? systemClock : { now: () => new Date(fixed), sleep: systemClock.sleep };
}

/** task-lib's escaping of logging command properties and messages (so parseVsoLines reads them back). */
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
function escapeProperty(text: string): string {
  return escapeData(text).replace(/]/g, '%5D').replace(/;/g, '%3B');
}
function vso(command: string, properties: Record<string, string>, message: string): string {
  const props = Object.entries(properties)
    .map(([key, value]) => `${key}=${escapeProperty(value)};`)
    .join('');
  return `##vso[${command}${props ? ` ${props}` : ''}]${escapeData(message)}`;
}

/** The agent channel over an environment dictionary, with task-lib's naming rules and command lines. */
function environmentChannel(env: Record<string, string>, lines: string[], transport: HttpClient): AgentChannel {
  const key = (name: string) => name.replace(/\./g, '_').replace(/ /g, '_').toUpperCase();
  return {
    input: (name) => env[inputEnvName(name)]?.trim(),
    variable: (name) => env[key(name)],
    endpointAuthorization: (id) => {
      const text = env[`ENDPOINT_AUTH_${id}`];
      return text ? JSON.parse(text) : undefined;
    },
    endpointUrl: (id) => env[`ENDPOINT_URL_${id}`],
    endpointDataParameter: (id, name) => env[`ENDPOINT_DATA_${id}_${name.toUpperCase()}`],
    log: (line) => lines.push(line),
    warning: (message) => lines.push(vso('task.issue', { type: 'warning' }, message)),
    debug: (message) => lines.push(vso('task.debug', {}, message)),
    setSecret: (value) => lines.push(vso('task.setsecret', {}, value)),
    setOutput: (name, value) => lines.push(vso('task.setvariable', { variable: name, isOutput: 'true', issecret: 'false' }, value)),
    uploadSummary: (file) => lines.push(vso('task.uploadsummary', {}, file)),
    addAttachment: (type, name, file) => lines.push(vso('task.addattachment', { type, name }, file)),
    setResult: (result: TaskResultName, message) => {
      if (result === 'Failed' && message) lines.push(vso('task.issue', { type: 'error' }, message));
      if (result === 'SucceededWithIssues' && message) lines.push(vso('task.issue', { type: 'warning' }, message));
      lines.push(vso('task.complete', { result }, message));
    },
    transport,
  };
}

/**
 * HTTPS that trusts the emulator's certificate (what NODE_EXTRA_CA_CERTS does for a spawned task). Closing it ends
 * the run's network: a request still retrying in the background (a prefetch the failed main no longer awaits) gets
 * an error at once instead of knocking on a closed emulator for half a minute and keeping mocha alive.
 */
function trustingTransport(ca: string): { transport: HttpClient; close(): void } {
  const inner = createDefaultHttpClient();
  const agent = new Agent({ ca, keepAlive: true });
  let closed = false;
  return {
    transport: {
      sendRequest: (request) => {
        if (closed) return Promise.reject(new Error('the in-process run has ended'));
        request.agent = agent;
        return inner.sendRequest(request);
      },
    },
    close: () => {
      closed = true;
      agent.destroy();
    },
  };
}

/** Process-wide settings a task reads outside its host (the Azure SDK reads SYSTEM_OIDCREQUESTURI, IDENTITY_*). */
const PROCESS_ENV = /^(SYSTEM_|IDENTITY_|MSI_|AGENT_)/;

let running = false;

/**
 * Runs `options.task`'s main in-process with the agent environment runAgentTask would give the bundle; resolves
 * with the same AgentRun (result, outputs, warnings, summaries, requests, writes) and checks it leaked nothing.
 */
export async function runInProcess(emu: Emulator, options: AgentRunOptions): Promise<AgentRun> {
  const entry = TASK_MAINS[options.task];
  if (!entry) throw new Error(`runInProcess: unknown task ${options.task}`);
  if (running) throw new Error('runInProcess: one run at a time (it sets process.env and the working directory)');
  if (options.killAfterMs !== undefined || options.killOn || options.nodeArgs) {
    throw new Error('runInProcess: SIGTERM and node options need a process; spawn the bundle for this case');
  }
  running = true;
  const tempDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-inproc-'));
  const env: Record<string, string> = {
    AGENT_TEMPDIRECTORY: tempDirectory,
    AGENT_WORKFOLDER: tempDirectory,
    ...pipelineEnv(emu, {
      tempDirectory,
      hostType: options.hostType,
      project: options.project,
      certificatePems: options.certificatePems,
      connectionIds: options.connectionIds ?? [SAMPLE_IDS.connections.wifDevOps, SAMPLE_IDS.connections.wifArm],
    }),
  };
  for (const [name, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  for (const [name, value] of Object.entries(options.inputs)) env[inputEnvName(name)] = String(value);

  const saved = new Map<string, string | undefined>();
  for (const name of new Set([...Object.keys(process.env), ...Object.keys(env)])) {
    if (!PROCESS_ENV.test(name)) continue;
    saved.set(name, process.env[name]);
    if (env[name] === undefined) delete process.env[name];
    else process.env[name] = env[name];
  }
  const cwd = process.cwd();
  process.chdir(tempDirectory);
  const lines: string[] = [];
  const https = trustingTransport(emu.ca);
  const firstSeq = emu.requests.length;
  const startedAtMs = Date.now();
  try {
    const host = createAgentHost(environmentChannel(env, lines, https.transport));
    await entry.main(host, new AbortController().signal, clockOf(env)).catch((error: unknown) => failTask(host, entry.name, error));
  } finally {
    https.close();
    process.chdir(cwd);
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    running = false;
  }
  const stdout = `${lines.join('\n')}\n`;
  const run: TaskRun = {
    ...summarize(parseVsoLines(stdout)),
    exitCode: 0,
    stdout,
    stderr: '',
    startedAtMs,
    endedAtMs: Date.now(),
    tempDirectory,
    files: () => filesUnder(tempDirectory),
  };
  const requests = emu.requests.slice(firstSeq);
  const writeSet = new Set(emu.writeRequests());
  const leaks = findLeaks(run, emu.secrets());
  if (leaks.length > 0) throw new Error(`${options.task} leaked credentials:\n${leaks.join('\n')}`);
  return { ...run, requests, writes: requests.filter((r) => writeSet.has(r)) };
}

function filesUnder(dir: string): { path: string; content: string }[] {
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true }).flatMap((entry) => {
    const file = path.join(entry.parentPath ?? entry.path, entry.name);
    return entry.isFile() ? [{ path: file, content: fs.readFileSync(file, 'utf8') }] : [];
  });
}
