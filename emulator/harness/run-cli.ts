import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { filesUnder, REPO_ROOT, spawnNode } from './run-task';

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
export function runCli(
  args: readonly string[],
  options: { cwd?: string; env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<CliRun> {
  if (!fs.existsSync(CLI_BUNDLE)) throw new Error(`${CLI_BUNDLE} is missing: run 'npm run build' first`);
  const cwd = options.cwd ?? fs.mkdtempSync(path.join(os.tmpdir(), 'pw-cli-'));
  const env = { PATH: path.dirname(process.execPath), HOME: cwd, ...options.env };
  return spawnNode([CLI_BUNDLE, ...args], { cwd, env, timeoutMs: options.timeoutMs }).then(({ exitCode, stdout, stderr }) => ({
    exitCode,
    stdout,
    stderr,
    cwd,
    files: () => filesUnder(cwd),
  }));
}
