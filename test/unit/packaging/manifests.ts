/**
 * Test helpers: load the task.json files and the extension manifest as typed objects.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

export interface TaskInput {
  name: string;
  type: string;
  label: string;
  defaultValue?: string | boolean;
  required?: boolean;
  helpMarkDown?: string;
  groupName?: string;
  visibleRule?: string;
  options?: Record<string, string>;
  properties?: Record<string, string>;
}

export interface TaskManifest {
  id: string;
  name: string;
  friendlyName: string;
  description: string;
  helpMarkDown: string;
  category: string;
  author: string;
  version: { Major: number; Minor: number; Patch: number };
  minimumAgentVersion: string;
  instanceNameFormat: string;
  visibility: string[];
  runsOn: string[];
  groups: { name: string; displayName: string; visibleRule?: string }[];
  inputs: TaskInput[];
  outputVariables: { name: string; description?: string }[];
  execution: Record<string, { target: string }>;
  restrictions?: unknown;
}

export interface TaskFolder {
  /** Folder name under tasks/, e.g. `PoolInventoryV1`. */
  folder: string;
  dir: string;
  task: TaskManifest;
}

/** Every tasks/<folder>/task.json. */
export function loadTasks(): TaskFolder[] {
  const tasksDir = path.join(REPO_ROOT, 'tasks');
  return fs
    .readdirSync(tasksDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(tasksDir, entry.name, 'task.json')))
    .map((entry) => {
      const dir = path.join(tasksDir, entry.name);
      return { folder: entry.name, dir, task: JSON.parse(fs.readFileSync(path.join(dir, 'task.json'), 'utf8')) as TaskManifest };
    })
    .sort((a, b) => a.folder.localeCompare(b.folder));
}

export interface ExtensionManifest {
  manifestVersion: number;
  id: string;
  publisher: string;
  version: string;
  name: string;
  description: string;
  categories: string[];
  targets: { id: string }[];
  icons: Record<string, string>;
  content: Record<string, { path: string }>;
  links: Record<string, { uri: string }>;
  repository: { type: string; uri: string };
  files: { path: string; addressable?: boolean; packagePath?: string }[];
  /** OAuth scopes the extension's web contributions get (the run tab reads builds only). */
  scopes?: string[];
  contributions: { id: string; type: string; targets: string[]; properties: { name: string; [key: string]: unknown } }[];
}

export function loadExtensionManifest(): ExtensionManifest {
  return JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'vss-extension.json'), 'utf8')) as ExtensionManifest;
}

/** One clause of a visibleRule: `input operator value`. */
export interface VisibleRuleClause {
  input: string;
  operator: string;
  value: string;
}

/**
 * Splits a task.json visibleRule (`a = x && b != y`, or clauses joined by `||`) into clauses.
 * Throws on a clause that does not have the `input operator value` shape.
 */
export function parseVisibleRule(rule: string): VisibleRuleClause[] {
  return rule.split(/&&|\|\|/).map((clause) => {
    const match = /^\s*([A-Za-z][A-Za-z0-9]*)\s*(!=|<=|>=|=|<|>|NotEndsWith|EndsWith|NotContains|Contains)\s*(.*?)\s*$/.exec(clause);
    if (!match) throw new Error(`Cannot parse visibleRule clause '${clause}' of '${rule}'`);
    return { input: match[1], operator: match[2], value: match[3] };
  });
}
