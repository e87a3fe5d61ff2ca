import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from '../../emulator/harness/run-task';

interface Packaged {
  vsix: string;
  bytes: number;
  entries: string[];
}

/** `npm run package` for real: stage and tfx (offline) over the bundles `npm test` has just built. */
describe('e2e: npm run package', function () {
  this.timeout(180_000);
  let packaged: Packaged;
  before(async () => {
    const script = path.join(REPO_ROOT, 'scripts', 'package.mjs');
    const { packageExtension } = (await import(script)) as { packageExtension(options: { rebuild: boolean }): Promise<Packaged> };
    // No rebuild: other mocha workers (parallel mode) are running the bundles in dist/ right now.
    packaged = await packageExtension({ rebuild: false });
  });

  it('writes a VSIX of at most 3 MB', () => {
    assert.ok(fs.existsSync(packaged.vsix));
    assert.ok(packaged.bytes <= 3 * 1024 * 1024, `${packaged.bytes} bytes`);
  });

  it('holds per task only task.json, icon and bundle, and one licence file for all', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'vss-extension.json'), 'utf8')) as {
      contributions: { type: string; properties: { name: string } }[];
    };
    const tasks = manifest.contributions.filter((c) => c.type === 'ms.vss-distributed-task.task').map((c) => c.properties.name);
    assert.ok(tasks.length >= 4);
    for (const task of tasks) {
      const files = packaged.entries.filter((entry) => entry.startsWith(`${task}/`)).sort();
      assert.deepEqual(files, [`${task}/icon.png`, `${task}/index.js`, `${task}/task.json`]);
    }
    assert.ok(packaged.entries.includes('THIRD-PARTY-NOTICES.txt'));
    // The run tab: one static page, its script, stylesheet and icon fonts, and its own licence file; no source map.
    const tab = packaged.entries.filter((entry) => entry.startsWith('dist/tab/'));
    for (const file of ['pool-warden-tab.html', 'pool-warden-tab.js', 'pool-warden-tab.css', 'THIRD-PARTY-NOTICES.txt'])
      assert.ok(tab.includes(`dist/tab/${file}`), `dist/tab/${file} is not in the VSIX`);
    assert.ok(
      tab.every((entry) => /\.(html|js|css|woff|txt)$/.test(entry)),
      tab.join(', '),
    );
    assert.ok(!packaged.entries.some((entry) => entry.includes('node_modules') || entry.endsWith('.ts') || entry.endsWith('.map')));
  });
});
