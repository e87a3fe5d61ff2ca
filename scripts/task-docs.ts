/**
 * `npx tsx scripts/task-docs.ts`: rewrites the generated parts of docs/tasks/<Task>.md from the task.json files, so
 * the input and output tables can never drift from what the task declares. Each doc holds the markers
 * `<!-- inputs:start -->…<!-- inputs:end -->` and `<!-- outputs:start -->…<!-- outputs:end -->`; the prose around
 * them is written by hand. A unit test (test/unit/docs) fails when a doc is out of date.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..');

interface TaskJson {
  name: string;
  inputs: {
    name: string;
    type: string;
    label: string;
    defaultValue?: string;
    required?: boolean;
    visibleRule?: string;
    options?: Record<string, string>;
    helpMarkDown?: string;
  }[];
  outputVariables: { name: string; description?: string }[];
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

function typeLabel(input: TaskJson['inputs'][number]): string {
  if (input.type.startsWith('connectedService:')) return `service connection (${input.type.slice('connectedService:'.length)})`;
  return input.type;
}

export function inputsTable(task: TaskJson): string {
  const rows = task.inputs.map((input) => {
    const allowed = input.options
      ? Object.entries(input.options)
          .map(([value, label]) => `\`${value}\` (${label})`)
          .join(', ')
      : input.type === 'boolean'
        ? '`true`, `false`'
        : '';
    const required = input.required ? (input.visibleRule ? `when ${input.visibleRule}` : 'yes') : 'no';
    const shown = input.visibleRule && !input.required ? ` Shown when ${input.visibleRule}.` : '';
    const fallback = input.defaultValue === undefined || input.defaultValue === '' ? '' : `\`${input.defaultValue}\``;
    return `| \`${input.name}\` | ${cell(typeLabel(input))} | ${required} | ${cell(fallback)} | ${cell(allowed)} | ${cell(`${input.helpMarkDown ?? input.label}${shown}`)} |`;
  });
  return ['| input | type | required | default | allowed values | meaning |', '|---|---|---|---|---|---|', ...rows].join('\n');
}

export function outputsTable(task: TaskJson): string {
  return [
    '| output variable | meaning |',
    '|---|---|',
    ...task.outputVariables.map((output) => `| \`${output.name}\` | ${cell(output.description ?? '')} |`),
  ].join('\n');
}

function replaceBetween(text: string, marker: string, body: string, file: string): string {
  const start = `<!-- ${marker}:start -->`;
  const end = `<!-- ${marker}:end -->`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) throw new Error(`${file}: markers ${start} … ${end} are missing`);
  return `${text.slice(0, from + start.length)}\n${body}\n${text.slice(to)}`;
}

/** The doc with its generated tables brought up to date. */
export function updatedDoc(text: string, task: TaskJson, file: string): string {
  return replaceBetween(replaceBetween(text, 'inputs', inputsTable(task), file), 'outputs', outputsTable(task), file);
}

/** Every task folder with its task.json and doc path. */
export function taskDocs(): { task: TaskJson; doc: string }[] {
  const tasksDir = path.join(REPO_ROOT, 'tasks');
  return fs
    .readdirSync(tasksDir)
    .filter((folder) => fs.existsSync(path.join(tasksDir, folder, 'task.json')))
    .map((folder) => {
      const task = JSON.parse(fs.readFileSync(path.join(tasksDir, folder, 'task.json'), 'utf8')) as TaskJson;
      return { task, doc: path.join(REPO_ROOT, 'docs', 'tasks', `${task.name}.md`) };
    });
}

if (require.main === module) {
  for (const { task, doc } of taskDocs()) {
    const before = fs.readFileSync(doc, 'utf8');
    const after = updatedDoc(before, task, doc);
    if (after !== before) fs.writeFileSync(doc, after, 'utf8');
    console.log(`${path.relative(REPO_ROOT, doc)}${after === before ? '' : ' (updated)'}`);
  }
}
