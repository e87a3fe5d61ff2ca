/** Parses the `##vso[...]` logging commands a task printed, the way the agent reads them. */

export interface VsoCommand {
  command: string;
  properties: Record<string, string>;
  message: string;
}

function unescapeValue(value: string): string {
  return value.replace(/%3B/gi, ';').replace(/%0D/gi, '\r').replace(/%0A/gi, '\n').replace(/%5D/gi, ']').replace(/%25/gi, '%');
}

export function parseVsoLines(output: string): VsoCommand[] {
  const commands: VsoCommand[] = [];
  for (const line of output.split(/\r?\n/)) {
    const start = line.indexOf('##vso[');
    if (start < 0) continue;
    const end = line.indexOf(']', start);
    if (end < 0) continue;
    const head = line.slice(start + 6, end);
    const space = head.indexOf(' ');
    const command = space < 0 ? head : head.slice(0, space);
    const properties: Record<string, string> = {};
    if (space >= 0) {
      for (const pair of head.slice(space + 1).split(';')) {
        const eq = pair.indexOf('=');
        if (eq > 0) properties[pair.slice(0, eq).trim()] = unescapeValue(pair.slice(eq + 1));
      }
    }
    commands.push({ command, properties, message: unescapeValue(line.slice(end + 1)) });
  }
  return commands;
}

export interface TaskOutcome {
  result?: string;
  resultMessage?: string;
  variables: Record<string, string>;
  errors: string[];
  warnings: string[];
  summaries: string[];
  /** `task.addattachment` lines: type, name and the attached file. */
  attachments: { type: string; name: string; path: string }[];
  secrets: string[];
  commands: VsoCommand[];
}

export function summarize(commands: VsoCommand[]): TaskOutcome {
  const outcome: TaskOutcome = { variables: {}, errors: [], warnings: [], summaries: [], attachments: [], secrets: [], commands };
  for (const c of commands) {
    switch (c.command) {
      case 'task.complete':
        outcome.result = c.properties.result;
        outcome.resultMessage = c.message;
        break;
      case 'task.setvariable':
        outcome.variables[c.properties.variable] = c.message;
        break;
      case 'task.issue':
      case 'task.logissue':
        (c.properties.type === 'error' ? outcome.errors : outcome.warnings).push(c.message);
        break;
      case 'task.uploadsummary':
        outcome.summaries.push(c.message);
        break;
      case 'task.addattachment':
        outcome.attachments.push({ type: c.properties.type, name: c.properties.name, path: c.message });
        break;
      case 'task.setsecret':
        outcome.secrets.push(c.message);
        break;
    }
  }
  return outcome;
}
