import { spawn } from 'node:child_process';
import { ClientSecretCredential } from '@azure/identity';
import { sampleOrganization, SAMPLE_IDS, startEmulator } from '../emulator';
import type { EmbeddedEmulator } from '../tasks/common/cli/main';
import { localEndpoint, type LocalSignInPlan } from '../tasks/common/cli/sign-in';

/** Set in the child process: the base URL of the emulator its parent started. Internal to the CLI. */
const EMULATOR_URL_VARIABLE = 'POOL_WARDEN_CLI_EMULATOR_URL';

interface EmbeddedRun {
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
async function runAgainstEmbeddedEmulator(run: EmbeddedRun): Promise<number> {
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
function emulatorOrganizationUrl(emulatorUrl: string): string {
  return `${emulatorUrl}/${SAMPLE_IDS.orgName}/`;
}

/**
 * Sign-in against the embedded emulator: its sample organization's service principal, with a client secret the
 * emulator made up (it is not a credential anywhere else). The emulator's Entra endpoint is the authority.
 */
function emulatorSignIn(emulatorUrl: string, useArm: boolean): LocalSignInPlan {
  const credential = new ClientSecretCredential(SAMPLE_IDS.tenantId, SAMPLE_IDS.wifApp.appId, SAMPLE_IDS.wifSecret, {
    authorityHost: emulatorUrl,
    disableInstanceDiscovery: true,
  });
  const armEndpoint = localEndpoint(`${emulatorUrl}/_arm/`);
  return {
    signIn: {
      connectionType: useArm ? 'azureRM' : 'azureDevOps',
      endpoint: armEndpoint,
      local: { credential, description: "the emulator's sample service principal 'pool-warden-wif'" },
    },
    armEndpoint,
  };
}

/**
 * What the CLI entry gives runCli: with no --organization, the first process starts the emulator and re-runs the
 * command in a child that trusts its certificate; the child signs in to it as the sample service principal.
 */
export const embeddedEmulator: EmbeddedEmulator = {
  signInFromEnvironment(env, useArm) {
    const emulatorUrl = env[EMULATOR_URL_VARIABLE];
    if (!emulatorUrl) return undefined;
    return { organizationUrl: emulatorOrganizationUrl(emulatorUrl), plan: emulatorSignIn(emulatorUrl, useArm) };
  },
  runInChild: runAgainstEmbeddedEmulator,
};
