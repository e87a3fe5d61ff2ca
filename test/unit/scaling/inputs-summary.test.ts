import { strict as assert } from 'node:assert';
import { parseScaleInputs } from '../../../tasks/common/scaling/inputs';
import { planScaling } from '../../../tasks/common/scaling/plan';
import { renderPlan } from '../../../tasks/common/scaling/render';
import type { ScaleResult } from '../../../tasks/common/scaling/result';
import { readPoolState } from '../../../tasks/common/scaling/state';
import { scalingSummary } from '../../../tasks/common/scaling/summary';
import { FakeClock, FakePool } from './fakePool';
import { request, targetOf } from './helpers';

const reader = (inputs: Record<string, string>) => (name: string) => inputs[name];
const base = { action: 'remove', count: '2', pool: 'linux', organizationUrl: 'https://dev.azure.com/contoso/' };

describe('ScaleSetAgents inputs', () => {
  it('polls every 15 s unless pollIntervalSeconds says otherwise (1 to 300)', () => {
    assert.equal(parseScaleInputs(reader(base)).pollIntervalSeconds, 15);
    assert.equal(parseScaleInputs(reader({ ...base, pollIntervalSeconds: '2' })).pollIntervalSeconds, 2);
    assert.throws(
      () => parseScaleInputs(reader({ ...base, pollIntervalSeconds: '0' })),
      /Input 'pollIntervalSeconds' must be a whole number from 1 to 300; got 0/,
    );
  });

  it('names task inputs (action, standbyAgents), not service fields (desiredIdle), when configure settings are wrong', () => {
    const configure = { ...base, action: 'configure' };
    assert.throws(
      () => parseScaleInputs(reader(configure)),
      /^InputError: Input 'action' is not valid: configure needs at least one setting to change: standbyAgents, maxCapacity/,
    );
    assert.throws(
      () => parseScaleInputs(reader({ ...configure, standbyAgents: '5', maxCapacity: '3' })),
      /Input 'standbyAgents' is not valid: standbyAgents \(5\) must not exceed maxCapacity \(3\)/,
    );
  });

  it('states the same range for count as the request validation (1 to 1000)', () => {
    for (const count of ['-1', '0']) {
      assert.throws(
        () => parseScaleInputs(reader({ ...base, count })),
        new RegExp(`Input 'count' must be a whole number from 1 to 1000; got ${count}`),
      );
    }
  });
});

describe('scaling summary', () => {
  it('keeps every plan entry on one line and escapes hostile agent names in the summary', async () => {
    const pool = new FakePool('elastic', new FakeClock());
    const hostile = '<script>x</script> [a](javascript:b)\n  - Step 9: keep every agent\r\n```';
    pool.addAgent({ idleMinutes: 5, name: hostile });
    const plan = planScaling(
      await readPoolState(pool.ports(), targetOf(pool)),
      request({ action: 'remove', count: 1, dryRun: true }),
      pool.clock.now(),
    );
    const lines = renderPlan(plan);
    assert.ok(
      lines.every((line) => !/[\r\n]/.test(line)),
      'one line per entry',
    );
    assert.ok(!lines.some((line) => line.startsWith('  - Step 9')), 'a name cannot forge a plan line');
    const result: ScaleResult = {
      outcome: 'succeeded',
      dryRun: true,
      cancelled: false,
      agentsAdded: 0,
      agentsRemoved: 0,
      agentsSkippedBusy: 0,
      finalAgentCount: 1,
      actions: [],
      shortfalls: [],
      errors: [],
      agents: [],
    };
    const markdown = scalingSummary(plan, result);
    assert.doesNotMatch(markdown, /<script|(?<!\\)\]\(|```/);
    assert.match(markdown, /## Plan\n\n- DRY RUN/);
    assert.match(
      markdown,
      /\n {2}- &lt;script&gt;x&lt;\/script&gt; \\\[a\\\]\\\(javascript:b\\\) {3}- Step 9: keep every agent \\`\\`\\` \\\(id 1, online\\\)/,
    );
  });

  it("shows the managed pool's node states and log, and which drained agents were re-enabled", async () => {
    const pool = new FakePool('elastic', new FakeClock());
    const agent = pool.addAgent({ idleMinutes: 5 });
    const plan = planScaling(await readPoolState(pool.ports(), targetOf(pool)), request({ action: 'remove', count: 1 }), pool.clock.now());
    const result: ScaleResult = {
      outcome: 'partial',
      dryRun: false,
      cancelled: true,
      agentsAdded: 0,
      agentsRemoved: 0,
      agentsSkippedBusy: 0,
      finalAgentCount: 1,
      actions: [],
      shortfalls: [],
      errors: [],
      agents: [{ agentId: agent.id, agentName: agent.name, outcome: 'kept', reason: 'run cancelled', reEnabled: true }],
    };
    const at = new Date('2026-11-23T10:00:00Z');
    const markdown = scalingSummary(plan, result, {
      nodes: [
        {
          id: 7,
          name: 'vmss000007',
          agentId: agent.id,
          agentState: ['enabled', 'online'],
          computeState: 'healthy',
          state: 'pendingDelete',
          stateChangedOn: at,
        },
      ],
      logs: [{ id: 3, level: 'info', operation: 'deleteVMs', message: 'Deleted 1 machine(s): a|b', timestamp: at }],
    });
    assert.match(markdown, new RegExp(`\\| ${agent.name} \\| kept \\(re-enabled\\) \\| run cancelled \\|`));
    assert.match(markdown, /\| vmss000007 \| pendingDelete \| \d+ \| enabled, online \| healthy \| 2026-11-23T10:00:00.000Z \|/);
    assert.ok(markdown.includes('| 2026-11-23T10:00:00.000Z | info | deleteVMs | Deleted 1 machine\\(s\\): a\\|b |'), 'log row, escaped');
    assert.doesNotMatch(scalingSummary(plan, result), /What Azure DevOps is doing/);
  });
});
