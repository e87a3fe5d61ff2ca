/**
 * Command-line parsing for the local CLI: `pool-warden <command> [--name value | --name=value | --switch] ...`.
 * Pure: knows nothing about tasks; the caller validates names against the task's inputs.
 */

export interface ParsedArguments {
  command?: string;
  /** Flags in the order given; a flag without a value (next token is a flag, or none) has `value` undefined. */
  flags: { name: string; value?: string }[];
}

/** A command line the CLI cannot use; the message names the flag or command. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export function parseArguments(argv: readonly string[]): ParsedArguments {
  const flags: ParsedArguments['flags'] = [];
  let command: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i];
    if (token === '-h') {
      flags.push({ name: 'help' });
      continue;
    }
    if (!token.startsWith('--')) {
      if (command === undefined) {
        command = token;
        continue;
      }
      throw new UsageError(`Unexpected argument '${token}': inputs are given as --name value.`);
    }
    const body = token.slice(2);
    if (body === '') throw new UsageError("Unexpected '--': inputs are given as --name value.");
    const equals = body.indexOf('=');
    if (equals >= 0) {
      flags.push({ name: body.slice(0, equals), value: body.slice(equals + 1) });
      continue;
    }
    const next = argv[i + 1];
    if (next !== undefined && !next.startsWith('--')) {
      flags.push({ name: body, value: next });
      i++;
    } else {
      flags.push({ name: body });
    }
  }
  return { command, flags };
}
