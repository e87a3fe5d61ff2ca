import * as path from 'node:path';
import { UsageError, type ParsedArguments } from './args';
import type { CliCommand } from './commands';

export const CREDENTIALS = ['azureCli', 'default'] as const;
export type CliCredentialKind = (typeof CREDENTIALS)[number];

/** Options of the CLI itself (not task inputs). */
export interface CliOptions {
  help: boolean;
  verbose: boolean;
  /** `--organization` (or `--organizationUrl`); absent = the embedded emulator's sample organization. */
  organization?: string;
  credential: CliCredentialKind;
  tenantId?: string;
}

export interface ResolvedCommandLine {
  options: CliOptions;
  /** Task inputs by their task.json name: defaults first, then the flags given. */
  inputs: Record<string, string>;
}

/** Where reports go when `--reportDirectory` is not given (relative to the working directory). */
export const DEFAULT_REPORT_DIRECTORY = 'pool-warden-reports';

/** Pipeline-only inputs: a terminal has no service connections. */
const PIPELINE_ONLY = new Set(['connectionType', 'azureDevOpsServiceConnection']);
const SWITCHES = new Set(['help', 'verbose']);

/**
 * Checks every flag against the task's inputs (same names as task.json, matched case-insensitively as the agent
 * does) and fills in the task.json defaults the agent would pass. Throws a UsageError naming the flag.
 */
export function resolveCommandLine(command: CliCommand, parsed: ParsedArguments, cwd: string): ResolvedCommandLine {
  const options: CliOptions = { help: false, verbose: false, credential: 'azureCli' };
  const given = new Map<string, string>();
  const byLowerName = new Map(command.inputs.map((input) => [input.name.toLowerCase(), input]));
  for (const flag of parsed.flags) {
    const lower = flag.name.toLowerCase();
    if (SWITCHES.has(lower)) {
      if (flag.value !== undefined && !/^(true|false)$/i.test(flag.value))
        throw new UsageError(`Option '--${flag.name}' takes no value; got '${flag.value}'.`);
      options[lower as 'help' | 'verbose'] = flag.value === undefined || /^true$/i.test(flag.value);
      continue;
    }
    if (lower === 'credential') {
      const match = CREDENTIALS.find((kind) => kind.toLowerCase() === (flag.value ?? '').toLowerCase());
      if (!match) throw new UsageError(`Option '--credential' must be one of ${CREDENTIALS.join(', ')}; got '${flag.value ?? ''}'.`);
      options.credential = match;
      continue;
    }
    if (lower === 'tenantid') {
      if (!flag.value) throw new UsageError("Option '--tenantId' needs a value: --tenantId <tenant id or domain>.");
      options.tenantId = flag.value;
      continue;
    }
    const name = lower === 'organization' ? 'organizationurl' : lower;
    const input = byLowerName.get(name);
    if (!input) {
      throw new UsageError(
        `Unknown input '--${flag.name}' for 'pool-warden ${command.name}'. Run 'pool-warden ${command.name} --help' for its inputs.`,
      );
    }
    if (PIPELINE_ONLY.has(input.name)) {
      throw new UsageError(
        `Input '${input.name}' is for pipelines only: the CLI signs in with --credential ${CREDENTIALS.join('|')} (or with the emulator's sample identity when no --organization is given).`,
      );
    }
    if (given.has(input.name)) throw new UsageError(`Input '${input.name}' is given twice.`);
    let value = flag.value;
    if (value === undefined) {
      if (input.type !== 'boolean') throw new UsageError(`Input '${input.name}' needs a value: --${input.name} <value>.`);
      value = 'true';
    }
    given.set(input.name, value);
  }

  const inputs: Record<string, string> = {};
  for (const input of command.inputs) {
    // Defaults that name pipeline variables ($(System.CollectionUri), $(Agent.TempDirectory)) have no meaning here.
    if (input.defaultValue !== undefined && !input.defaultValue.includes('$(') && !PIPELINE_ONLY.has(input.name))
      inputs[input.name] = input.defaultValue;
  }
  for (const [name, value] of given) inputs[name] = value;
  if (inputs.organizationUrl !== undefined) {
    options.organization = inputs.organizationUrl;
  }
  if (command.inputs.some((input) => input.name === 'reportDirectory')) {
    inputs.reportDirectory = path.resolve(cwd, inputs.reportDirectory || DEFAULT_REPORT_DIRECTORY);
  }
  return { options, inputs };
}

/** `pool-warden <command> --help`: every input with its default and allowed values, from task.json. */
export function commandHelp(command: CliCommand): string {
  const lines = [
    `pool-warden ${command.name}: ${command.summary}`,
    '',
    `Runs the ${command.task}@1 task's core. Inputs (same names as in YAML):`,
    '',
  ];
  for (const input of command.inputs) {
    if (PIPELINE_ONLY.has(input.name)) continue;
    const name =
      input.name === 'organizationUrl'
        ? '--organization <url>'
        : `--${input.name}${input.type === 'boolean' ? ' [true|false]' : ' <value>'}`;
    const details: string[] = [];
    if (input.options) details.push(`one of ${Object.keys(input.options).join(', ')}`);
    if (input.name === 'reportDirectory') details.push(`default ./${DEFAULT_REPORT_DIRECTORY}`);
    else if (input.name === 'organizationUrl') details.push("default: the built-in emulator's sample organization");
    else if (input.name === 'azureSubscription')
      details.push('any value (e.g. the subscription id): also call Azure Resource Manager with the signed-in identity');
    else if (input.defaultValue && !input.defaultValue.includes('$(')) details.push(`default ${input.defaultValue}`);
    // A default that names a pipeline variable is not passed on a terminal, so such an input must be given.
    const needed = input.required && (!input.defaultValue || input.defaultValue.includes('$('));
    if (needed && input.name !== 'organizationUrl' && input.name !== 'azureSubscription') details.push('required');
    lines.push(`  ${name.padEnd(36)} ${input.label}${details.length > 0 ? ` (${details.join('; ')})` : ''}`);
  }
  if (command.signsIn) {
    lines.push(
      '',
      'Sign-in:',
      `  --credential <${CREDENTIALS.join('|')}>      azureCli (default): the account of 'az login'; default: DefaultAzureCredential`,
      '  --tenantId <tenant>                  the Microsoft Entra tenant to sign in to (optional)',
    );
  }
  lines.push(
    '',
    'Other options: --verbose (debug output), --help.',
    '',
    'Exit codes: 0 Succeeded, 2 SucceededWithIssues, 1 Failed (including invalid input).',
  );
  return lines.join('\n');
}
