import { strict as assert } from 'node:assert';
import type { ElasticPoolPort } from '../../../tasks/common/scaling/ports';
import { readServiceView } from '../../../tasks/common/scaling/service-view';
import { scalingSummary } from '../../../tasks/common/scaling/summary';
import { FakeClock, FakePool, memoryLogger } from './fakePool';
import { request, run } from './helpers';

function elasticWith(overrides: Partial<ElasticPoolPort>): ElasticPoolPort {
  const base = new FakePool('elastic', new FakeClock()).ports().elastic;
  assert.ok(base);
  return { ...base, ...overrides };
}

describe('scaling summary', () => {
  it('lists busy agents left alone and the reason', async () => {
    const pool = new FakePool('scaleSet', new FakeClock());
    pool.addAgent({ idleMinutes: 30 });
    const busy = pool.addAgent({ idleMinutes: 30 });
    pool.startJob(busy.id, 60 * 60_000);
    const { plan, result } = await run(pool, request({ action: 'remove', count: 2 }));
    const markdown = scalingSummary(plan, result);
    assert.match(markdown, /## Left alone/);
    assert.match(markdown, new RegExp(`\\| ${busy.name} \\| busy`));
  });

  it('shows node states and the scale set log of a managed pool', async () => {
    const elastic = elasticWith({
      nodes: async () => [
        { id: 1, name: 'vmss000001', state: 'ready', agentState: ['enabled', 'online', 'idle'], agentId: 5 },
        { id: 2, name: 'vmss000002', state: 'deleting', agentState: ['disabled'], agentId: 6 },
      ],
      logs: async () => [{ id: 1, level: 'info', operation: 'decreaseCapacity', message: 'Deleting 1 machine', timestamp: new Date('2026-11-23T10:00:00Z') }],
    });
    const view = await readServiceView(elastic, 7, memoryLogger());
    assert.deepEqual(view.nodeStates, { ready: 1, deleting: 1 });
    const pool = new FakePool('elastic', new FakeClock());
    pool.addAgent({ idleMinutes: 30 });
    const { plan, result } = await run(pool, request({ action: 'remove', count: 1 }));
    const markdown = scalingSummary(plan, result, view);
    assert.match(markdown, /Nodes: 1 ready, 1 deleting\./);
    assert.match(markdown, /\| vmss000002 \| deleting \| 6 \| disabled \|/);
    assert.match(markdown, /2026-11-23T10:00:00.000Z info decreaseCapacity: Deleting 1 machine/);
  });

  it('an unreadable service view is reported, never thrown', async () => {
    const elastic = elasticWith({ nodes: async () => Promise.reject(new Error('403 Forbidden')) });
    const logger = memoryLogger();
    const view = await readServiceView(elastic, 7, logger);
    assert.equal(view.unreadable, '403 Forbidden');
    assert.ok(logger.lines.some((line) => line.includes('403 Forbidden')));
  });
});
