/**
 * Randomized schedules (seeded, reproducible): jobs land on agents at random moments while a removal drains them,
 * some jobs race the disable, offline agents come back, ARM fails, runs get cancelled. Whatever happens: no busy
 * agent is deleted, bounds are never crossed, every agent drained but kept is enabled again.
 */
import { strict as assert } from 'node:assert';
import { executePlan } from '../../../tasks/common/scaling/executor';
import type { ScaleRequest } from '../../../tasks/common/scaling/request';
import { FakeClock, FakePool, memoryLogger, mulberry32 } from './fakePool';
import { planFor, request } from './helpers';

const SCHEDULES = 250;

interface Scenario {
  pool: FakePool;
  req: ScaleRequest;
  controller: AbortController;
  initiallyEnabled: Set<number>;
}

function buildScenario(seed: number): Scenario {
  const random = mulberry32(seed);
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const pool = new FakePool(random() < 0.7 ? 'scaleSet' : 'elastic', new FakeClock());
  const agentCount = int(2, 12);
  for (let i = 0; i < agentCount; i++) {
    const offline = random() < 0.25;
    const agent = pool.addAgent({
      idleMinutes: int(0, 600),
      status: offline ? 'offline' : 'online',
      statusChangedOn: new Date(pool.clock.ms - int(0, 96) * 3_600_000),
      enabled: random() < 0.9,
      withInstance: pool.kind === 'scaleSet' && random() < 0.95,
    });
    if (!offline && random() < 0.3) pool.startJob(agent.id, int(1, 90) * 60_000);
  }
  pool.elastic.desiredIdle = int(0, 3);
  const actions: ScaleRequest['action'][] = ['remove', 'setCount', 'removeOffline'];
  const action = actions[int(0, 2)];
  const minAgents = int(0, 4);
  const req = request({
    action,
    count: int(1, 8),
    targetCount: int(0, 10),
    minAgents,
    maxAgents: random() < 0.5 ? minAgents + int(0, 10) : undefined,
    offlineForHours: int(1, 48),
    drainTimeoutMinutes: int(0, 45),
  });
  pool.forbidTouchingOnline = action === 'removeOffline';
  const controller = new AbortController();
  const abortAtRead = random() < 0.15 ? int(1, 40) : -1;
  const landProbability = random() * 0.6;
  const raceProbability = random() * 0.5;
  let reads = 0;
  pool.onRead = (p) => {
    reads += 1;
    if (reads === abortAtRead) controller.abort();
    if (random() < landProbability) {
      const idle = [...p.agents.values()].filter((a) => a.status === 'online' && !a.assignedRequest);
      // Mostly enabled agents; sometimes a disabled one (an assignment the service made just before the disable).
      const pick = idle[int(0, Math.max(0, idle.length - 1))];
      if (pick && (pick.enabled || random() < raceProbability)) p.startJob(pick.id, int(1, 60) * 60_000);
    }
    if (action === 'removeOffline' && random() < 0.05) {
      const offline = [...p.agents.values()].filter((a) => a.status === 'offline');
      const back = offline[int(0, Math.max(0, offline.length - 1))];
      if (back) back.status = 'online';
    }
  };
  pool.onDisable = (agentId, p) => {
    if (random() < raceProbability) p.startJob(agentId, int(1, 60) * 60_000);
  };
  if (pool.kind === 'scaleSet' && random() < 0.1) pool.deleteInstancesFailure = { code: 'InternalExecutionError', message: 'boom' };
  const initiallyEnabled = new Set([...pool.agents.values()].filter((a) => a.enabled).map((a) => a.id));
  return { pool, req, controller, initiallyEnabled };
}

describe(`scaling property: ${SCHEDULES} randomized drain schedules`, () => {
  it('never deletes a busy agent, never crosses bounds, re-enables every drained-but-kept agent', async () => {
    let removedTotal = 0;
    let waitedOrSkipped = 0;
    for (let seed = 1; seed <= SCHEDULES; seed++) {
      const { pool, req, controller, initiallyEnabled } = buildScenario(seed);
      const context = `seed ${seed} (${pool.kind}, ${req.action})`;
      const initialCount = pool.boundedCount();
      const plan = await planFor(pool, req);
      const result = await executePlan(plan, pool.ports(), {
        clock: pool.clock,
        logger: memoryLogger(),
        signal: controller.signal,
        pollIntervalMs: 60_000,
      });

      assert.deepEqual(pool.violations, [], `${context}: ${pool.violations.join('; ')}`);
      const target = Math.min(Math.max(req.targetCount ?? 0, req.minAgents), req.maxAgents ?? Infinity);
      const floor = req.action === 'setCount' ? target : req.minAgents;
      const lowest = Math.min(initialCount, floor);
      for (const count of pool.countHistory) assert.ok(count >= lowest, `${context}: count ${count} below ${lowest}`);
      if (req.maxAgents !== undefined && initialCount <= req.maxAgents) {
        for (const count of pool.countHistory) assert.ok(count <= req.maxAgents, `${context}: count ${count} above ${req.maxAgents}`);
      }
      const serviceDrained = new Set(result.agents.filter((a) => a.outcome === 'drainedForService').map((a) => a.agentId));
      for (const agent of pool.agents.values()) {
        if (initiallyEnabled.has(agent.id) && !serviceDrained.has(agent.id)) {
          assert.equal(agent.enabled, true, `${context}: agent ${agent.name} left disabled`);
        }
      }
      assert.ok(
        result.agentsRemoved <=
          pool.writesOf(pool.kind === 'elastic' && req.action !== 'removeOffline' ? 'setAgentEnabled' : 'deleteAgent').length,
        `${context}: removed count matches writes`,
      );
      if (controller.signal.aborted) assert.ok(result.cancelled || result.outcome !== 'failed' || result.errors.length > 0, context);
      removedTotal += result.agentsRemoved;
      waitedOrSkipped += result.agents.filter((a) => a.outcome === 'skippedBusy').length;
    }
    // The schedules must actually exercise both paths, or the property proves nothing.
    assert.ok(removedTotal > 100, `removed ${removedTotal}`);
    assert.ok(waitedOrSkipped > 20, `busy skips ${waitedOrSkipped}`);
  });
});
