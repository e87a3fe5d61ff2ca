import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { skipUnlessBuilt } from '../../harness/built';
import { REPO_ROOT } from './manifests';

interface BuildReport {
  tasks: { folder: string; bytes: number; packages: { name: string; version: string; dir: string }[] }[];
  skipped: string[];
}

const reportFile = path.join(REPO_ROOT, 'dist', 'build-report.json');
const report: BuildReport | undefined = fs.existsSync(reportFile)
  ? (JSON.parse(fs.readFileSync(reportFile, 'utf8')) as BuildReport)
  : undefined;

/**
 * Checks the bundles `npm run build` wrote (npm test builds first). Tasks whose index.ts has not landed yet are
 * not built, so they have no case here.
 */
describe('task bundles (dist/tasks)', function () {
  before(function () {
    skipUnlessBuilt(this, reportFile, 'the build report');
  });

  it('every task folder is either bundled or reported as skipped', () => {
    const folders = fs
      .readdirSync(path.join(REPO_ROOT, 'tasks'))
      .filter((name) => fs.existsSync(path.join(REPO_ROOT, 'tasks', name, 'task.json')));
    assert.deepEqual([...report!.tasks.map((task) => task.folder), ...report!.skipped].sort(), folders.sort());
    assert.ok(report!.tasks.length > 0, 'the build bundled at least one task');
  });

  for (const task of report?.tasks ?? []) {
    describe(task.folder, () => {
      const dir = path.join(REPO_ROOT, 'dist', 'tasks', task.folder);

      it('bundles exactly one copy of azure-pipelines-task-lib', () => {
        const copies = task.packages.filter((pkg) => pkg.name === 'azure-pipelines-task-lib');
        assert.equal(copies.length, 1, JSON.stringify(copies));
      });

      it('sits next to the current task.json and icon, with the licence notices', () => {
        for (const file of ['task.json', 'icon.png']) {
          assert.ok(
            fs.readFileSync(path.join(dir, file)).equals(fs.readFileSync(path.join(REPO_ROOT, 'tasks', task.folder, file))),
            `${file} is stale`,
          );
        }
        const notices = fs.readFileSync(path.join(dir, 'THIRD-PARTY-NOTICES.txt'), 'utf8');
        for (const pkg of task.packages) assert.ok(notices.includes(`${pkg.name} ${pkg.version}`), `${pkg.name} missing from notices`);
      });

      it('starts and reports a result through logging commands, with task-lib messages resolved', () => {
        const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-bundle-'));
        try {
          // No inputs, no endpoints, no collection URI: the task must stop at input validation and say so.
          const run = spawnSync(process.execPath, [path.join(dir, 'index.js')], {
            cwd: temp,
            env: { PATH: process.env.PATH ?? '', AGENT_TEMPDIRECTORY: temp, AGENT_WORKFOLDER: temp },
            encoding: 'utf8',
            timeout: 30_000,
          });
          assert.doesNotMatch(run.stderr, /Cannot find module|ERR_MODULE_NOT_FOUND/, run.stderr);
          assert.match(
            run.stdout,
            /##vso\[task\.complete result=Failed;\][^\n]*\S/,
            `no failed result reported:\n${run.stdout}\n${run.stderr}`,
          );
          // A raw LIB_* key means task-lib could not find its localisation strings next to the bundle.
          assert.doesNotMatch(run.stdout, /LIB_[A-Za-z]+/, run.stdout);
        } finally {
          fs.rmSync(temp, { recursive: true, force: true });
        }
      });
    });
  }
});
