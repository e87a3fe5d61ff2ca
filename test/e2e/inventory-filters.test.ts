import { strict as assert } from 'node:assert';
import type { Emulator } from '../../emulator';
import { organizationWithManyAgents } from './inventory-support';
import { assertNoWrites, readJson, requestsTo, runAgentTask, startE2eEmulator, tail, wifDevOpsInputs, type AgentRun } from './support';

const HOUR = 3_600_000;

describe('e2e: PoolInventory@1 filters and stale agents', function () {
  this.timeout(60_000);
  let emu: Emulator;
  const inventory = (inputs: Record<string, string | number | boolean>) =>
    runAgentTask(emu, { task: 'PoolInventoryV1', inProcess: true, inputs: { ...wifDevOpsInputs(emu), ...inputs } });
  const poolNames = (run: AgentRun) =>
    readJson(run.variables.reportPath)
      .pools.map((p: { name: string }) => p.name)
      .sort();
  /** Pools whose agents the run listed: a filtered-out pool costs no request. */
  const agentReads = (run: AgentRun) =>
    requestsTo(run, 'ado')
      .map((r) => /pools\/(\d+)\/agents$/.exec(r.path)?.[1])
      .filter(Boolean)
      .map(Number)
      .sort((a, b) => a - b);
  before(async () => {
    emu = await startE2eEmulator();
  });
  after(() => emu.close());

  it('by default: every pool except the Microsoft-hosted one', async () => {
    const run = await inventory({});
    assert.deepEqual(poolNames(run), [
      'Default',
      'deploy-prod',
      'linux-selfhosted',
      'mdp-linux',
      'mdp-windows',
      'vmss-elastic',
      'vmss-selfmanaged',
    ]);
    assert.deepEqual(agentReads(run), [1, 10, 11, 12, 13, 14, 15]);
    assertNoWrites(run);
  });

  it('poolNameFilter: wildcards, case-insensitive, with exclusions', async () => {
    const run = await inventory({ poolNameFilter: 'VMSS-*, !vmss-selfmanaged' });
    assert.equal(run.result, 'Succeeded', tail(run));
    assert.deepEqual(poolNames(run), ['vmss-elastic']);
    assert.equal(run.variables.poolCount, '1');
    assert.equal(run.variables.agentCount, '3');
    assert.deepEqual(agentReads(run), [11]);
    assert.equal(readJson(run.variables.reportPath).filters.poolNameFilter, 'VMSS-*, !vmss-selfmanaged');
    assertNoWrites(run);
  });

  it('poolType: elastic, selfHosted, deployment, hosted', async () => {
    const expected: Record<string, string[]> = {
      elastic: ['vmss-elastic'],
      // Managed DevOps Pools are self-hosted pools on the Azure DevOps side.
      selfHosted: ['Default', 'linux-selfhosted', 'mdp-linux', 'mdp-windows', 'vmss-selfmanaged'],
      deployment: ['deploy-prod'],
      hosted: ['Azure Pipelines'],
    };
    for (const [poolType, names] of Object.entries(expected)) {
      const run = await inventory({ poolType });
      assert.notEqual(run.result, 'Failed', tail(run));
      assert.deepEqual(poolNames(run), names, poolType);
      assert.equal(run.variables.poolCount, String(names.length));
      assertNoWrites(run);
    }
  });

  it('includeHosted adds the Microsoft-hosted pool and its agents', async () => {
    const run = await inventory({ includeHosted: true });
    assert.deepEqual(poolNames(run), [
      'Azure Pipelines',
      'Default',
      'deploy-prod',
      'linux-selfhosted',
      'mdp-linux',
      'mdp-windows',
      'vmss-elastic',
      'vmss-selfmanaged',
    ]);
    assert.equal(run.variables.agentCount, '21');
    assertNoWrites(run);
  });

  it('staleAfterHours decides which offline agents are stale, with one warning each', async () => {
    const short = await inventory({ staleAfterHours: 4 });
    assert.equal(short.variables.staleAgentCount, '5', 'vmsselas000002 (offline ~4.8 h) is stale after 4 h');
    assert.ok(
      short.warnings.some((w) => /^Agent 'vmsselas000002' in pool 'vmss-elastic' has been offline for 4\.\d hours$/.test(w)),
      short.warnings.join('\n'),
    );

    const long = await inventory({ staleAfterHours: 800 });
    assert.equal(long.result, 'SucceededWithIssues', tail(long));
    assert.equal(long.resultMessage, '2 agents have been offline longer than 800 hours');
    assert.equal(long.variables.staleAgentCount, '2');
    assert.equal(long.variables.offlineAgentCount, '5', 'offline and stale are different counts');
    const staleWarnings = long.warnings.filter((w) => / has been offline for /.test(w));
    assert.deepEqual(staleWarnings.map((w) => /^Agent '([^']+)'/.exec(w)?.[1]).sort(), ['build-old', 'lnx-04']);
    const report = readJson(long.variables.reportPath);
    assert.deepEqual(report.staleAgents.map((s: { agentName: string }) => s.agentName).sort(), ['build-old', 'lnx-04']);
    assert.ok(report.staleAgents.every((s: { offlineHours: number }) => s.offlineHours > 800));

    const none = await inventory({ staleAfterHours: 24 * 365 });
    assert.equal(none.result, 'Succeeded', tail(none));
    assert.equal(none.variables.staleAgentCount, '0');
    assert.deepEqual(none.warnings, []);
    for (const run of [short, long, none]) assertNoWrites(run);
  });

  it('many stale agents: twenty warnings, then one line pointing at the report', async () => {
    const seed = organizationWithManyAgents(10);
    for (const agent of seed.pools.flatMap((p) => p.agents)) {
      agent.status = 'offline';
      agent.statusChangedOn = new Date(Date.now() - 100 * HOUR).toISOString();
      agent.assignedRequest = undefined;
    }
    const big = await startE2eEmulator({ seed });
    try {
      const run = await runAgentTask(big, { task: 'PoolInventoryV1', inputs: wifDevOpsInputs(big) });
      const stale = Number(run.variables.staleAgentCount);
      assert.equal(stale, Number(run.variables.agentCount));
      assert.ok(stale > 20);
      const perAgent = run.warnings.filter((w) => / has been offline for /.test(w));
      assert.equal(perAgent.length, 20);
      assert.ok(run.warnings.includes(`…and ${stale - 20} more stale agents (see ${run.variables.reportPath})`), run.warnings.join('\n'));
      assertNoWrites(run);
    } finally {
      await big.close();
    }
  });
});
