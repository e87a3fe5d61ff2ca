import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Emulator } from '../../emulator';
import { REPO_ROOT } from '../../emulator/harness/run-task';
import { startE2eEmulator, wifDevOpsInputs } from '../e2e/support';
import { runInProcess, TASK_MAINS } from '../harness/in-process';

describe('in-process runs: the same agent environment and host code as a spawned task', () => {
  let emu: Emulator;
  before(async () => {
    emu = await startE2eEmulator();
  });
  after(() => emu.close());

  it('knows every task, with the name and main its index.ts hands to runTask', () => {
    const folders = fs.readdirSync(path.join(REPO_ROOT, 'tasks')).filter((name) => /V\d+$/.test(name));
    assert.deepEqual(Object.keys(TASK_MAINS).sort(), folders.sort());
    for (const [folder, { name, main }] of Object.entries(TASK_MAINS)) {
      const index = fs.readFileSync(path.join(REPO_ROOT, 'tasks', folder, 'index.ts'), 'utf8');
      assert.match(index, new RegExp(`runTask\\('${name}'`), `${folder}/index.ts runs '${name}'`);
      const called = /\b(run[A-Z]\w+)\b/.exec(main.toString())?.[1];
      assert.ok(called && index.includes(`${called}(`), `${folder}/index.ts calls ${called}`);
    }
  });

  it('signs in with workload identity federation through the real credential and records outputs and summaries', async () => {
    const run = await runInProcess(emu, { task: 'PoolInventoryV1', inputs: wifDevOpsInputs(emu) });
    assert.equal(run.result, 'SucceededWithIssues', run.stdout.slice(-2000));
    assert.match(run.stdout, /Signed in with service connection .* \(workload identity federation\)/);
    assert.ok(Number(run.variables.poolCount) > 0, 'poolCount output');
    assert.equal(run.summaries.length, 1);
    assert.ok(run.secrets.length > 0, 'the job token and the access tokens were masked');
    assert.ok(
      run.requests.some((r) => r.service === 'entra'),
      'an Entra token request went to the emulator',
    );
    assert.deepEqual(run.writes, []);
    const debug = run.commands.filter((c) => c.command === 'task.debug').map((c) => c.message);
    assert.ok(debug.includes('Concurrency 8 → 16: 8 healthy answers in a row'), 'the adaptive gate logs its changes at debug level');
  });

  it('restores the working directory and the process environment after the run', async () => {
    const cwd = process.cwd();
    const oidc = process.env.SYSTEM_OIDCREQUESTURI;
    await runInProcess(emu, { task: 'PoolInventoryV1', inputs: { ...wifDevOpsInputs(emu), poolType: 'nonsense' } });
    assert.equal(process.cwd(), cwd);
    assert.equal(process.env.SYSTEM_OIDCREQUESTURI, oidc);
  });
});
