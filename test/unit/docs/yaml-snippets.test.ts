import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { loadTasks, parseVisibleRule, REPO_ROOT, type TaskInput, type TaskManifest } from '../packaging/manifests';

/**
 * Every ```yaml block of README.md, overview.md and docs/**\/*.md parses, and every Pool Warden step in it uses only
 * inputs its task.json declares (with allowed values) and gives every input the task requires.
 */

interface Snippet {
  file: string;
  line: number;
  text: string;
}
interface Step {
  snippet: Snippet;
  task: string;
  inputs: Record<string, unknown>;
}

const TEMPLATE_EXPRESSION = /\$\{\{/;
const MACRO = /\$\(|\$\[|\$\{\{/;

function markdownFiles(): string[] {
  const docs: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.md')) docs.push(full);
    }
  };
  walk(path.join(REPO_ROOT, 'docs'));
  return [path.join(REPO_ROOT, 'README.md'), path.join(REPO_ROOT, 'overview.md'), ...docs.sort()];
}

export function yamlSnippets(file: string): Snippet[] {
  const text = fs.readFileSync(file, 'utf8');
  const snippets: Snippet[] = [];
  const fence = /^```ya?ml[^\n]*\n([\s\S]*?)^```/gm;
  for (const match of text.matchAll(fence)) {
    snippets.push({ file: path.relative(REPO_ROOT, file), line: text.slice(0, match.index).split('\n').length, text: match[1] });
  }
  return snippets;
}

/** Every mapping with a `task:` key, wherever it sits (steps, jobs, stages, template `${{ each }}` blocks). */
function stepsIn(value: unknown, snippet: Snippet, out: Step[] = []): Step[] {
  if (Array.isArray(value)) for (const item of value) stepsIn(item, snippet, out);
  else if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (typeof record.task === 'string') out.push({ snippet, task: record.task, inputs: (record.inputs as Record<string, unknown>) ?? {} });
    for (const child of Object.values(record)) stepsIn(child, snippet, out);
  }
  return out;
}

/** The value an input has in a step: what the step gives, else the task.json default. */
function valueOf(task: TaskManifest, inputs: Record<string, unknown>, name: string): string | undefined {
  if (name in inputs) return String(inputs[name]);
  return task.inputs.find((input) => input.name === name)?.defaultValue?.toString();
}

/** Whether an input is shown (and so, when required, needed): its visibleRule over the step's values and defaults. */
export function isVisible(task: TaskManifest, input: TaskInput, inputs: Record<string, unknown>): boolean {
  if (!input.visibleRule) return true;
  return input.visibleRule.split('||').some((alternative) =>
    parseVisibleRule(alternative).every((clause) => {
      const value = valueOf(task, inputs, clause.input) ?? '';
      if (clause.operator === '=') return value.toLowerCase() === clause.value.toLowerCase();
      if (clause.operator === '!=') return value.toLowerCase() !== clause.value.toLowerCase();
      throw new Error(`visibleRule operator ${clause.operator} is not evaluated by this test (${input.name})`);
    }),
  );
}

const tasks = loadTasks();
const files = markdownFiles();
const snippets = files.flatMap(yamlSnippets);

describe('YAML snippets in README.md, overview.md and docs/', () => {
  it('finds the snippets (the files exist and hold YAML)', () => {
    assert.ok(
      files.some((file) => file.endsWith(path.join('docs', 'recipes.md'))),
      'docs/recipes.md is missing',
    );
    assert.ok(snippets.length >= 20, `only ${snippets.length} YAML snippets found`);
  });

  const steps: Step[] = [];
  for (const snippet of snippets) {
    const documents = parseAllDocuments(snippet.text);
    const errors = documents.flatMap((document) => document.errors.map((error) => error.message));
    it(`${snippet.file}:${snippet.line} parses`, () => {
      assert.deepEqual(errors, [], `${snippet.file}:${snippet.line}:\n${snippet.text}`);
    });
    if (errors.length === 0) for (const document of documents) stepsIn(document.toJS(), snippet, steps);
  }

  const ours = steps.filter((step) => tasks.some(({ task }) => step.task.split('@')[0] === task.name));

  it('shows every task at least once', () => {
    for (const { task } of tasks)
      assert.ok(
        ours.some((step) => step.task.startsWith(`${task.name}@`)),
        `no YAML step uses ${task.name}`,
      );
  });

  for (const step of ours) {
    const where = `${step.snippet.file}:${step.snippet.line} ${step.task}`;
    it(`${where} uses declared inputs, allowed values and every required input`, () => {
      const [name, major] = step.task.split('@');
      const task = tasks.find((entry) => entry.task.name === name)!.task;
      assert.equal(major, String(task.version.Major), `${where}: major version`);
      const templated = Object.keys(step.inputs).some((key) => TEMPLATE_EXPRESSION.test(key));
      for (const [key, value] of Object.entries(step.inputs)) {
        if (TEMPLATE_EXPRESSION.test(key)) continue;
        const input = task.inputs.find((candidate) => candidate.name === key);
        assert.ok(input, `${where}: unknown input '${key}' (declared: ${task.inputs.map((i) => i.name).join(', ')})`);
        const text = String(value);
        if (MACRO.test(text)) continue;
        if (input.type === 'pickList')
          assert.ok(
            input.options && text in input.options,
            `${where}: ${key}: '${text}' is not one of ${Object.keys(input.options ?? {}).join(', ')}`,
          );
        if (input.type === 'boolean') assert.match(text, /^(true|false)$/, `${where}: ${key} is boolean`);
        if (input.type === 'int') assert.match(text, /^\d+$/, `${where}: ${key} is a whole number`);
      }
      if (templated) return; // `${{ if }}` keys can add inputs this test cannot see
      for (const input of task.inputs) {
        const hasDefault = input.defaultValue !== undefined && input.defaultValue !== '';
        if (!input.required || hasDefault || !isVisible(task, input, step.inputs)) continue;
        assert.ok(input.name in step.inputs, `${where}: required input '${input.name}' is missing`);
      }
    });
  }
});
