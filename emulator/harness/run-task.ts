import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseVsoLines, summarize, type TaskOutcome } from './vso';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');

export interface RunTaskOptions {
  /** Task folder name, e.g. `PoolInventoryV1`. */
  task: string;
  /** Task inputs by name (become INPUT_* as the agent sets them). */
  inputs: Record<string, string | number | boolean>;
  /** Agent environment (SYSTEM_*, ENDPOINT_*, NODE_EXTRA_CA_CERTS, …). */
  env: Record<string, string>;
  /** Temp directory for the run (AGENT_TEMPDIRECTORY); made when absent. */
  tempDirectory?: string;
  timeoutMs?: number;
  /** Sends SIGTERM after this many ms (cancellation tests). */
  killAfterMs?: number;
  /** Node options before the bundle path, e.g. `['--require', preload]` (benchmarks measure peak RSS that way). */
  nodeArgs?: string[];
  /** Sends SIGTERM when this signal aborts (cancellation at a chosen moment, e.g. after a given request). */
  killSignal?: AbortSignal;
}

export interface TaskRun extends TaskOutcome, NodeExit {
  tempDirectory: string;
  /** Every file the task wrote under its temp directory, with contents. */
  files(): { path: string; content: string }[];
}

export function inputEnvName(name: string): string {
  return `INPUT_${name.replace(/[. ]/g, '_').toUpperCase()}`;
}

/** Runs a bundled task the way the agent does: `node <bundle>` with INPUT_*, ENDPOINT_*, SYSTEM_* set. */
export function runTask(options: RunTaskOptions): Promise<TaskRun> {
  const bundle = path.join(REPO_ROOT, 'dist', 'tasks', options.task, 'index.js');
  if (!fs.existsSync(bundle)) throw new Error(`Bundle ${bundle} is missing: run 'npm run build' first`);
  const tempDirectory = options.tempDirectory ?? fs.mkdtempSync(path.join(os.tmpdir(), 'pw-run-'));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? tempDirectory,
    AGENT_TEMPDIRECTORY: tempDirectory,
    AGENT_WORKFOLDER: tempDirectory,
    ...options.env,
  };
  for (const [name, value] of Object.entries(options.inputs)) env[inputEnvName(name)] = String(value);
  const { timeoutMs, killAfterMs, killSignal } = options;
  return spawnNode([...(options.nodeArgs ?? []), bundle], { cwd: tempDirectory, env, timeoutMs, killAfterMs, killSignal }).then((exit) => ({
    ...summarize(parseVsoLines(exit.stdout)),
    ...exit,
    tempDirectory,
    // The agent's task key is not an output of the task.
    files: () => filesUnder(tempDirectory).filter((file) => path.basename(file.path) !== '.taskkey'),
  }));
}

export interface NodeExit {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  /** Epoch milliseconds just before the child process was spawned, and when it closed. */
  startedAtMs: number;
  endedAtMs: number;
}

/**
 * Runs `node <args>` in `cwd` with exactly `env`, collecting its output: SIGKILL after `timeoutMs` (default 60 s),
 * SIGTERM after `killAfterMs` or when `killSignal` aborts.
 */
export function spawnNode(
  args: readonly string[],
  options: { cwd: string; env: Record<string, string>; timeoutMs?: number; killAfterMs?: number; killSignal?: AbortSignal },
): Promise<NodeExit> {
  return new Promise((resolve, reject) => {
    const startedAtMs = Date.now();
    const child = spawn(process.execPath, args, { env: options.env, cwd: options.cwd });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    const killer = options.killAfterMs !== undefined ? setTimeout(() => child.kill('SIGTERM'), options.killAfterMs) : undefined;
    const killNow = () => child.kill('SIGTERM');
    if (options.killSignal?.aborted) killNow();
    else options.killSignal?.addEventListener('abort', killNow, { once: true });
    child.on('error', reject);
    child.on('close', (exitCode) => {
      clearTimeout(timer);
      if (killer) clearTimeout(killer);
      options.killSignal?.removeEventListener('abort', killNow);
      resolve({ exitCode, stdout, stderr, startedAtMs, endedAtMs: Date.now() });
    });
  });
}

/** Every file under `dir` (recursively), with contents. */
export function filesUnder(dir: string): { path: string; content: string }[] {
  return listFiles(dir).map((file) => ({ path: file, content: fs.readFileSync(file, 'utf8') }));
}

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(full));
    else out.push(full);
  }
  return out;
}

/** Returns where any of the secrets appears in the run's output or in a file it wrote (none: an empty list). */
export function findLeaks(run: Pick<TaskRun, 'stdout' | 'stderr' | 'files'>, secrets: string[]): string[] {
  // setsecret lines legitimately carry the value to the agent's masker.
  const scrub = (text: string) =>
    text
      .split('\n')
      .filter((line) => !line.includes('##vso[task.setsecret]'))
      .join('\n');
  const haystacks = [
    { where: 'stdout', text: run.stdout },
    { where: 'stderr', text: run.stderr },
    ...run.files().map((file) => ({ where: file.path, text: file.content })),
  ].map(({ where, text }) => ({ where, text: scrub(text) }));
  const leaks: string[] = [];
  for (const secret of secrets.filter((s) => s && s.length >= 8)) {
    for (const { where, text } of haystacks) if (text.includes(secret)) leaks.push(`${secret.slice(0, 6)}… in ${where}`);
  }
  return leaks;
}
