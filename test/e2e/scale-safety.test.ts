import { strict as assert } from 'node:assert';
import type { Emulator, RecordedRequest } from '../../emulator';
import {
  agentsOf,
  capacity,
  expectResult,
  instanceNames,
  isAgentWrite,
  isInstanceDelete,
  ORCHESTRATION_MODES,
  POOLS,
  runScale,
  selfManaged,
  shapeSelfManaged,
  startScaleEmulator,
  useOrchestrationMode,
  vmAgentId,
  vmName,
} from './scale-fixtures';
import { readJson } from './support';

const isAgentRead = (agentId: number) => (r: RecordedRequest) =>
  r.method === 'GET' && r.path.endsWith(`/_apis/distributedtask/pools/${POOLS.selfManaged}/agents/${agentId}`);

/**
 * The race the drain cannot prevent: the agent was handed a job just as it was disabled. The hook runs once the
 * emulator answered the disable, so the job is there from the task's next read on.
 */
function assignJobWhenDrained(emu: Emulator, n: number): () => void {
  return emu.onRequest((r, state) => {
    const agent = state.agent(POOLS.selfManaged, vmAgentId(n));
    if (isAgentWrite('PATCH', vmAgentId(n))(r) && agent && !agent.enabled && !agent.assignedRequest) {
      state.assignJob(POOLS.selfManaged, agent.id, { jobName: 'late-job' });
    }
  });
}

for (const mode of ORCHESTRATION_MODES)
  describe(`e2e: ScaleSetAgents@1 never removes a busy agent (${mode} orchestration)`, function () {
    this.timeout(60_000);
    let emu: Emulator;
    beforeEach(async () => {
      emu = await startScaleEmulator();
      useOrchestrationMode(emu, mode);
    });
    afterEach(() => emu.close());

    it('an agent that becomes busy between drain and delete is waited for and deleted only once its job is done', async () => {
      shapeSelfManaged(emu, [{ minutesAgo: 100 }, { minutesAgo: 50 }]);
      const unassign = assignJobWhenDrained(emu, 0);
      // The job finishes after the task has looked at the busy agent twice more.
      let busyReads = 0;
      const violations: string[] = [];
      const unwatch = emu.onRequest((r, state) => {
        const agent = state.agent(POOLS.selfManaged, vmAgentId(0));
        if (isAgentRead(vmAgentId(0))(r) && agent?.assignedRequest && ++busyReads === 2) state.finishJob(POOLS.selfManaged, agent.id);
        if ((isInstanceDelete(r) || isAgentWrite('DELETE', vmAgentId(0))(r)) && busyReads < 2)
          violations.push(`${r.method} ${r.path} while the job ran`);
      });
      const run = await runScale(emu, selfManaged({ action: 'remove', count: 1, drainTimeoutMinutes: 10 }));
      unassign();
      unwatch();
      expectResult(run, 'Succeeded');
      assert.deepEqual(violations, []);
      assert.equal(busyReads, 2, 'the task re-checked the agent while it was busy');
      assert.match(run.stdout, /Waiting for agent vmsssm000000 \(id 300\) to finish late-job/);
      assert.deepEqual(instanceNames(emu), [vmName(1)], 'the chosen agent went once idle; the alternate stayed');
      assert.equal(run.variables.agentsRemoved, '1');
      assert.equal(run.variables.agentsSkippedBusy, '0');
    });

    it('a drain that times out re-enables the agent, deletes nothing and reports SucceededWithIssues', async () => {
      shapeSelfManaged(emu, [{ minutesAgo: 100 }, { minutesAgo: 50 }]);
      const unassign = assignJobWhenDrained(emu, 0);
      const run = await runScale(emu, selfManaged({ action: 'remove', count: 1, drainTimeoutMinutes: 0 }));
      unassign();
      expectResult(run, 'SucceededWithIssues');
      const agent = emu.state.agent(POOLS.selfManaged, vmAgentId(0));
      assert.ok(agent?.enabled, 'the drained agent was enabled again');
      assert.ok(agent?.assignedRequest, 'and it is still running its job');
      assert.equal(run.requests.filter(isInstanceDelete).length, 0);
      assert.ok(!run.requests.some(isAgentWrite('DELETE', vmAgentId(0))));
      assert.equal(capacity(emu), 2);
      assert.equal(run.variables.agentsSkippedBusy, '1');
      assert.equal(run.variables.agentsRemoved, '0');
      assert.match(run.resultMessage ?? '', /removed 0 of 1/);
      const report = readJson(run.variables.reportPath);
      const outcome = report.result.agents.find((a: { agentName: string }) => a.agentName === vmName(0));
      assert.equal(outcome.outcome, 'skippedBusy');
      assert.equal(outcome.reEnabled, true);
      assert.match(outcome.reason, /drainTimeoutMinutes=0/);
    });

    it('two concurrent scale-ins to the same target end exactly at the target', async () => {
      shapeSelfManaged(emu, [{ minutesAgo: 10 }, { minutesAgo: 20 }, { minutesAgo: 30 }, { minutesAgo: 40 }, { minutesAgo: 50 }]);
      const inputs = selfManaged({ action: 'setCount', targetCount: 3 });
      const [a, b] = await Promise.all([runScale(emu, inputs), runScale(emu, inputs)]);
      // Both succeed: reaching the target because the other run took its share meets the request.
      for (const run of [a, b]) expectResult(run, 'Succeeded');
      assert.equal(capacity(emu), 3, 'no overshoot: the second run did not remove agents the first already took');
      assert.equal(instanceNames(emu).length, 3);
      assert.equal(agentsOf(emu, POOLS.selfManaged).length, 3);
      assert.ok(
        agentsOf(emu, POOLS.selfManaged).every((agent) => agent.enabled),
        'every remaining agent is enabled',
      );
      assert.equal(Number(a.variables.agentsRemoved) + Number(b.variables.agentsRemoved), 2);
    });

    it('two concurrent scale-ins by count each remove their own agents', async () => {
      shapeSelfManaged(emu, [{ minutesAgo: 10 }, { minutesAgo: 20 }, { minutesAgo: 30 }, { minutesAgo: 40 }, { minutesAgo: 50 }]);
      const inputs = selfManaged({ action: 'remove', count: 1 });
      const [a, b] = await Promise.all([runScale(emu, inputs), runScale(emu, inputs)]);
      for (const run of [a, b]) expectResult(run, 'Succeeded');
      assert.equal(capacity(emu), 3);
      assert.deepEqual(instanceNames(emu), [vmName(0), vmName(1), vmName(2)], 'the two longest idle went, one each');
      assert.ok(agentsOf(emu, POOLS.selfManaged).every((agent) => agent.enabled));
    });

    it('two concurrent scale-outs both land: the ETag makes the later one re-read', async () => {
      shapeSelfManaged(emu, [{}, {}, {}]);
      const inputs = selfManaged({ action: 'add', count: 1 });
      const [a, b] = await Promise.all([runScale(emu, inputs), runScale(emu, inputs)]);
      for (const run of [a, b]) expectResult(run, 'Succeeded');
      assert.equal(capacity(emu), 5);
      assert.equal(instanceNames(emu).length, 5);
    });

    it('SIGTERM half-way through a scale-in leaves no agent disabled without a record, and a re-run converges', async () => {
      shapeSelfManaged(emu, [{ minutesAgo: 100 }, { minutesAgo: 90 }, { minutesAgo: 10 }, { minutesAgo: 5 }]);
      const unassign = assignJobWhenDrained(emu, 0);
      const inputs = selfManaged({ action: 'setCount', targetCount: 2, drainTimeoutMinutes: 30 });
      // Killed once vm1 is gone while vm0 (drained, now busy) is being waited for.
      const run = await runScale(emu, inputs, { killOn: isAgentWrite('DELETE', vmAgentId(1)) });
      unassign();
      assert.match(run.stdout, /received SIGTERM: stopping safely/);
      assert.equal(run.result, 'SucceededWithIssues', run.stdout.slice(-3000));

      const disabledNow = agentsOf(emu, POOLS.selfManaged).filter((agent) => !agent.enabled);
      assert.deepEqual(
        disabledNow.map((agent) => agent.name),
        [],
        'nothing is left disabled',
      );
      const drained = run.requests.filter((r) => r.method === 'PATCH' && r.path.includes(`/pools/${POOLS.selfManaged}/agents/`));
      assert.ok(drained.length >= 2, 'the run drained agents before it was stopped');
      for (const n of [0, 1]) {
        assert.match(
          run.stdout,
          new RegExp(`Disabling \\(draining\\) agent ${vmName(n)} \\(id ${vmAgentId(n)}\\)`),
          `the drain of ${vmName(n)} is in the log`,
        );
      }
      assert.match(run.stdout, /Re-enabled agent vmsssm000000 \(id 300\): run cancelled/);
      assert.deepEqual(instanceNames(emu), [vmName(0), vmName(2), vmName(3)]);

      // The job ends; the same step run again reaches the target and leaves every agent enabled.
      emu.state.finishJob(POOLS.selfManaged, vmAgentId(0));
      const again = await runScale(emu, inputs);
      expectResult(again, 'Succeeded');
      assert.equal(capacity(emu), 2);
      assert.deepEqual(
        agentsOf(emu, POOLS.selfManaged)
          .map((agent) => agent.name)
          .sort(),
        instanceNames(emu),
      );
      assert.ok(agentsOf(emu, POOLS.selfManaged).every((agent) => agent.enabled));
    });
  });
