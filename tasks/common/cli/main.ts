import { failTask, type TaskResultName } from '../host';
import { systemClock } from '../model/context';
import { parseArguments, UsageError } from './args';
import { COMMANDS, findCommand, type CliCommand } from './commands';
import { commandHelp, resolveCommandLine, type ResolvedCommandLine } from './inputs';
import { startProgress, type ProgressStream } from './progress';
import { cliSignIn, type LocalSignInPlan } from './sign-in';
import { createTerminalHost } from './terminal-host';

/** Exit codes: documented in docs/cli.md and `--help`. SucceededWithIssues is distinct so scripts can tell. */
export const EXIT_CODES: Record<TaskResultName, number> = { Succeeded: 0, Failed: 1, SucceededWithIssues: 2 };

export interface CliIo {
  argv: readonly string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Path of the running script (re-run in a child process for the embedded emulator). */
  scriptPath: string;
  out: { write(text: string): unknown };
  err: ProgressStream;
  /** The built-in emulator, when the entry carries one (cli/pool-warden.ts); without it --organization is required. */
  emulator?: EmbeddedEmulator;
}

/** The CLI's built-in emulator, provided by the entry outside tasks/ (so nothing under tasks/ imports emulator/). */
export interface EmbeddedEmulator {
  /** In the child process the emulator started: its organization URL and the sample identity's sign-in. */
  signInFromEnvironment(env: NodeJS.ProcessEnv, useArm: boolean): { organizationUrl: string; plan: LocalSignInPlan } | undefined;
  /** Starts the emulator and runs the same command line in a child process that trusts it; resolves with its exit code. */
  runInChild(run: {
    scriptPath: string;
    argv: readonly string[];
    env: NodeJS.ProcessEnv;
    err: { write(text: string): unknown };
  }): Promise<number>;
}

/** The whole CLI: parse, validate, sign in, run the task's core, print the result; resolves with the exit code. */
export async function runCli(io: CliIo): Promise<number> {
  let command: CliCommand | undefined;
  let resolved: ResolvedCommandLine;
  try {
    const parsed = parseArguments(io.argv);
    const wantsHelp = parsed.flags.some((flag) => flag.name === 'help');
    if (parsed.command === undefined || parsed.command === 'help') {
      io.out.write(`${generalHelp()}\n`);
      return parsed.command === undefined && !wantsHelp ? 1 : 0;
    }
    command = findCommand(parsed.command);
    if (!command) throw new UsageError(`Unknown command '${parsed.command}'. Commands: ${COMMANDS.map((c) => c.name).join(', ')}.`);
    resolved = resolveCommandLine(command, parsed, io.cwd);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err.write(`error: ${error.message}\n`);
    return EXIT_CODES.Failed;
  }
  if (resolved.options.help) {
    io.out.write(`${commandHelp(command)}\n`);
    return 0;
  }

  let plan: LocalSignInPlan | undefined;
  if (command.signsIn) {
    const useArm = Boolean(resolved.inputs.azureSubscription);
    const embedded = resolved.options.organization ? undefined : io.emulator?.signInFromEnvironment(io.env, useArm);
    if (resolved.options.organization) {
      plan = cliSignIn(resolved.options.credential, resolved.options.tenantId, useArm);
    } else if (embedded) {
      resolved.inputs.organizationUrl = embedded.organizationUrl;
      plan = embedded.plan;
    } else if (io.emulator) {
      return io.emulator.runInChild({ scriptPath: io.scriptPath, argv: io.argv, env: io.env, err: io.err });
    } else {
      io.err.write('error: --organization is required (this build carries no emulator).\n');
      return EXIT_CODES.Failed;
    }
  }

  const progress = startProgress(io.err);
  const { host, state } = createTerminalHost({
    inputs: resolved.inputs,
    cwd: io.cwd,
    streams: { out: io.out, err: io.err },
    verbose: resolved.options.verbose,
    progress,
    signIn: plan?.signIn,
    armEndpoint: plan?.armEndpoint,
  });
  const controller = new AbortController();
  // A second Ctrl+C finds no listener left and ends the process the default way.
  const onSignal = (signal: NodeJS.Signals) => {
    host.logger.warn(`${command!.task} received ${signal}: stopping safely (press Ctrl+C again to stop at once)`);
    controller.abort(new Error(`${command!.task} was cancelled (${signal})`));
  };
  if (command.stopsSafely) {
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  }
  try {
    await command.run(host, systemClock, controller.signal);
  } catch (error) {
    failTask(host, command.task, error);
  } finally {
    progress.stop();
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }

  const outputs = Object.entries(state.outputs).map(([name, value]) => `${name}=${value}`);
  if (outputs.length > 0) io.err.write(`Outputs: ${outputs.join(', ')}\n`);
  const result = state.result ?? 'Failed';
  io.err.write(`Result: ${result}: ${state.message ?? 'the task ended without a result'}\n`);
  return EXIT_CODES[result];
}

function generalHelp(): string {
  return [
    'pool-warden: run the Pool Warden tasks from a terminal (same inputs, same validation, same reports).',
    '',
    'Usage: pool-warden <command> [--input value ...]',
    '',
    'Commands:',
    ...COMMANDS.map((command) => `  ${command.name.padEnd(12)} ${command.task}@1: ${command.summary}`),
    '',
    "Without --organization the command runs against the built-in emulator's sample organization.",
    'With --organization https://dev.azure.com/<org> it signs in with the Azure CLI (az login) or --credential default.',
    'Reports go to --reportDirectory (default ./pool-warden-reports); the summary is printed to stdout.',
    'Exit codes: 0 Succeeded, 2 SucceededWithIssues, 1 Failed (including invalid input).',
    '',
    "Run 'pool-warden <command> --help' for a command's inputs.",
  ].join('\n');
}
