import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import type { Emulator } from '../../emulator';
import { agentsOf, expectResult, POOLS, runScale, startScaleEmulator, writeLines } from './scale-fixtures';
import { readJson } from './support';

const ELASTIC = 'vmss-elastic';
const elasticPath = `/contoso/_apis/distributedtask/elasticpools/${POOLS.elastic}`;

/**
 * Pool `vmss-elastic` of the sample organization: agents 21 (idle), 22 (busy), 23 (offline); standby 1,
 * maxCapacity 10, three nodes. Azure DevOps owns its scale set: the task must never call ARM for it.
 */
describe('e2e: ScaleSetAgents@1 on an Azure DevOps-managed (elastic) pool', function () {
  this.timeout(60_000);
  let emu: Emulator;
  beforeEach(async () => {
    // The task does not wait for the service here: it acts on emu.tick() only.
    emu = await startScaleEmulator({ realTimers: false });
  });
  afterEach(() => emu.close());

  const elastic = () => emu.state.elasticPool(POOLS.elastic)!;
  const noArm = (run: { requests: { service: string }[] }) =>
    assert.ok(!run.requests.some((r) => r.service === 'arm'), 'never resized through ARM');

  it('add raises standby (desiredIdle) and the service provisions the agents', async () => {
    const run = await runScale(emu, { pool: ELASTIC, action: 'add', count: 2 });
    expectResult(run, 'Succeeded');
    assert.equal(elastic().desiredIdle, 3);
    assert.deepEqual(writeLines(run), [`PATCH ${elasticPath} 200`]);
    noArm(run);
    assert.equal(run.variables.agentsAdded, '2');
    assert.equal(elastic().nodes.length, 5, 'the service started two nodes');
    assert.equal(agentsOf(emu, POOLS.elastic).length, 3, 'their agents are not there yet');
    emu.tick();
    assert.equal(agentsOf(emu, POOLS.elastic).filter((a) => a.status === 'online').length, 4);
  });

  it('add stays within maxCapacity and says so (SucceededWithIssues)', async () => {
    elastic().maxCapacity = 4;
    const run = await runScale(emu, { pool: ELASTIC, action: 'add', count: 5 });
    expectResult(run, 'SucceededWithIssues');
    assert.equal(elastic().desiredIdle, 2);
    assert.equal(run.variables.agentsAdded, '1');
    assert.match(run.resultMessage ?? '', /clipped to 1 by the pool's maxCapacity=4/);
  });

  it('remove lowers standby and drains an idle agent so the service deletes it; busy agents are untouched', async () => {
    const run = await runScale(emu, { pool: ELASTIC, action: 'remove', count: 1 });
    expectResult(run, 'Succeeded');
    noArm(run);
    assert.equal(elastic().desiredIdle, 0);
    assert.deepEqual(writeLines(run), [
      `PATCH ${elasticPath} 200`,
      `PATCH /contoso/_apis/distributedtask/pools/${POOLS.elastic}/agents/23 200`,
    ]);
    const report = readJson(run.variables.reportPath);
    assert.deepEqual(
      report.result.agents.map((a: { agentName: string; outcome: string }) => `${a.agentName}:${a.outcome}`),
      ['vmsselas000002:drainedForService'],
    );
    assert.equal(run.variables.agentsRemoved, '1');
    assert.equal(emu.state.agent(POOLS.elastic, 23)?.enabled, false, 'drained, not deleted by the task');
    assert.equal(run.variables.agentCount, '2', 'the drained agent is not counted as staying');
    emu.tick();
    assert.deepEqual(
      agentsOf(emu, POOLS.elastic).map((a) => a.id),
      [21, 22],
      'the service deleted the drained agent',
    );
    assert.ok(emu.state.agent(POOLS.elastic, 22)?.enabled, 'the busy agent was never drained');

    // The summary shows what the service is doing: node states and the elastic pool log.
    const summary = fs.readFileSync(run.summaries[0], 'utf8');
    assert.match(summary, /## What Azure DevOps is doing with the pool/);
    assert.match(summary, /\| vmsselas000002 \| pendingDelete \| 23 \|/);
    assert.match(summary, /\| vmsselas000001 \| assigned \| 22 \| enabled, online, assigned \|/);
    assert.match(summary, /### Scale set pool log \(newest \d+\)/);
    assert.match(summary, /\| configurationJob \| Elastic pool settings updated\. \|/);
    assert.ok(report.elastic.nodes.length === 3 && report.elastic.logs.length > 0, 'node states and log are in the JSON report too');
  });

  it('remove asked for more agents than are idle skips the busy one and says so (SucceededWithIssues)', async () => {
    const run = await runScale(emu, { pool: ELASTIC, action: 'remove', count: 3 });
    expectResult(run, 'SucceededWithIssues');
    assert.deepEqual([run.variables.agentsRemoved, run.variables.agentsSkippedBusy, run.variables.agentCount], ['2', '1', '1']);
    assert.match(run.resultMessage ?? '', /1 busy agent\(s\) are never removed/);
    assert.ok(emu.state.agent(POOLS.elastic, 22)?.enabled, 'the busy agent was not drained');
    const report = readJson(run.variables.reportPath);
    assert.match(report.plan.skipped.find((s: { agentId: number }) => s.agentId === 22).reason, /busy: running Build \(request 80022\)/);
  });

  it('a drained agent that picks up a job keeps it: the service deletes it only when the job is done', async () => {
    const unhook = emu.onRequest((r, state) => {
      const agent = state.agent(POOLS.elastic, 21);
      if (r.method === 'PATCH' && r.path.endsWith(`/pools/${POOLS.elastic}/agents/21`) && agent && !agent.enabled)
        state.assignJob(POOLS.elastic, 21);
    });
    const run = await runScale(emu, { pool: ELASTIC, action: 'remove', count: 2 });
    unhook();
    expectResult(run, 'Succeeded');
    assert.ok(!run.writes.some((r) => r.method === 'DELETE'), 'the task deletes nothing in a managed pool');
    emu.tick();
    assert.deepEqual(
      agentsOf(emu, POOLS.elastic).map((a) => a.id),
      [21, 22],
      'the idle drained agent went; the busy one stays',
    );
    emu.state.finishJob(POOLS.elastic, 21);
    emu.tick();
    assert.deepEqual(
      agentsOf(emu, POOLS.elastic).map((a) => a.id),
      [22],
    );
  });

  it('setCount scales to the target through standby and drains', async () => {
    const up = await runScale(emu, { pool: ELASTIC, action: 'setCount', targetCount: 5 });
    expectResult(up, 'Succeeded');
    assert.equal(elastic().desiredIdle, 3);
    emu.tick();
    assert.equal(agentsOf(emu, POOLS.elastic).length, 5);

    const down = await runScale(emu, { pool: ELASTIC, action: 'setCount', targetCount: 2 });
    expectResult(down, 'Succeeded');
    assert.equal(elastic().desiredIdle, 0);
    assert.equal(down.variables.agentsRemoved, '3');
    emu.tick();
    const left = agentsOf(emu, POOLS.elastic);
    assert.equal(left.length, 2);
    assert.ok(
      left.some((a) => a.id === 22),
      'the busy agent is one of those left',
    );
  });

  it('configure PATCHes the elastic pool settings, before → after in the log', async () => {
    const run = await runScale(emu, {
      pool: ELASTIC,
      action: 'configure',
      standbyAgents: 2,
      maxCapacity: 6,
      timeToLiveMinutes: 15,
      recycleAfterEachUse: 'true',
    });
    expectResult(run, 'Succeeded');
    assert.deepEqual(writeLines(run), [`PATCH ${elasticPath} 200`]);
    const e = elastic();
    assert.deepEqual([e.desiredIdle, e.maxCapacity, e.timeToLiveMinutes, e.recycleAfterEachUse], [2, 6, 15, true]);
    for (const change of ['desiredIdle: 1 → 2', 'maxCapacity: 10 → 6', 'timeToLiveMinutes: 30 → 15', 'recycleAfterEachUse: false → true']) {
      assert.ok(run.stdout.includes(`Set ${change.replace(':', ' of elastic pool 11:')}`), `log shows ${change}`);
    }
  });

  it('removeOffline deletes the registration of an agent offline too long and leaves the others', async () => {
    const offline = emu.state.agent(POOLS.elastic, 23)!;
    offline.statusChangedOn = new Date(Date.now() - 30 * 3_600_000).toISOString();
    const run = await runScale(emu, { pool: ELASTIC, action: 'removeOffline', offlineForHours: 24 });
    expectResult(run, 'Succeeded');
    noArm(run);
    assert.deepEqual(
      agentsOf(emu, POOLS.elastic).map((a) => a.id),
      [21, 22],
    );
    assert.ok(
      run.writes.every((r) => r.path.endsWith('/agents/23')),
      writeLines(run).join('\n'),
    );
    assert.equal(run.variables.agentsRemoved, '1');
  });
});
