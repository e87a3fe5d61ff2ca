import { strict as assert } from 'node:assert';
import { sampleOrganization, type Emulator } from '../../emulator';
import { comparableReport } from './inventory-support';
import { assertNoWrites, readJson, requestsTo, runAgentTask, startE2eEmulator, tail, wifDevOpsInputs } from './support';

describe('e2e: continuation tokens are followed (PoolInventory@1)', function () {
  this.timeout(60_000);
  let paged: Emulator;
  let unpaged: Emulator;
  before(async () => {
    // The service returns one project per page whatever $top asks, so every project after the first needs a token.
    // One seed for both, so that dates relative to "now" are the same in both organizations.
    const seed = sampleOrganization();
    paged = await startE2eEmulator({ seed, paging: { projectsMaxTop: 1 } });
    unpaged = await startE2eEmulator({ seed });
  });
  after(async () => {
    await paged.close();
    await unpaged.close();
  });

  it('reads every project page, so every queue of every pool is in the report', async () => {
    const run = await runAgentTask(paged, { task: 'PoolInventoryV1', inputs: { ...wifDevOpsInputs(paged), includeHosted: true } });
    assert.equal(run.result, 'SucceededWithIssues', tail(run));
    assertNoWrites(run);

    const projectPages = requestsTo(run, 'ado').filter((r) => /\/_apis\/projects\/?$/.test(r.path));
    assert.deepEqual(
      projectPages.map((r) => r.query.continuationtoken),
      [undefined, '1', '2'],
      'three pages, each asked with the previous token',
    );
    const queueReads = requestsTo(run, 'ado').filter((r) => r.path.endsWith('/distributedtask/queues'));
    assert.equal(queueReads.length, paged.state.org.projects.length, 'the queues of every project were read');

    const report = readJson(run.variables.reportPath);
    assert.equal(report.complete, true);
    const queues = report.pools.flatMap((p: any) => p.queues.map((q: any) => q.queueId)).sort((a: number, b: number) => a - b);
    assert.deepEqual(
      queues,
      paged.state.org.queues.map((q) => q.id).sort((a, b) => a - b),
    );
    assert.deepEqual(
      report.pools
        .find((p: any) => p.name === 'Default')
        .queues.map((q: any) => q.projectName)
        .sort(),
      ['Payments', 'Platform', 'Website'],
    );
    assert.equal(run.variables.poolCount, String(paged.state.org.pools.length));
    assert.equal(run.variables.agentCount, String(paged.state.org.pools.reduce((n, p) => n + p.agents.length, 0)));

    // Same organization, no paging: the same report.
    const reference = await runAgentTask(unpaged, {
      task: 'PoolInventoryV1',
      inputs: { ...wifDevOpsInputs(unpaged), includeHosted: true },
    });
    assert.equal(requestsTo(reference, 'ado').filter((r) => /\/_apis\/projects\/?$/.test(r.path)).length, 1);
    assertNoWrites(reference);
    assert.deepEqual(comparableReport(report), comparableReport(readJson(reference.variables.reportPath)));
  });
});
