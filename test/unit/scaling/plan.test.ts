import { strict as assert } from 'node:assert';
import { planScaling, type ScalePlan, type ScaleStep } from '../../../tasks/common/scaling/plan';
import { renderPlan } from '../../../tasks/common/scaling/render';
import { readPoolState } from '../../../tasks/common/scaling/state';
import { FakeClock, FakePool } from './fakePool';
import { planFor, request, targetOf } from './helpers';

function removal(plan: ScalePlan): Extract<ScaleStep, { kind: 'removeAgents' }> {
  const step = plan.steps.find((s) => s.kind === 'removeAgents');
  assert.ok(step && step.kind === 'removeAgents', 'plan has a removeAgents step');
  return step;
}

function scaleSetPool(): FakePool {
  return new FakePool('scaleSet', new FakeClock());
}

describe('planScaling', () => {
  it('orders victims offline first, then idle longest, never busy ones', async () => {
    const pool = scaleSetPool();
    const idle10 = pool.addAgent({ idleMinutes: 10 });
    const busy = pool.addAgent({ idleMinutes: 500 });
    pool.startJob(busy.id, 60_000);
    const offline = pool.addAgent({ status: 'offline', statusChangedOn: new Date(pool.clock.ms - 3_600_000) });
    const idle90 = pool.addAgent({ idleMinutes: 90 });
    const neverRan = pool.addAgent({ createdOn: new Date(pool.clock.ms - 48 * 3_600_000) });
    const plan = await planFor(pool, request({ action: 'remove', count: 3 }));
    const step = removal(plan);
    const order = step.candidates.map((c) => c.agentId);
    assert.deepEqual(order, [offline.id, neverRan.id, idle90.id, idle10.id]);
    assert.deepEqual(
      step.candidates.filter((c) => !c.alternate).map((c) => c.agentId),
      [offline.id, neverRan.id, idle90.id],
    );
    assert.ok(!order.includes(busy.id));
    assert.match(plan.skipped.find((s) => s.agentId === busy.id)?.reason ?? '', /busy: running Build/);
    assert.deepEqual(step.candidates[0].actions, ['drainAgent', 'deleteInstance', 'deleteAgent']);
    assert.equal(plan.after.capacity, 2);
  });

  it('refuses the scale set of an Azure DevOps-managed pool for every action, naming scaleSetResourceId', async () => {
    const pool = scaleSetPool();
    pool.addAgent({ idleMinutes: 10 });
    const state = await readPoolState(pool.ports(), targetOf(pool));
    assert.ok(state.kind === 'scaleSet');
    state.scaleSet.managedByAzureDevOps = true;
    for (const req of [
      request({ action: 'add', count: 1 }),
      request({ action: 'remove', count: 1 }),
      request({ action: 'removeOffline' }),
    ]) {
      const plan = planScaling(state, req, pool.clock.now());
      assert.equal(plan.steps.length, 0);
      assert.match(plan.errors.join(), /^scaleSetResourceId: .* managed by Azure DevOps \(tag __AzureDevOpsElasticPool\)/);
    }
  });

  it('clips add by maxAgents and says so', async () => {
    const pool = scaleSetPool();
    for (let i = 0; i < 8; i++) pool.addAgent({ idleMinutes: i });
    const plan = await planFor(pool, request({ action: 'add', count: 5, maxAgents: 10 }));
    assert.deepEqual(plan.clipping, ['requested 5, clipped to 2 by maxAgents=10']);
    const raise = plan.steps[0];
    assert.ok(raise.kind === 'raiseCapacity');
    assert.equal(raise.to, 10);
    assert.deepEqual(raise.recompute, { mode: 'add', delta: 2 });
  });

  it('clips remove by minAgents and setCount target by bounds', async () => {
    const pool = scaleSetPool();
    for (let i = 0; i < 4; i++) pool.addAgent({ idleMinutes: i });
    const remove = await planFor(pool, request({ action: 'remove', count: 3, minAgents: 2 }));
    assert.equal(removal(remove).wanted, 2);
    assert.deepEqual(remove.clipping, ['requested 3, clipped to 2 by minAgents=2']);
    const setCount = await planFor(pool, request({ action: 'setCount', targetCount: 9, maxAgents: 6 }));
    assert.deepEqual(setCount.clipping, ['requested targetCount 9, clipped to 6 by maxAgents=6']);
    const raise = setCount.steps[0];
    assert.ok(raise.kind === 'raiseCapacity');
    assert.deepEqual(raise.recompute, { mode: 'target', capacity: 6 });
  });

  it('reports a shortfall when busy agents prevent removal', async () => {
    const pool = scaleSetPool();
    const a = pool.addAgent();
    const b = pool.addAgent();
    pool.addAgent({ idleMinutes: 5 });
    pool.startJob(a.id, 1000);
    pool.startJob(b.id, 1000);
    const plan = await planFor(pool, request({ action: 'remove', count: 3 }));
    assert.equal(removal(plan).wanted, 1);
    assert.equal(plan.shortfallBusy, 2);
  });

  it('managed pool: add raises standby within maxCapacity; remove lowers standby and drains for the service', async () => {
    const pool = new FakePool('elastic', new FakeClock());
    for (let i = 0; i < 7; i++) pool.addAgent({ idleMinutes: i });
    pool.elastic.maxCapacity = 10;
    pool.elastic.desiredIdle = 2;
    const add = await planFor(pool, request({ action: 'add', count: 5 }));
    assert.deepEqual(add.steps, [{ kind: 'raiseStandby', from: 2, to: 5, delta: 3 }]);
    assert.deepEqual(add.clipping, ["requested 5, clipped to 3 by the pool's maxCapacity=10"]);
    assert.ok(!add.steps.some((s) => s.kind === 'raiseCapacity'), 'never resizes a managed VMSS through ARM');
    const remove = await planFor(pool, request({ action: 'remove', count: 3 }));
    assert.deepEqual(remove.steps[0], { kind: 'lowerStandby', from: 2, to: 0, delta: 2 });
    const step = removal(remove);
    assert.equal(step.deletedBy, 'service');
    assert.deepEqual(step.candidates[0].actions, ['drainAgent']);
  });

  it('configure: only managed pools, shows before → after, clips by bounds, no-op when unchanged', async () => {
    const pool = new FakePool('elastic', new FakeClock());
    pool.addAgent();
    const plan = await planFor(
      pool,
      request({ action: 'configure', maxAgents: 8, settings: { maxCapacity: 20, timeToLiveMinutes: 30, recycleAfterEachUse: true } }),
    );
    assert.deepEqual(plan.steps, [
      {
        kind: 'updateElasticSettings',
        changes: [
          { name: 'maxCapacity', from: 10, to: 8 },
          { name: 'recycleAfterEachUse', from: false, to: true },
        ],
      },
    ]);
    assert.deepEqual(plan.clipping, ['requested maxCapacity 20, clipped to 8 by maxAgents=8']);
    const same = await planFor(pool, request({ action: 'configure', settings: { timeToLiveMinutes: 30 } }));
    assert.equal(same.steps.length, 0);
    const selfManaged = scaleSetPool();
    const refused = await planFor(selfManaged, request({ action: 'configure', settings: { desiredIdle: 1 } }));
    assert.match(refused.errors[0], /Azure DevOps-managed \(elastic\) pools only/);
  });

  it('removeOffline picks only agents offline long enough, never online ones, and cleans their instances', async () => {
    const pool = scaleSetPool();
    const hours = (h: number) => new Date(pool.clock.ms - h * 3_600_000);
    const old = pool.addAgent({ status: 'offline', statusChangedOn: hours(48) });
    const orphan = pool.addAgent({ status: 'offline', statusChangedOn: hours(72), withInstance: false });
    const recent = pool.addAgent({ status: 'offline', statusChangedOn: hours(2) });
    const online = pool.addAgent({ idleMinutes: 9999 });
    const plan = await planFor(pool, request({ action: 'removeOffline', offlineForHours: 24 }));
    const step = removal(plan);
    assert.deepEqual(
      step.candidates.map((c) => c.agentId),
      [orphan.id, old.id],
    );
    assert.deepEqual(
      step.candidates.map((c) => c.actions),
      [
        ['drainAgent', 'deleteAgent'],
        ['drainAgent', 'deleteInstance', 'deleteAgent'],
      ],
    );
    assert.equal(step.requireOffline, true);
    assert.ok(!step.candidates.some((c) => c.agentId === online.id || c.agentId === recent.id));
    assert.equal(plan.after.capacity, 2, '3 instances, one of them removed; the orphan registration has none');
  });

  it('renders agents, instances and before → after', async () => {
    const pool = scaleSetPool();
    pool.addAgent({ idleMinutes: 60 });
    pool.addAgent({ idleMinutes: 5 });
    const plan = await planFor(pool, request({ action: 'remove', count: 1, dryRun: true }));
    const text = renderPlan(plan).join('\n');
    assert.match(text, /^DRY RUN/);
    assert.match(text, /capacity 2 → 1/);
    assert.match(text, /vm0001 \(id 1, online\): idle since .*drainAgent → deleteInstance 0 → deleteAgent/);
    assert.match(text, /alternates/);
  });

  it('returns validation errors instead of steps', async () => {
    const plan = await planFor(scaleSetPool(), request({ action: 'remove', count: -2 }));
    assert.equal(plan.steps.length, 0);
    assert.match(plan.errors[0], /^count: count must be a whole number/);
  });

  it("says 'nothing to do' whatever the state warnings say (a booting instance named 'nothing9')", async () => {
    const pool = scaleSetPool();
    pool.addAgent({ idleMinutes: 10 });
    pool.instances.push({ instanceId: '9', computerName: 'nothing9', provisioningState: 'Creating', bootAt: pool.clock.ms + 3_600_000 });
    pool.capacity += 1;
    const plan = await planFor(pool, request({ action: 'add', count: 1, maxAgents: 2 }));
    assert.equal(plan.steps.length, 0);
    assert.match(plan.warnings.join('\n'), /nothing9/);
    assert.ok(plan.warnings.includes('nothing to do'), plan.warnings.join('\n'));
  });

  it('describes an unknown action as given, not as a configure request', async () => {
    const plan = await planFor(scaleSetPool(), request({ action: 'grow' as never, count: 1 }));
    assert.equal(plan.requested, 'grow');
    assert.match(plan.errors[0], /^action: action must be one of/);
  });
});
