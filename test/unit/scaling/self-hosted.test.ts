import { strict as assert } from 'node:assert';
import type { Agent } from '../../../tasks/common/model/pool';
import { planScaling } from '../../../tasks/common/scaling/plan';
import type { SelfHostedPoolState } from '../../../tasks/common/scaling/state';
import { request } from './helpers';

const now = new Date('2026-11-23T12:00:00Z');
const hoursAgo = (hours: number) => new Date(now.getTime() - hours * 3_600_000);
const agent = (id: number, status: Agent['status'], changedHoursAgo: number, busy = false): Agent => ({
  id,
  name: `container-${id}`,
  poolId: 5,
  status,
  enabled: true,
  statusChangedOn: hoursAgo(changedHoursAgo),
  assignedRequest: busy ? { requestId: 100 + id } : undefined,
});

describe('plain self-hosted pools', () => {
  const state: SelfHostedPoolState = {
    kind: 'selfHosted',
    poolId: 5,
    poolName: 'containers',
    agents: [agent(1, 'offline', 72), agent(2, 'offline', 2), agent(3, 'online', 500), agent(4, 'offline', 100, true)],
  };

  it('removeOffline deletes only registrations offline longer than offlineForHours and never online or busy agents', () => {
    const plan = planScaling(state, request({ action: 'removeOffline', offlineForHours: 24 }), now);
    assert.deepEqual(plan.errors, []);
    const removal = plan.steps.find((step) => step.kind === 'removeAgents');
    assert.ok(removal && removal.kind === 'removeAgents');
    assert.deepEqual(
      removal.candidates.map((candidate) => candidate.agentId),
      [1],
    );
    assert.deepEqual(removal.candidates[0].actions, ['drainAgent', 'deleteAgent']);
  });

  it('refuses add, remove and setCount, naming scaleSetResourceId', () => {
    for (const action of ['add', 'remove', 'setCount'] as const) {
      const plan = planScaling(state, request({ action, count: 1, targetCount: 1 }), now);
      assert.equal(plan.steps.length, 0);
      assert.match(plan.errors.join('\n'), /needs a scale set pool.*scaleSetResourceId/);
    }
  });
});
