import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT } from './run-task';

export const CLI_BUNDLE = path.join(REPO_ROOT, 'dist', 'cli', 'pool-warden.js');

export interface CliRun {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  cwd: string;
  /** Every file under the working directory, with contents. */
  files(): { path: string; content: string }[];
}

/**
 * Runs the bundled CLI (`node dist/cli/pool-warden.js ...`) as a user would, in a fresh working directory. PATH holds
 * only node's folder, so an installed Azure CLI can never be reached from a test.
 */
export function runCli(args: readonly string[], options: { cwd?: string; env?: Record<string, string>; timeoutMs?: number } = {}): Promise<CliRun> {
  if (!fs.existsSync(CLI_BUNDLE)) throw new Error(`${CLI_BUNDLE} is missing: run 'npm run build' first`);
  const cwd = options.cwd ?? fs.mkdtempSync(path.join(os.tmpdir(), 'pw-cli-'));
  const env = { PATH: path.dirname(process.execPath), HOME: cwd, ...options.env };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_BUNDLE, ...args], { cwd, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (exitCode) => {
      clearTimeout(timer);
      resolve({ exitCode, stdout, stderr, cwd, files: () => listFiles(cwd).map((file) => ({ path: file, content: fs.readFileSync(file, 'utf8') })) });
    });
  });
}

function listFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? listFiles(full) : [full];
  });
}
