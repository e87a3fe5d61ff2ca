import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import type { Emulator } from '../../emulator';
import {
  agentsOf,
  capacity,
  expectResult,
  instanceNames,
  instanceRef,
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
  writeLines,
} from './scale-fixtures';
import { readJson } from './support';

for (const mode of ORCHESTRATION_MODES)
  describe(`e2e: ScaleSetAgents@1 on a self-managed scale set (ARM, ${mode} orchestration)`, function () {
    this.timeout(60_000);
    let emu: Emulator;
    beforeEach(async () => {
      emu = await startScaleEmulator();
      useOrchestrationMode(emu, mode);
    });
    afterEach(() => emu.close());

    it('add raises sku.capacity with the ETag and waits until the new agents are online', async () => {
      shapeSelfManaged(emu, [{}, {}]);
      const run = await runScale(emu, selfManaged({ action: 'add', count: 2, onlineTimeoutMinutes: 5 }));
      expectResult(run, 'Succeeded');
      assert.equal(capacity(emu), 4);
      assert.deepEqual(instanceNames(emu), [vmName(0), vmName(1), vmName(2), vmName(3)]);
      const agents = agentsOf(emu, POOLS.selfManaged);
      assert.deepEqual(
        agents.map((a) => `${a.name}:${a.status}`).sort(),
        [0, 1, 2, 3].map((n) => `${vmName(n)}:online`),
      );
      assert.match(run.stdout, /2 new agent\(s\) online: /);
      assert.deepEqual(writeLines(run), [`PATCH /_arm${SELF_MANAGED_ID} 200`]);
      assert.ok(
        run.requests.some((r) => r.service === 'arm' && r.path.includes('/operations/')),
        'the long-running operation was polled',
      );
      assert.equal(run.variables.agentsAdded, '2');
      assert.equal(run.variables.agentCount, '4');
    });

    it('add re-reads the scale set on an ETag conflict (412) and adds on top of the fresh capacity', async () => {
      shapeSelfManaged(emu, [{}, {}, {}]);
      // Right after the task read the scale set for its plan, someone else scales it out by one.
      let changed = false;
      const unhook = emu.onRequest((r, state) => {
        if (changed || r.service !== 'arm' || r.method !== 'GET' || !r.path.endsWith('/virtualMachines')) return;
        changed = true;
        const set = state.scaleSetById(SELF_MANAGED_ID)!;
        set.instances.push({ instanceId: '9', computerName: vmName(9), provisioningState: 'Succeeded' });
        set.capacity = set.instances.length;
        set.etagVersion++;
      });
      const run = await runScale(emu, selfManaged({ action: 'add', count: 1 }));
      unhook();
      expectResult(run, 'Succeeded');
      const patches = run.requests.filter((r) => r.service === 'arm' && r.method === 'PATCH');
      assert.deepEqual(
        patches.map((r) => r.status),
        [412, 200],
        'the stale If-Match was refused, the re-read one accepted',
      );
      assert.equal(capacity(emu), 5, '3 + 1 added concurrently + 1 by the task');
      assert.match(run.stdout, /changed concurrently \(412\)/);
    });

    it('remove takes offline agents first, then the longest idle; drains, deletes the instance, then the registration', async () => {
      shapeSelfManaged(emu, [
        { minutesAgo: 30 },
        { status: 'offline', minutesAgo: 120 },
        { minutesAgo: 300 },
        { busy: true, minutesAgo: 900 },
        { minutesAgo: 10 },
      ]);
      const run = await runScale(emu, selfManaged({ action: 'remove', count: 2 }));
      expectResult(run, 'Succeeded');
      assert.deepEqual(instanceNames(emu), [vmName(0), vmName(3), vmName(4)]);
      assert.deepEqual(
        agentsOf(emu, POOLS.selfManaged)
          .map((a) => a.name)
          .sort(),
        [vmName(0), vmName(3), vmName(4)],
      );
      assert.ok(
        agentsOf(emu, POOLS.selfManaged).every((a) => a.enabled),
        'no agent left disabled',
      );
      assert.equal(capacity(emu), 3);
      for (const n of [1, 2]) {
        const disable = run.requests.findIndex(isAgentWrite('PATCH', vmAgentId(n)));
        const deleteInstance = run.requests.findIndex((r, i) => i > disable && isInstanceDelete(r));
        const deleteAgent = run.requests.findIndex(isAgentWrite('DELETE', vmAgentId(n)));
        assert.ok(
          disable >= 0 && disable < deleteInstance && deleteInstance < deleteAgent,
          `${vmName(n)}: drain → delete instance → delete agent`,
        );
      }
      assert.ok(!run.requests.some(isAgentWrite('PATCH', vmAgentId(3))), 'the busy agent was never touched');
      // The calls of the set's orchestration mode, never the other mode's.
      const armCalls = run.requests.filter((r) => r.service === 'arm').map((r) => `${r.method} ${r.path}`);
      const vmssVms = armCalls.filter((c) => /\/virtualMachineScaleSets\/[^/]+\/(virtualMachines|delete)/.test(c));
      const standardVms = armCalls.filter((c) => /\/providers\/Microsoft\.Compute\/virtualMachines/.test(c));
      if (mode === 'Flexible') {
        assert.deepEqual(vmssVms, [], 'the VMSS-VM API is not used for a Flexible set');
        for (const n of [1, 2])
          assert.ok(standardVms.some((c) => c.startsWith('DELETE ') && c.endsWith(`/virtualMachines/${instanceRef(emu, n)}`)));
      } else {
        assert.deepEqual(standardVms, [], 'the standard VM API is not used for a Uniform set');
      }

      // Outputs, JSON report and summary.
      assert.deepEqual(
        [run.variables.agentsAdded, run.variables.agentsRemoved, run.variables.agentsSkippedBusy, run.variables.agentCount],
        ['0', '2', '0', '3'],
      );
      const report = readJson(run.variables.reportPath);
      assert.equal(report.plan.before.capacity, 5);
      assert.equal(report.plan.after.capacity, 3);
      const step = report.plan.steps.find((s: { kind: string }) => s.kind === 'removeAgents');
      assert.deepEqual(
        step.candidates
          .filter((c: { alternate: boolean }) => !c.alternate)
          .map((c: { agentName: string; instanceId: string }) => `${c.agentName}#${c.instanceId}`),
        [`${vmName(1)}#${instanceRef(emu, 1)}`, `${vmName(2)}#${instanceRef(emu, 2)}`],
      );
      assert.match(
        report.plan.skipped.find((s: { agentName: string }) => s.agentName === vmName(3)).reason,
        /busy: running job-on-vmsssm000003/,
      );
      assert.deepEqual(
        report.result.actions.map((a: { action: string; ok: boolean }) => `${a.action}:${a.ok}`),
        ['drainAgent:true', 'drainAgent:true', 'deleteInstance:true', 'deleteAgent:true', 'deleteInstance:true', 'deleteAgent:true'],
      );
      assert.deepEqual(
        report.result.agents.map((a: { agentName: string; outcome: string }) => `${a.agentName}:${a.outcome}`),
        [`${vmName(1)}:removed`, `${vmName(2)}:removed`],
      );
      assert.equal(run.summaries.length, 1);
      const summary = fs.readFileSync(run.summaries[0], 'utf8');
      assert.match(summary, /\| Scale set capacity \| 5 \| 3 \|/);
      assert.match(summary, new RegExp(`\\| ${vmName(1)} \\| removed \\| offline since`));
      assert.match(summary, new RegExp(`\\| ${vmName(3)} \\| busy: running`));
    });

    it('setCount scales in to the target, then out again and waits for the agents', async () => {
      shapeSelfManaged(emu, [{ minutesAgo: 5 }, { minutesAgo: 50 }, { minutesAgo: 500 }]);
      // The pool given by id works as well as by name.
      const down = await runScale(emu, selfManaged({ action: 'setCount', targetCount: 1, pool: String(POOLS.selfManaged) }));
      expectResult(down, 'Succeeded');
      assert.deepEqual(instanceNames(emu), [vmName(0)], 'the two longest idle went');
      assert.equal(down.variables.agentsRemoved, '2');

      const up = await runScale(emu, selfManaged({ action: 'setCount', targetCount: 3 }));
      expectResult(up, 'Succeeded');
      assert.equal(capacity(emu), 3);
      assert.equal(up.variables.agentsAdded, '2');
      assert.equal(agentsOf(emu, POOLS.selfManaged).filter((a) => a.status === 'online').length, 3);
    });

    it('removeOffline deletes long-offline registrations and any VMSS instance left for them, never online agents', async () => {
      shapeSelfManaged(emu, [
        {},
        { status: 'offline', minutesAgo: 30 * 60 },
        { status: 'offline', minutesAgo: 48 * 60, noInstance: true },
        { status: 'offline', minutesAgo: 2 * 60 },
      ]);
      const run = await runScale(emu, selfManaged({ action: 'removeOffline', offlineForHours: 24 }));
      expectResult(run, 'Succeeded');
      assert.deepEqual(
        agentsOf(emu, POOLS.selfManaged)
          .map((a) => a.name)
          .sort(),
        [vmName(0), vmName(3)],
      );
      assert.deepEqual(instanceNames(emu), [vmName(0), vmName(3)], 'the VM of the removed offline agent is gone too');
      assert.equal(run.requests.filter(isInstanceDelete).length, 1, 'one instance to delete: the other registration had none');
      assert.ok(!run.writes.some((r) => r.path.endsWith(`/agents/${vmAgentId(0)}`)), 'the online agent was not touched');
      const report = readJson(run.variables.reportPath);
      assert.match(report.plan.skipped.find((s: { agentName: string }) => s.agentName === vmName(3)).reason, /offline only since .*< 24 h/);
      assert.equal(run.variables.agentsRemoved, '2');
    });
  });

describe('e2e: ScaleSetAgents@1 removeOffline on a plain self-hosted pool', function () {
  this.timeout(60_000);
  let emu: Emulator;
  before(async () => {
    emu = await startScaleEmulator();
  });
  after(() => emu.close());

  it('removes only agents offline longer than offlineForHours; online and busy agents stay', async () => {
    // Pool Default: build01 online, build02 busy, build03 offline 3 days, build-old offline 40 days.
    const run = await runScale(emu, { pool: 'Default', action: 'removeOffline', offlineForHours: 100 });
    expectResult(run, 'Succeeded');
    assert.deepEqual(
      agentsOf(emu, POOLS.default).map((a) => a.name),
      ['build01', 'build02', 'build03'],
    );
    assert.ok(agentsOf(emu, POOLS.default).every((a) => a.enabled));
    assert.ok(
      run.writes.every((r) => r.path.endsWith('/pools/1/agents/4')),
      writeLines(run).join('\n'),
    );
    assert.ok(!run.requests.some((r) => r.service === 'arm'), 'no ARM call for a self-hosted pool');
    assert.equal(run.variables.agentsRemoved, '1');
    assert.equal(run.variables.agentCount, '3');
  });
});
