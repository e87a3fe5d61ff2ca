import { strict as assert } from 'node:assert';
import { scalingSummary } from '../../../tasks/common/scaling/summary';
import { FakeClock, FakePool } from './fakePool';
import { planFor, request, run } from './helpers';

describe('scaling summary with hostile agent names', () => {
  it('keeps the plan block one line per entry, closed, and free of logging commands', async () => {
    const pool = new FakePool('elastic', new FakeClock());
    pool.addAgent({ idleMinutes: 5, name: 'evil\n```\n##vso[task.setvariable variable=x]1 <img src=x>' });
    pool.addAgent({ idleMinutes: 1 });
    const plan = await planFor(pool, request({ action: 'remove', count: 1, dryRun: true }));
    const { result } = await run(pool, request({ action: 'remove', count: 1, dryRun: true }));
    const markdown = scalingSummary(plan, result);
    assert.ok(!/##vso\[/.test(markdown), 'no logging command in the summary');
    const fence = markdown.split('## Plan')[1].split('\n```\n')[0];
    assert.ok(!fence.split('\n').some((line) => line.startsWith('```', 1)), 'the plan fence is not closed early');
    assert.equal((markdown.match(/^```$/gm) ?? []).length, 2, 'one opening and one closing fence');
    assert.ok(markdown.includes('evil '), 'the name is kept, on one line');
  });
});
