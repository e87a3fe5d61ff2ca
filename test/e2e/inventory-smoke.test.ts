import { strict as assert } from 'node:assert';
import type { Emulator } from '../emulator';
import { assertNoWrites, readJson, runAgentTask, startE2eEmulator, tail, wifDevOpsInputs } from './support';

describe('e2e: PoolInventory@1 through workload identity federation', function () {
  this.timeout(60_000);
  let emu: Emulator;
  before(async () => {
    emu = await startE2eEmulator();
  });
  after(() => emu.close());

  it('signs in through the job OIDC endpoint and Entra, reads every pool and writes nothing', async () => {
    const run = await runAgentTask(emu, { task: 'PoolInventoryV1', inputs: wifDevOpsInputs(emu) });
    assert.equal(run.result, 'SucceededWithIssues', tail(run));
    assert.ok(run.requests.some((r) => r.service === 'oidc'), 'the OIDC endpoint was called');
    assert.ok(run.requests.some((r) => r.service === 'entra' && r.method === 'POST'), 'the Entra token endpoint was called');
    assert.equal(run.variables.poolCount, '5');
    const report = readJson(run.variables.reportPath);
    assert.equal(report.pools.length, 5);
    assertNoWrites(run);
  });
});
