import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ServiceEndpoint, SignInSettings } from '../auth/connection';
import type { TaskHost, TaskResultName } from '../host';
import type { Logger } from '../model/context';
import { DEFAULT_REPORT_DIRECTORY } from './inputs';
import type { Progress } from './progress';
import { toLogLine } from '../report/escape';

export interface TerminalStreams {
  /** The summary markdown goes here (so `pool-warden inventory > summary.md` works). */
  out: { write(text: string): unknown };
  /** Log lines, warnings, the result line. */
  err: { write(text: string): unknown };
}

export interface TerminalHostOptions {
  inputs: Record<string, string>;
  /** The working directory: relative paths (report patterns) start here, as they start at the sources folder in a pipeline. */
  cwd: string;
  streams: TerminalStreams;
  verbose: boolean;
  progress: Progress;
  /** Sign-in for tasks that call Azure DevOps (undefined for file-only tasks). */
  signIn?: SignInSettings;
  /** The endpoint `azureSubscription` stands for on a terminal (the same local identity, for ARM). */
  armEndpoint?: ServiceEndpoint;
}

/** What the run decided, read by the CLI to print the result and choose the exit code. */
export interface TerminalRunState {
  result?: TaskResultName;
  message?: string;
  outputs: Record<string, string>;
  summaries: string[];
  /** Reports a pipeline would attach to the run (name and file); a terminal only lists them. */
  attachments: { name: string; file: string }[];
  warnings: string[];
}

/**
 * A TaskHost for a terminal: inputs from flags, logs and warnings on stderr, the summary markdown on stdout, reports
 * where `reportDirectory` says. Every value registered with `mask` is replaced by *** in anything printed: a
 * terminal needs no masking, but a token must never reach a screen, a scroll-back buffer or a CI log.
 */
export function createTerminalHost(options: TerminalHostOptions): { host: TaskHost; state: TerminalRunState } {
  const secrets = new Set<string>();
  const scrub = (text: string): string => {
    let result = text;
    for (const secret of secrets) result = result.split(secret).join('***');
    return result;
  };
  const { streams, progress } = options;
  // One line each, no terminal escapes, no logging command: names from the organization reach these lines, and the
  // CLI also runs inside pipeline script steps, whose output the agent scans for `##vso[`.
  const log = (line: string) => {
    progress.clear();
    streams.err.write(`${toLogLine(scrub(line))}\n`);
  };
  const state: TerminalRunState = { outputs: {}, summaries: [], attachments: [], warnings: [] };
  const logger: Logger = {
    info: (message) => {
      progress.note(toLogLine(scrub(message)));
      log(message);
    },
    warn: (message) => log(`warning: ${message}`),
    debug: (message) => {
      if (options.verbose) log(`debug: ${message}`);
    },
  };
  const reportDirectory = () => {
    const dir = path.resolve(options.cwd, options.inputs.reportDirectory ?? DEFAULT_REPORT_DIRECTORY);
    fs.mkdirSync(dir, { recursive: true });
    return dir;
  };
  const host: TaskHost = {
    input: (name) => options.inputs[name],
    logger,
    mask: (value) => {
      if (value && value.length >= 4) secrets.add(value);
    },
    setOutput: (name, value) => {
      state.outputs[name] = String(value);
    },
    uploadSummary(fileName, markdown) {
      const file = path.join(reportDirectory(), fileName);
      fs.writeFileSync(file, markdown, 'utf8');
      state.summaries.push(file);
      progress.clear();
      streams.out.write(`${scrub(markdown.trimEnd())}\n\n`);
      return file;
    },
    attachReport: (name, file) => {
      state.attachments.push({ name, file });
    },
    setResult: (result, message) => {
      state.result = result;
      state.message = scrub(message);
    },
    warning: (message) => {
      state.warnings.push(scrub(message));
      log(`warning: ${message}`);
    },
    tempDirectory: () => os.tmpdir(),
    variable: (name) => {
      if (name === 'System.CollectionUri') return options.inputs.organizationUrl;
      if (name === 'System.DefaultWorkingDirectory') return options.cwd;
      return undefined;
    },
    readSignIn: () => {
      if (!options.signIn) throw new Error('This command does not sign in.');
      return options.signIn;
    },
    endpoint: (inputName) => (inputName === 'azureSubscription' && options.inputs.azureSubscription ? options.armEndpoint : undefined),
  };
  return { host, state };
}
