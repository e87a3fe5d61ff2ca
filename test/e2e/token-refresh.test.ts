import { strict as assert } from 'node:assert';
import { sampleOrganization, SAMPLE_IDS } from '../../emulator';
import { comparableReport } from './inventory-support';
import { assertNoWrites, entraTokenRequests, readJson, requestsTo, runAgentTask, startE2eEmulator, tail, wifDevOpsInputs } from './support';

const LIFETIME_SECONDS = 3;

describe('e2e: access tokens are refreshed during a long run (PoolInventory@1)', function () {
  this.timeout(60_000);

  it('with tokens that live 3 s and a run that takes longer, every Azure DevOps call is still accepted', async () => {
    const seed = sampleOrganization();
    const reference = await startE2eEmulator({ seed });
    // Slow answers and one request at a time make the run outlive several tokens; the emulator rejects expired ones.
    const emu = await startE2eEmulator({ seed, accessTokenLifetimeSeconds: LIFETIME_SECONDS, latency: { fixedMs: 300, jitterMs: 0 } });
    try {
      const run = await runAgentTask(emu, { task: 'PoolInventoryV1', inputs: { ...wifDevOpsInputs(emu), maxConcurrency: 1 } });
      assert.equal(run.result, 'SucceededWithIssues', tail(run));
      assertNoWrites(run);

      const tokens = entraTokenRequests(run);
      const ado = requestsTo(run, 'ado');
      const firstToken = Date.parse(tokens[0].time);
      const lastCall = Date.parse(ado.at(-1)!.time);
      assert.ok(lastCall - firstToken > LIFETIME_SECONDS * 1000, 'precondition: the run outlived its first token');
      assert.ok(tokens.length >= 2, `tokens were refreshed (${tokens.length} Entra token requests)`);
      assert.ok(tokens.every((r) => r.status === 200));
      assert.ok(requestsTo(run, 'oidc').length >= tokens.length, 'each refresh used a fresh OIDC assertion');
      assert.deepEqual(
        ado.filter((r) => r.status !== 200).map((r) => `${r.path} ${r.status}`),
        [],
        'no call was made with an expired token',
      );
      assert.ok(ado.every((r) => r.identityId === SAMPLE_IDS.wifApp.identityId));

      const quiet = await runAgentTask(reference, { task: 'PoolInventoryV1', inputs: wifDevOpsInputs(reference) });
      assertNoWrites(quiet);
      assert.deepEqual(comparableReport(readJson(run.variables.reportPath)), comparableReport(readJson(quiet.variables.reportPath)));
    } finally {
      await emu.close();
      await reference.close();
    }
  });
});
