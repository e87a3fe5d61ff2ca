import { strict as assert } from 'node:assert';
import { executePlan } from '../../../tasks/common/scaling/executor';
import { FakeClock, FakePool, memoryLogger, POOL_ID, RESOURCE_ID } from './fakePool';
import { planFor, request, run } from './helpers';

function scaleSetPool(idleAgents: number): FakePool {
  const pool = new FakePool('scaleSet', new FakeClock());
  for (let i = 0; i < idleAgents; i++) pool.addAgent({ idleMinutes: 100 - i });
  return pool;
}

describe('executePlan', () => {
  it('dry run: the plan equals the real plan and no write is sent', async () => {
    const pool = scaleSetPool(4);
    const dry = await planFor(pool, request({ action: 'remove', count: 2, dryRun: true }));
    const real = await planFor(pool, request({ action: 'remove', count: 2 }));
    assert.deepEqual({ ...dry, dryRun: false }, real);
    const logger = memoryLogger();
    const result = await executePlan(dry, pool.ports(), { clock: pool.clock, logger });
    assert.equal(pool.writes.length, 0);
    assert.equal(result.agentsRemoved, 0);
    assert.ok(logger.lines.some((line) => line.includes('vm0001 (id 1, online)')));
    assert.ok(logger.lines.some((line) => line.startsWith('DRY RUN')));
    const executed = await executePlan(real, pool.ports(), { clock: pool.clock, logger: memoryLogger() });
    assert.equal(executed.agentsRemoved, 2);
    assert.deepEqual(
      pool.writesOf('deleteAgent').map((w) => w.args[0]),
      [1, 2],
      'the real run removes the agents the dry run showed',
    );
  });

  it('removes idle agents: drain, delete instance, delete registration', async () => {
    const pool = scaleSetPool(3);
    const { result } = await run(pool, request({ action: 'remove', count: 2 }));
    assert.equal(result.outcome, 'succeeded');
    assert.equal(result.agentsRemoved, 2);
    assert.equal(result.finalAgentCount, 1);
    assert.deepEqual(
      pool.writes.map((w) => w.op),
      ['setAgentEnabled', 'setAgentEnabled', 'deleteInstances', 'deleteAgent', 'deleteInstances', 'deleteAgent'],
    );
    assert.deepEqual(pool.violations, []);
  });

  it('waits for an agent that picked up a job between drain and delete, then deletes it', async () => {
    const pool = scaleSetPool(3);
    pool.onDisable = (agentId, p) => {
      if (agentId === 1) p.startJob(agentId, 5 * 60_000); // the job raced the disable
    };
    const { result, log } = await run(pool, request({ action: 'remove', count: 1, drainTimeoutMinutes: 30 }));
    assert.deepEqual(pool.violations, []);
    assert.equal(result.agentsRemoved, 1);
    assert.equal(result.agents[0].outcome, 'removed');
    assert.ok(log.some((line) => line.includes('Waiting for agent vm0001 (id 1) to finish Build')));
    const deleteIndex = pool.writes.findIndex((w) => w.op === 'deleteInstances');
    assert.ok(deleteIndex > 0);
  });

  it('drain timeout: a still-busy agent is never deleted and is re-enabled', async () => {
    const pool = scaleSetPool(3);
    pool.onDisable = (agentId, p) => p.startJob(agentId, 10 * 3_600_000);
    const { result } = await run(pool, request({ action: 'remove', count: 1, drainTimeoutMinutes: 10 }));
    assert.equal(pool.writesOf('deleteInstances').length, 0);
    assert.equal(pool.writesOf('deleteAgent').length, 0);
    assert.deepEqual(
      pool.writesOf('setAgentEnabled').map((w) => w.args),
      [
        [1, false],
        [1, true],
      ],
    );
    assert.equal(pool.agents.get(1)?.enabled, true);
    assert.equal(result.outcome, 'partial');
    assert.equal(result.agentsSkippedBusy, 1);
    assert.equal(result.agents[0].outcome, 'skippedBusy');
    assert.equal(result.agents[0].reEnabled, true);
  });

  it('uses an alternate when a chosen agent is busy at drain time', async () => {
    const pool = scaleSetPool(3);
    let reads = 0;
    pool.onRead = (p) => {
      if (++reads === 1) return; // the plan's listAgents
      p.startJob(1, 3_600_000);
    };
    const plan = await planFor(pool, request({ action: 'remove', count: 1 }));
    pool.onRead = (p) => p.startJob(1, 3_600_000);
    const result = await executePlan(plan, pool.ports(), { clock: pool.clock, logger: memoryLogger() });
    assert.deepEqual(
      pool.writesOf('deleteAgent').map((w) => w.args[0]),
      [2],
    );
    assert.equal(result.agents.find((a) => a.agentId === 1)?.outcome, 'skippedBusy');
    assert.equal(result.outcome, 'succeeded', 'the alternate made up for it');
    assert.equal(result.agentsSkippedBusy, 1);
    assert.deepEqual(pool.violations, []);
  });

  it('ARM delete failure is reported with code and message and drained agents are re-enabled', async () => {
    const pool = scaleSetPool(3);
    pool.deleteInstancesFailure = { code: 'OperationNotAllowed', message: 'The scale set is being updated' };
    const { result } = await run(pool, request({ action: 'remove', count: 2 }));
    assert.equal(result.outcome, 'failed');
    assert.match(result.errors[0], /OperationNotAllowed: The scale set is being updated/);
    assert.ok(
      [...pool.agents.values()].every((agent) => agent.enabled),
      'every drained agent is enabled again',
    );
    assert.equal(pool.writesOf('deleteAgent').length, 0);
  });

  it('abort mid-run stops and re-enables drained agents', async () => {
    const pool = scaleSetPool(3);
    const controller = new AbortController();
    pool.onDisable = (agentId, p) => {
      p.startJob(agentId, 3_600_000);
      if (agentId === 2) controller.abort();
    };
    const { result, log } = await run(pool, request({ action: 'remove', count: 2 }), controller.signal);
    assert.equal(result.cancelled, true);
    assert.equal(result.outcome, 'failed');
    assert.ok([...pool.agents.values()].every((agent) => agent.enabled));
    assert.equal(pool.writesOf('deleteAgent').length, 0);
    assert.ok(
      log.some((line) => line.includes('Disabling (draining) agent vm0001')),
      'the disable was logged',
    );
    assert.ok(log.some((line) => line.includes('cancelled')));
  });

  it('self-managed add raises capacity with the ETag and waits for the new agents', async () => {
    const pool = scaleSetPool(2);
    const { result } = await run(pool, request({ action: 'add', count: 2, onlineTimeoutMinutes: 15 }));
    assert.deepEqual(
      pool.writesOf('setCapacity').map((w) => w.args),
      [[4, '"1"']],
    );
    assert.equal(result.outcome, 'succeeded');
    assert.equal(result.agentsAdded, 2);
    assert.equal(pool.agents.size, 4, 'the new instances registered as agents');
  });

  it('self-managed add reports partial when agents do not come online in time', async () => {
    const pool = scaleSetPool(2);
    pool.bootMs = 3 * 3_600_000;
    const { result } = await run(pool, request({ action: 'add', count: 1, onlineTimeoutMinutes: 5 }));
    assert.equal(result.outcome, 'partial');
    assert.match(result.shortfalls[0], /only 0 of 1 new agent\(s\) came online within 5 min/);
  });

  it('ETag conflict from a concurrent writer: re-read and add on top of the fresh capacity', async () => {
    const pool = scaleSetPool(3);
    let once = true;
    pool.beforeSetCapacity = (p) => {
      if (once) {
        once = false;
        p.resize(p.capacity + 1);
      }
    };
    const { result } = await run(pool, request({ action: 'add', count: 2, maxAgents: 10 }));
    assert.deepEqual(
      pool.writesOf('setCapacity').map((w) => w.args[0]),
      [5, 6],
    );
    assert.equal(pool.capacity, 6);
    assert.equal(result.agentsAdded, 2);
  });

  it('two concurrent adds end at the right capacity (ETag)', async () => {
    const pool = scaleSetPool(3);
    const [planA, planB] = [
      await planFor(pool, request({ action: 'add', count: 2 })),
      await planFor(pool, request({ action: 'add', count: 2 })),
    ];
    const options = { clock: pool.clock, logger: memoryLogger() };
    const [a, b] = await Promise.all([executePlan(planA, pool.ports(), options), executePlan(planB, pool.ports(), options)]);
    assert.equal(pool.capacity, 7);
    assert.equal(a.agentsAdded + b.agentsAdded, 4);
    assert.ok(pool.countHistory.every((count) => count <= 7));
  });

  it('two concurrent setCount scale-ins on one pool end at the target', async () => {
    const pool = scaleSetPool(6);
    const planA = await planFor(pool, request({ action: 'setCount', targetCount: 3 }));
    const planB = await planFor(pool, request({ action: 'setCount', targetCount: 3 }));
    const options = { clock: pool.clock, logger: memoryLogger() };
    const [a, b] = await Promise.all([executePlan(planA, pool.ports(), options), executePlan(planB, pool.ports(), options)]);
    assert.equal(pool.capacity, 3);
    assert.equal(a.agentsRemoved + b.agentsRemoved, 3);
    assert.ok(
      pool.countHistory.every((count) => count >= 3),
      `never below 3: ${pool.countHistory.join(',')}`,
    );
    assert.ok(
      [...pool.agents.values()].every((agent) => agent.enabled),
      'no agent left disabled',
    );
    assert.deepEqual(pool.violations, []);
    // Reaching the target because the other run took its share meets the request: no shortfall for either.
    assert.deepEqual([a.outcome, b.outcome], ['succeeded', 'succeeded'], [...a.shortfalls, ...b.shortfalls].join('; '));
  });

  it('a remove that stops at minAgents because of a concurrent change still reports the shortfall', async () => {
    const pool = scaleSetPool(4);
    const plan = await planFor(pool, request({ action: 'remove', count: 2, minAgents: 2 }));
    // Someone else scales in by one (an agent the plan keeps as an alternate) after the plan was made.
    const step = plan.steps.find((candidate) => candidate.kind === 'removeAgents');
    assert.ok(step?.kind === 'removeAgents');
    const other = step.candidates[step.candidates.length - 1];
    await pool.ports().scaleSet!.deleteInstances(RESOURCE_ID, [other.instanceId!]);
    await pool.ports().agents.deleteAgent(POOL_ID, other.agentId);
    const result = await executePlan(plan, pool.ports(), { clock: pool.clock, logger: memoryLogger() });
    assert.equal(pool.capacity, 2);
    assert.equal(result.outcome, 'partial');
    assert.match(result.shortfalls.join(), /removed 1 of 2 agent\(s\) \(count reached 2 with fresh state\)/);
  });

  it('two concurrent relative removes both get their share', async () => {
    const pool = scaleSetPool(6);
    const planA = await planFor(pool, request({ action: 'remove', count: 2 }));
    const planB = await planFor(pool, request({ action: 'remove', count: 2 }));
    const options = { clock: pool.clock, logger: memoryLogger() };
    await Promise.all([executePlan(planA, pool.ports(), options), executePlan(planB, pool.ports(), options)]);
    assert.equal(pool.capacity, 2);
  });

  it('removeOffline never touches online agents and removes leftover instances', async () => {
    const pool = scaleSetPool(2);
    const hoursAgo = (h: number) => new Date(pool.clock.ms - h * 3_600_000);
    const dead = pool.addAgent({ status: 'offline', statusChangedOn: hoursAgo(30) });
    const orphan = pool.addAgent({ status: 'offline', statusChangedOn: hoursAgo(50), withInstance: false, enabled: false });
    const revived = pool.addAgent({ status: 'offline', statusChangedOn: hoursAgo(40) });
    let reads = 0;
    pool.onRead = (p) => {
      if (++reads === 3) p.agents.get(revived.id)!.status = 'online'; // comes back during the run
    };
    const { result } = await run(pool, request({ action: 'removeOffline', offlineForHours: 24 }));
    assert.ok(!pool.agents.has(dead.id) && !pool.agents.has(orphan.id));
    assert.ok(pool.agents.has(revived.id), 'an agent that came back online is left alone');
    assert.equal(
      pool.instances.some((i) => i.computerName === dead.name.toUpperCase()),
      false,
      'no VM left for a removed agent',
    );
    const touched = pool.writes.filter((w) => w.op !== 'deleteInstances').map((w) => w.args[0]);
    for (const online of [1, 2]) assert.ok(!touched.includes(online), `online agent ${online} untouched`);
    assert.equal(result.agents.find((a) => a.agentId === revived.id)?.outcome, 'skippedOnline');
    assert.equal(pool.agents.get(revived.id)?.enabled, true);
  });

  it('managed pool remove: lowers standby, disables idle agents, never deletes through ARM', async () => {
    const pool = new FakePool('elastic', new FakeClock());
    for (let i = 0; i < 4; i++) pool.addAgent({ idleMinutes: 50 - i });
    pool.elastic.desiredIdle = 2;
    const busy = pool.addAgent();
    pool.startJob(busy.id, 3_600_000);
    const { result } = await run(pool, request({ action: 'remove', count: 2 }));
    assert.deepEqual(
      pool.writes.map((w) => [w.op, w.args]),
      [
        ['elasticUpdate', [{ desiredIdle: 0 }]],
        ['setAgentEnabled', [1, false]],
        ['setAgentEnabled', [2, false]],
      ],
    );
    assert.equal(result.agentsRemoved, 2);
    assert.deepEqual(
      result.agents.map((a) => a.outcome),
      ['drainedForService', 'drainedForService'],
    );
    assert.equal(result.finalAgentCount, 3, 'the drained agents the service is about to delete are not counted');
  });

  it('reads the agent list once per claim: the fresh count and the drains come from the same read', async () => {
    const pool = new FakePool('elastic', new FakeClock());
    for (let i = 0; i < 4; i++) pool.addAgent({ idleMinutes: 50 - i });
    pool.elastic.desiredIdle = 0;
    const plan = await planFor(pool, request({ action: 'remove', count: 2 }));
    const ports = pool.ports();
    const listAgents = ports.agents.listAgents;
    let lists = 0;
    ports.agents.listAgents = (poolId) => {
      lists += 1;
      return listAgents(poolId);
    };
    const result = await executePlan(plan, ports, { clock: pool.clock, logger: memoryLogger() });
    assert.equal(result.agentsRemoved, 2);
    assert.equal(lists, 3, 'one list per claim, one for the final count');
  });

  it('managed pool add and configure write only elastic settings', async () => {
    const pool = new FakePool('elastic', new FakeClock());
    pool.addAgent();
    const add = await run(pool, request({ action: 'add', count: 3 }));
    assert.equal(add.result.agentsAdded, 3);
    assert.equal(pool.elastic.desiredIdle, 4);
    const configure = await run(pool, request({ action: 'configure', settings: { timeToLiveMinutes: 60, recycleAfterEachUse: true } }));
    assert.equal(configure.result.outcome, 'succeeded');
    assert.deepEqual(
      configure.result.actions.map((a) => `${a.before} → ${a.after}`),
      ['timeToLiveMinutes=30 → timeToLiveMinutes=60', 'recycleAfterEachUse=false → recycleAfterEachUse=true'],
    );
    assert.deepEqual(
      pool.writes.map((w) => w.op),
      ['elasticUpdate', 'elasticUpdate'],
    );
  });

  it('a plan with errors is not executed', async () => {
    const pool = scaleSetPool(1);
    const { result } = await run(pool, request({ action: 'configure', settings: { desiredIdle: 1 } }));
    assert.equal(result.outcome, 'failed');
    assert.equal(pool.writes.length, 0);
  });
});

describe('executePlan: two runs claim the same agent', () => {
  it('the run whose delete finds the registration already gone removes an alternate, so each run removes its share', async () => {
    const pool = scaleSetPool(4);
    const ports = pool.ports();
    const deleteAgent = ports.agents.deleteAgent;
    // Simulates the concurrent run: it deletes agent 1 (the longest idle, chosen by both) just before this run does.
    ports.agents.deleteAgent = async (poolId, agentId) => {
      if (agentId === 1) await deleteAgent(poolId, agentId);
      return deleteAgent(poolId, agentId);
    };
    const plan = await planFor(pool, request({ action: 'remove', count: 1 }));
    const result = await executePlan(plan, ports, { clock: pool.clock, logger: memoryLogger(), pollIntervalMs: 30_000 });
    assert.equal(result.outcome, 'succeeded');
    assert.equal(result.agentsRemoved, 1, 'this run counts only the agent it removed itself');
    assert.deepEqual(
      result.agents.map((a) => [a.agentId, a.outcome]),
      [
        [1, 'gone'],
        [2, 'removed'],
      ],
    );
    assert.deepEqual([...pool.agents.keys()].sort(), [3, 4], 'agent 1 went to the other run, agent 2 to this one');
    assert.deepEqual(pool.violations, []);
  });
});
