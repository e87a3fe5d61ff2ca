import { spawn } from 'node:child_process';
import { sampleOrganization, SAMPLE_IDS, startEmulator } from '../../../emulator';

/** Set in the child process: the base URL of the emulator its parent started. Internal to the CLI. */
export const EMULATOR_URL_VARIABLE = 'POOL_WARDEN_CLI_EMULATOR_URL';

export interface EmbeddedRun {
  scriptPath: string;
  argv: readonly string[];
  env: NodeJS.ProcessEnv;
  err: { write(text: string): unknown };
}

/**
 * Runs the same command line against the built-in emulator's sample organization. The emulator's certificate is
 * self-signed and Node reads extra CAs only at start-up (NODE_EXTRA_CA_CERTS), so this process hosts the emulator
 * and runs the command in a child process that trusts it. The child inherits the terminal; its exit code is ours.
 */
export async function runAgainstEmbeddedEmulator(run: EmbeddedRun): Promise<number> {
  const emulator = await startEmulator({ seed: sampleOrganization() });
  run.err.write(
    `No --organization given: running against the built-in emulator's sample organization '${SAMPLE_IDS.orgName}' (${emulator.orgUrl}).\n` +
      'Use --organization https://dev.azure.com/<organization> to run against a real one.\n',
  );
  // The child gets Ctrl+C from the terminal too and stops safely; this process only waits for it.
  const ignore = () => undefined;
  process.on('SIGINT', ignore);
  process.on('SIGTERM', ignore);
  try {
    return await new Promise<number>((resolve, reject) => {
      const child = spawn(process.execPath, [...process.execArgv, run.scriptPath, ...run.argv], {
        stdio: 'inherit',
        env: { ...run.env, NODE_EXTRA_CA_CERTS: emulator.caCertPath, [EMULATOR_URL_VARIABLE]: emulator.url },
      });
      child.on('error', reject);
      child.on('close', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    });
  } finally {
    process.removeListener('SIGINT', ignore);
    process.removeListener('SIGTERM', ignore);
    await emulator.close();
  }
}

/** Organization URL of the sample organization on an emulator base URL. */
export function emulatorOrganizationUrl(emulatorUrl: string): string {
  return `${emulatorUrl}/${SAMPLE_IDS.orgName}/`;
}
