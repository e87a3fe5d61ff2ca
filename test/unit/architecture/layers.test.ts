import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/**
 * The layer rules of docs/architecture.md, held by reading the imports of every file under tasks/:
 *
 *   http/ → ado/, arm/ (REST area mapping) → features (inventory/, scaling/, audit/, pats/, merge/) → entries
 *
 * Shared, non-feature modules (model/, patterns/, inputs/, rules/, policy/, report/, auth/, identity/ and the files
 * directly in tasks/common/) sit below the features. ESLint's no-restricted-imports (eslint.config.mjs) repeats the
 * folder rules so editors flag them as you type; this test is the one that cannot be switched off by a comment.
 */

const REPO = path.resolve(__dirname, '..', '..', '..');
const FEATURES = new Set(['inventory', 'scaling', 'audit', 'pats', 'merge']);
/** Where a task's code starts: the task-lib adapter, the local CLI core, and the tasks/<Name>V1/ entry files. */
const ENTRIES = new Set(['pipeline', 'cli', 'task-entry']);
const TASK_LIB = /^azure-pipelines-task-lib(\/|$)/;

export interface ImportEdge {
  /** Repository-relative path of the importing file, with forward slashes. */
  from: string;
  /** The module specifier as written. */
  specifier: string;
  /** Repository-relative path it resolves to (relative specifiers only). */
  to?: string;
}

/** The area of a repository path: `tasks/common/<folder>/…` → folder; `tasks/<Name>V1/…` → task-entry; else the top folder. */
export function areaOf(file: string): string {
  const parts = file.split('/');
  if (parts[0] !== 'tasks') return parts[0];
  if (parts[1] !== 'common') return 'task-entry';
  if (parts.length === 3) {
    // tasks/common/session.ts, host.ts …: the shared task module; `../policy` (a folder import) names the folder.
    const name = parts[2].replace(/\.ts$/, '');
    return fs.existsSync(path.join(REPO, 'tasks', 'common', name)) && !parts[2].endsWith('.ts') ? name : 'shared';
  }
  return parts[2];
}

/** The broken rule for one import, or undefined when it is allowed. */
export function layerViolation(edge: ImportEdge): string | undefined {
  const from = areaOf(edge.from);
  if (TASK_LIB.test(edge.specifier)) {
    return from === 'pipeline' ? undefined : 'azure-pipelines-task-lib is imported only in tasks/common/pipeline/';
  }
  if (!edge.to) return undefined;
  const to = areaOf(edge.to);
  if (!edge.to.startsWith('tasks/')) return `tasks/ imports nothing outside tasks/ (here ${to}/)`;
  if (from === to) return undefined;
  if (from === 'http' && to !== 'model') return `http/ is the bottom layer: it imports only model/ (here ${to}/)`;
  if ((from === 'ado' || from === 'arm') && (FEATURES.has(to) || ENTRIES.has(to) || to === 'shared')) {
    return `${from}/ maps REST areas and never imports a feature, an entry or the task module (here ${to}/)`;
  }
  if (from === 'report' && to === 'http') return 'report/ writes files only: it never imports http/';
  if (FEATURES.has(from) && FEATURES.has(to)) return `feature ${from}/ imports feature ${to}/: move the shared part below both`;
  if (!FEATURES.has(from) && !ENTRIES.has(from) && FEATURES.has(to)) return `${from}/ sits below the features but imports ${to}/`;
  if (!ENTRIES.has(from) && ENTRIES.has(to)) return `${from}/ imports the entry ${to}/`;
  return undefined;
}

function tsFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) =>
      entry.isDirectory() ? tsFiles(path.join(dir, entry.name)) : entry.name.endsWith('.ts') ? [path.join(dir, entry.name)] : [],
    );
}

/** Every import (import, export … from, require, import()) of every .ts file under tasks/. */
function importsUnderTasks(): ImportEdge[] {
  return tsFiles(path.join(REPO, 'tasks')).flatMap((file) => {
    const from = path.relative(REPO, file).split(path.sep).join('/');
    return ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true).importedFiles.map(({ fileName }) => ({
      from,
      specifier: fileName,
      to: fileName.startsWith('.')
        ? path
            .relative(REPO, path.resolve(path.dirname(file), fileName))
            .split(path.sep)
            .join('/')
        : undefined,
    }));
  });
}

describe('architecture: layers held by the imports under tasks/', () => {
  it('finds no import that breaks a layer rule', () => {
    const edges = importsUnderTasks();
    assert.ok(edges.length > 300, `read ${edges.length} imports; the walk should see every file under tasks/`);
    const broken = edges.flatMap((edge) => {
      const rule = layerViolation(edge);
      return rule ? [`${edge.from} → ${edge.specifier}: ${rule}`] : [];
    });
    assert.deepEqual(broken, []);
  });

  describe('the rules themselves (each would catch a real back-edge)', () => {
    const cases: Array<[string, ImportEdge, RegExp | undefined]> = [
      ['task-lib in a feature', { from: 'tasks/common/audit/main.ts', specifier: 'azure-pipelines-task-lib/task' }, /pipeline/],
      ['task-lib in the adapter', { from: 'tasks/common/pipeline/host.ts', specifier: 'azure-pipelines-task-lib/task' }, undefined],
      ['http → ado', { from: 'tasks/common/http/client.ts', specifier: '../ado/api', to: 'tasks/common/ado/api' }, /bottom layer/],
      ['http → model', { from: 'tasks/common/http/gate.ts', specifier: '../model/context', to: 'tasks/common/model/context' }, undefined],
      ['ado → pats', { from: 'tasks/common/ado/token-admin.ts', specifier: '../pats/dates', to: 'tasks/common/pats/dates' }, /feature/],
      ['arm → scaling', { from: 'tasks/common/arm/vmss.ts', specifier: '../scaling/ports', to: 'tasks/common/scaling/ports' }, /feature/],
      [
        'audit → inventory',
        { from: 'tasks/common/audit/read-snapshot.ts', specifier: '../inventory/filters', to: 'tasks/common/inventory/filters' },
        /feature audit\/ imports feature inventory\//,
      ],
      ['feature → ado', { from: 'tasks/common/pats/read.ts', specifier: '../ado/api', to: 'tasks/common/ado/api' }, undefined],
      [
        'tasks → emulator',
        { from: 'tasks/common/cli/sign-in.ts', specifier: '../../../emulator/sample-org', to: 'emulator/sample-org' },
        /outside/,
      ],
      ['tasks → test', { from: 'tasks/common/audit/run.ts', specifier: '../../../test/x', to: 'test/x' }, /outside/],
      [
        'report → http',
        { from: 'tasks/common/report/write.ts', specifier: '../http/errors', to: 'tasks/common/http/errors' },
        /never imports http/,
      ],
      [
        'model → feature',
        { from: 'tasks/common/model/pool.ts', specifier: '../scaling/plan', to: 'tasks/common/scaling/plan' },
        /below the features/,
      ],
      ['feature → entry', { from: 'tasks/common/merge/main.ts', specifier: '../cli/args', to: 'tasks/common/cli/args' }, /entry/],
      ['entry → feature', { from: 'tasks/PatAuditV1/index.ts', specifier: '../common/pats/main', to: 'tasks/common/pats/main' }, undefined],
    ];
    for (const [name, edge, expected] of cases) {
      it(name, () => {
        const rule = layerViolation(edge);
        if (expected) assert.match(rule ?? '(allowed)', expected);
        else assert.equal(rule, undefined);
      });
    }
  });
});
