import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import type { Emulator } from '../../emulator';
import {
  agentsOf,
  capacity,
  expectResult,
  instanceNames,
  instanceRef,
  instanceRoutes,
  isAgentWrite,
  isInstanceDelete,
  ORCHESTRATION_MODES,
  POOLS,
  runScale,
  selfManaged,
  SELF_MANAGED_ID,
  shapeSelfManaged,
  startScaleEmulator,
  useOrchestrationMode,
  vmAgentId,
  vmName,
} from './scale-fixtures';
import { assertNoWrites, readJson } from './support';

for (const mode of ORCHESTRATION_MODES)
  describe(`e2e: ScaleSetAgents@1 under ARM throttling and failed operations (${mode} orchestration)`, function () {
    this.timeout(60_000);
    let emu: Emulator;
    beforeEach(async () => {
      emu = await startScaleEmulator();
      useOrchestrationMode(emu, mode);
    });
    afterEach(() => emu.close());

    it('honours 429 + Retry-After on the scale set and instance routes and still succeeds', async () => {
      shapeSelfManaged(emu, [{ minutesAgo: 100 }, { minutesAgo: 50 }, {}]);
      const scaleSetRoutes = /\/virtualMachineScaleSets\/vmss-selfmanaged(\/|$)/;
      const instances = instanceRoutes(mode);
      emu.faults.add({ service: 'arm', method: 'GET', path: scaleSetRoutes, kind: 'status', status: 429, retryAfterSeconds: 1, times: 1 });
      emu.faults.add({
        service: 'arm',
        method: instances.list,
        path: instances.path,
        kind: 'status',
        status: 429,
        retryAfterSeconds: 1,
        times: 1,
      });
      emu.faults.add({
        service: 'arm',
        method: instances.delete,
        path: instances.path,
        kind: 'status',
        status: 429,
        retryAfterSeconds: 1,
        times: 1,
      });
      const run = await runScale(emu, selfManaged({ action: 'remove', count: 1 }), { inProcess: true });
      expectResult(run, 'Succeeded');
      assert.deepEqual(emu.faults.firedCounts(), [1, 1, 1], 'every throttling answer was given');
      const deletes = run.requests.filter((r) => r.service === 'arm' && r.method === instances.delete);
      assert.deepEqual(
        deletes.map((r) => r.status),
        [429, 202],
        'the instance delete was retried after the 429',
      );
      assert.deepEqual(instanceNames(emu), [vmName(1), vmName(2)]);
    });

    it('honours 429 + Retry-After on the capacity update', async () => {
      shapeSelfManaged(emu, [{}]);
      emu.faults.add({ service: 'arm', method: 'PATCH', kind: 'status', status: 429, retryAfterSeconds: 1, times: 1 });
      const run = await runScale(emu, selfManaged({ action: 'add', count: 1 }), { inProcess: true });
      expectResult(run, 'Succeeded');
      const patches = run.requests.filter((r) => r.service === 'arm' && r.method === 'PATCH');
      assert.deepEqual(
        patches.map((r) => r.status),
        [429, 200],
      );
      assert.equal(capacity(emu), 2);
    });

    it('a failed instance delete is reported with the ARM code and message, and the drained agent is re-enabled', async () => {
      shapeSelfManaged(emu, [{ minutesAgo: 100 }, { minutesAgo: 50 }]);
      emu.state.failNextArmOperation('OperationNotAllowed', 'The VM is locked by a delete lock on the resource group.');
      const run = await runScale(emu, selfManaged({ action: 'remove', count: 1 }), { inProcess: true });
      expectResult(run, 'Failed');
      assert.match(run.resultMessage ?? '', /OperationNotAllowed: The VM is locked by a delete lock on the resource group\./);
      assert.ok(run.requests.some(isAgentWrite('PATCH', vmAgentId(0))), 'the agent was drained first');
      assert.ok(emu.state.agent(POOLS.selfManaged, vmAgentId(0))?.enabled, 'and enabled again');
      assert.ok(!run.requests.some(isAgentWrite('DELETE', vmAgentId(0))), 'its registration was kept');
      assert.equal(run.variables.agentsRemoved, '0');
      const report = readJson(run.variables.reportPath);
      const outcome = report.result.agents.find((a: { agentName: string }) => a.agentName === vmName(0));
      assert.equal(outcome.outcome, 'failed');
      assert.equal(outcome.reEnabled, true);

      // Once the cause is gone, the same step run again removes the agent and its Failed instance.
      assert.deepEqual(
        emu.state.scaleSetById(SELF_MANAGED_ID)?.instances.map((i) => i.provisioningState),
        ['Failed', 'Succeeded'],
      );
      const again = await runScale(emu, selfManaged({ action: 'remove', count: 1 }), { inProcess: true });
      expectResult(again, 'Succeeded');
      assert.deepEqual(instanceNames(emu), [vmName(1)]);
    });

    it('a failure after part of the scale-in is SucceededWithIssues, with the error and the re-enabled agent', async () => {
      shapeSelfManaged(emu, [{ minutesAgo: 100 }, { minutesAgo: 90 }, {}]);
      // The first instance delete succeeds; the second one fails.
      let deletes = 0;
      const unhook = emu.onRequest((r, state) => {
        if (r.service === 'arm' && isInstanceDelete(r) && ++deletes === 1)
          state.failNextArmOperation('InternalExecutionError', 'An internal execution error occurred.');
      });
      const run = await runScale(emu, selfManaged({ action: 'remove', count: 2 }), { inProcess: true });
      unhook();
      expectResult(run, 'SucceededWithIssues');
      assert.match(run.resultMessage ?? '', /InternalExecutionError: An internal execution error occurred\./);
      assert.equal(run.variables.agentsRemoved, '1');
      assert.deepEqual(
        agentsOf(emu, POOLS.selfManaged)
          .filter((a) => !a.enabled)
          .map((a) => a.name),
        [],
        'nothing left disabled',
      );
      assert.equal(agentsOf(emu, POOLS.selfManaged).length, 2);
    });

    it('a failed capacity update is reported with the ARM code and message (Failed)', async () => {
      shapeSelfManaged(emu, [{}]);
      emu.state.failNextArmOperation(
        'OperationNotAllowed',
        'Operation could not be completed as it results in exceeding approved standardDSv5Family Cores quota.',
      );
      const run = await runScale(emu, selfManaged({ action: 'add', count: 2 }), { inProcess: true });
      expectResult(run, 'Failed');
      assert.match(
        run.resultMessage ?? '',
        /OperationNotAllowed: Operation could not be completed as it results in exceeding approved standardDSv5Family Cores quota/,
      );
      assert.equal(run.variables.agentsAdded, '0');
    });
  });

describe('e2e: ScaleSetAgents@1 dry run prints the whole plan and writes nothing', function () {
  this.timeout(60_000);
  let emu: Emulator;
  before(async () => {
    emu = await startScaleEmulator();
  });
  after(() => emu.close());

  for (const mode of ORCHESTRATION_MODES)
    it(`self-managed scale-in (${mode}): agents, instances and capacity before → after`, async () => {
      useOrchestrationMode(emu, mode);
      shapeSelfManaged(emu, [{ minutesAgo: 10 }, { status: 'offline', minutesAgo: 30 }, { minutesAgo: 500 }, { busy: true }]);
      const run = await runScale(emu, selfManaged({ action: 'remove', count: 2, dryRun: true }), { inProcess: true });
      expectResult(run, 'Succeeded');
      assertNoWrites(run);
      assert.match(run.stdout, /DRY RUN \(no changes will be made\)/);
      assert.match(run.stdout, /Before → after: agents 4 → 2, capacity 4 → 2/);
      assert.match(
        run.stdout,
        new RegExp(
          `${vmName(1)} \\(id ${vmAgentId(1)}, offline\\): offline since .*; drainAgent → deleteInstance ${instanceRef(emu, 1)} → deleteAgent`,
        ),
      );
      assert.match(
        run.stdout,
        new RegExp(
          `${vmName(2)} \\(id ${vmAgentId(2)}, online\\): idle since .*; drainAgent → deleteInstance ${instanceRef(emu, 2)} → deleteAgent`,
        ),
      );
      assert.match(run.stdout, new RegExp(`alternates.*\\n.*${vmName(0)}`));
      assert.match(run.stdout, new RegExp(`${vmName(3)} \\(id ${vmAgentId(3)}\\): busy: running`));
      assert.match(run.stdout, /Dry run: nothing was changed\./);
      assert.equal(run.variables.agentsRemoved, '0');
      assert.equal(run.variables.agentCount, '4');
      const report = readJson(run.variables.reportPath);
      assert.equal(report.plan.dryRun, true);
      assert.equal(report.result.actions.length, 0);
      assert.match(fs.readFileSync(run.summaries[0], 'utf8'), /scaling plan \(dry run, nothing changed\)/);
    });

  for (const mode of ORCHESTRATION_MODES)
    it(`self-managed scale-out (${mode}): capacity and ETag`, async () => {
      useOrchestrationMode(emu, mode);
      shapeSelfManaged(emu, [{}, {}]);
      const run = await runScale(emu, selfManaged({ action: 'add', count: 3, maxAgents: 4, dryRun: true }), { inProcess: true });
      expectResult(run, 'SucceededWithIssues');
      assertNoWrites(run);
      assert.match(run.stdout, /raiseCapacity sku\.capacity 2 → 4 \(If-Match "\d+"; on conflict re-read and add 2, never above 4\)/);
      assert.match(run.stdout, /Clipped: requested 3, clipped to 2 by maxAgents=4/);
    });

  it('managed pool configure: every setting before → after', async () => {
    const run = await runScale(emu, {
      pool: 'vmss-elastic',
      action: 'configure',
      standbyAgents: 2,
      maxCapacity: 5,
      timeToLiveMinutes: 60,
      recycleAfterEachUse: 'true',
      dryRun: true,
    });
    expectResult(run, 'Succeeded');
    assertNoWrites(run);
    assert.match(
      run.stdout,
      /updateElasticSettings desiredIdle 1 → 2, maxCapacity 10 → 5, timeToLiveMinutes 30 → 60, recycleAfterEachUse false → true/,
    );
    assert.equal(emu.state.elasticPool(POOLS.elastic)?.desiredIdle, 1);
  });

  it('managed pool scale-in and removeOffline on a self-hosted pool', async () => {
    const remove = await runScale(emu, { pool: 'vmss-elastic', action: 'remove', count: 1, dryRun: true }, { inProcess: true });
    expectResult(remove, 'Succeeded');
    assertNoWrites(remove);
    assert.match(remove.stdout, /lowerStandby desiredIdle 1 → 0 \(-1\)/);
    assert.match(remove.stdout, /vmsselas000002 \(id 23, offline\): .*; drainAgent/);
    assert.match(fs.readFileSync(remove.summaries[0], 'utf8'), /## What Azure DevOps is doing with the pool/);

    const cleanup = await runScale(
      emu,
      { pool: 'Default', action: 'removeOffline', offlineForHours: 24, dryRun: true },
      { inProcess: true },
    );
    expectResult(cleanup, 'Succeeded');
    assertNoWrites(cleanup);
    assert.match(cleanup.stdout, /build-old \(id 4, offline\): offline since .*; drainAgent → deleteAgent/);
    assert.equal(agentsOf(emu, POOLS.default).length, 4);
  });
});
