import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PNG } from 'pngjs';
import { parseAllDocuments } from 'yaml';
import { loadExtensionManifest, loadTasks, REPO_ROOT } from './manifests';

const manifest = loadExtensionManifest();
const tasks = loadTasks();

function pngSize(relativePath: string): { width: number; height: number } {
  const png = PNG.sync.read(fs.readFileSync(path.join(REPO_ROOT, relativePath)));
  return { width: png.width, height: png.height };
}

describe('vss-extension.json', () => {
  it('has the required Marketplace fields', () => {
    assert.equal(manifest.manifestVersion, 1);
    assert.equal(manifest.publisher, 'pool-warden');
    assert.equal(manifest.id, 'pool-warden');
    assert.equal(manifest.name, 'Pool Warden');
    assert.match(manifest.version, /^\d+\.\d+\.\d+$/);
    assert.ok(manifest.description.length > 0 && manifest.description.length < 200, `description is ${manifest.description.length} chars`);
    assert.deepEqual(manifest.categories, ['Azure Pipelines']);
    assert.deepEqual(manifest.targets, [{ id: 'Microsoft.VisualStudio.Services' }]);
    assert.equal(manifest.repository.type, 'git');
    for (const link of ['getstarted', 'support', 'license', 'repository'])
      assert.match(manifest.links[link]?.uri ?? '', /^https:\/\//, link);
  });

  it('has one task contribution per task folder, and the run tab', () => {
    const contributed = manifest.contributions
      .filter((contribution) => contribution.type === 'ms.vss-distributed-task.task')
      .map((contribution) => contribution.properties.name)
      .sort();
    assert.deepEqual(contributed, tasks.map((entry) => `tasks/${entry.folder}`).sort());
    const ids = manifest.contributions.map((contribution) => contribution.id);
    assert.equal(new Set(ids).size, ids.length, 'contribution ids must be unique');
    for (const contribution of manifest.contributions.filter((c) => c.type === 'ms.vss-distributed-task.task'))
      assert.deepEqual(contribution.targets, ['ms.vss-distributed-task.tasks']);
    assert.deepEqual(
      manifest.contributions.filter((c) => c.type !== 'ms.vss-distributed-task.task').map((c) => c.id),
      ['pool-warden-build-tab'],
    );
  });

  it('contributes the "Pool Warden" tab to pipeline runs, shown for runs of its tasks, with the build read scope only', () => {
    const tab = manifest.contributions.find((c) => c.id === 'pool-warden-build-tab')!;
    assert.equal(tab.type, 'ms.vss-build-web.build-results-tab');
    assert.deepEqual(tab.targets, ['ms.vss-build-web.build-results-view']);
    assert.equal(tab.properties.name, 'Pool Warden');
    // The page is in the VSIX, addressable (the browser loads it from the extension's CDN origin).
    const uri = String(tab.properties.uri);
    const folder = manifest.files.find((file) => uri.startsWith(`${file.path}/`));
    assert.ok(folder?.addressable, `${uri} is not under an addressable files entry`);
    assert.deepEqual(
      [...(tab.properties.supportsTasks as string[])].sort(),
      tasks.map((entry) => entry.task.id).sort(),
      'supportsTasks lists every task id',
    );
    // Reads run attachments only: no write scope, no release scope (see docs/run-tab.md).
    assert.deepEqual(manifest.scopes, ['vso.build']);
  });

  it('packs each task folder under the path its contribution names', () => {
    const filePaths = manifest.files.map((file) => file.packagePath ?? file.path);
    for (const contribution of manifest.contributions.filter((c) => c.type === 'ms.vss-distributed-task.task'))
      assert.ok(filePaths.includes(contribution.properties.name), contribution.properties.name);
  });

  it('references files that exist: a 128×128 icon and the overview', () => {
    assert.deepEqual(pngSize(manifest.icons.default), { width: 128, height: 128 });
    assert.ok(fs.existsSync(path.join(REPO_ROOT, manifest.content.details.path)));
    const otherFiles = manifest.files.filter((candidate) => !candidate.path.startsWith('tasks/'));
    assert.ok(otherFiles.length > 0, 'the manifest packs files besides the tasks');
    for (const file of otherFiles) {
      assert.ok(fs.existsSync(path.join(REPO_ROOT, file.path)), file.path);
    }
  });

  it('has a 32×32 icon in every task folder', () => {
    for (const { folder } of tasks) assert.deepEqual(pngSize(`tasks/${folder}/icon.png`), { width: 32, height: 32 }, folder);
  });
});

describe('overview.md', () => {
  const overview = fs.readFileSync(path.join(REPO_ROOT, 'overview.md'), 'utf8');
  const steps = [...overview.matchAll(/```yaml\n([\s\S]*?)```/g)].flatMap(([, block]) =>
    parseAllDocuments(block).flatMap((document) => {
      assert.equal(document.errors.length, 0, `invalid YAML example:\n${block}`);
      return document.toJS() as { task?: string; inputs?: Record<string, unknown> }[];
    }),
  );
  const poolWardenSteps = steps.filter((step) => tasks.some((entry) => step.task === `${entry.task.name}@1`));

  it('shows a YAML example for every task', () => {
    for (const { task } of tasks)
      assert.ok(
        poolWardenSteps.some((step) => step.task === `${task.name}@1`),
        `no example for ${task.name}`,
      );
  });

  it('uses only inputs and option values the task.json declares', () => {
    for (const step of poolWardenSteps) {
      const task = tasks.find((entry) => step.task === `${entry.task.name}@1`)!.task;
      for (const [name, value] of Object.entries(step.inputs ?? {})) {
        const declared = task.inputs.find((candidate) => candidate.name === name);
        assert.ok(declared, `${step.task} example uses unknown input ${name}`);
        if (declared.type === 'pickList')
          assert.ok(String(value) in (declared.options ?? {}), `${step.task}: ${name}: ${String(value)} is not an option`);
      }
    }
  });

  it('names every output variable of every task', () => {
    for (const { task } of tasks)
      for (const variable of task.outputVariables) assert.ok(overview.includes(`\`${variable.name}\``), `${task.name}.${variable.name}`);
  });
});
