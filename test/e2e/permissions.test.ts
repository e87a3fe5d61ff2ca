import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from '../harness/run-task';
import { startSampleEmulator } from './chaos-support';
import { PERMISSION_RUNS, grantsUsed, type TaskName } from './permissions-support';
import { assertNoWrites, runAgentTask, tail } from './support';

interface Documented {
  read: Set<string>;
  write: Set<string>;
  arm: Set<string>;
}

/** Reads the `read:` / `write:` / `arm:` code spans of each task's row between the README's permissions markers. */
function documentedGrants(): Map<string, Documented> {
  const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('<!-- permissions:start -->');
  const end = readme.indexOf('<!-- permissions:end -->');
  assert.ok(start >= 0 && end > start, 'README has the permissions markers');
  const rows = new Map<string, Documented>();
  for (const line of readme.slice(start, end).split('\n')) {
    const task = /^\| (\w+) \|/.exec(line)?.[1];
    if (!task || task === 'task') continue;
    const spans: Documented = { read: new Set(), write: new Set(), arm: new Set() };
    for (const [, kind, list] of line.matchAll(/`(read|write|arm): ([^`]*)`/g)) {
      for (const grant of list.split(',').map((g) => g.trim()).filter(Boolean)) spans[kind as keyof Documented].add(kind === 'arm' ? `arm:${grant}` : grant);
    }
    rows.set(task, spans);
  }
  return rows;
}

const sorted = (set: Set<string>) => [...set].sort();

describe('permissions: the README table lists exactly the grants each task uses', function () {
  this.timeout(180_000);
  const used = new Map<TaskName, { read: Set<string>; all: Set<string> }>();

  before(async () => {
    for (const spec of PERMISSION_RUNS) {
      // A fresh organization per run: write modes change it, and each run must see the sample as documented.
      const emu = await startSampleEmulator();
      try {
        const run = await runAgentTask(emu, { task: `${spec.task}V1`, inputs: spec.inputs(emu) });
        assert.notEqual(run.result, 'Failed', `${spec.task} ${spec.mode}: ${tail(run)}`);
        assert.deepEqual(run.requests.filter((r) => r.status === 401 || r.status === 403).map((r) => `${r.method} ${r.path} ${r.status}`), [], `${spec.task} ${spec.mode} was denied something`);
        if (spec.writes) assert.ok(run.writes.length > 0, `${spec.task} ${spec.mode} was expected to change something`);
        else assertNoWrites(run);
        const grants = grantsUsed(run.requests);
        const entry = used.get(spec.task) ?? { read: new Set<string>(), all: new Set<string>() };
        for (const grant of grants) {
          entry.all.add(grant);
          if (!spec.writes) entry.read.add(grant);
        }
        used.set(spec.task, entry);
      } finally {
        await emu.close();
      }
    }
  });

  it('documents every task once; ReportMerge (files only) needs no grant', () => {
    const documented = documentedGrants();
    assert.deepEqual([...documented.keys()].sort(), ['PatAudit', 'PoolInventory', 'PoolRoleAudit', 'ReportMerge', 'ScaleSetAgents']);
    const merge = documented.get('ReportMerge')!;
    assert.equal(merge.read.size + merge.write.size + merge.arm.size, 0);
  });

  for (const task of ['PoolInventory', 'ScaleSetAgents', 'PoolRoleAudit', 'PatAudit'] as const) {
    it(`${task}: read-only grants, grants its write modes add, and Azure access match the README`, () => {
      const documented = documentedGrants().get(task)!;
      const actual = used.get(task)!;
      const adoOnly = (set: Set<string>) => new Set([...set].filter((g) => !g.startsWith('arm:')));
      const writeOnly = new Set([...adoOnly(actual.all)].filter((g) => !actual.read.has(g)));
      assert.deepEqual(sorted(documented.read), sorted(adoOnly(actual.read)), 'Azure DevOps grants of read-only runs');
      assert.deepEqual(sorted(documented.write), sorted(writeOnly), 'Azure DevOps grants only write modes need');
      assert.deepEqual(sorted(documented.arm), sorted(new Set([...actual.all].filter((g) => g.startsWith('arm:')))), 'Azure Resource Manager access');
    });
  }
});
