import { strict as assert } from 'node:assert';
import { scalingSummary } from '../../../tasks/common/scaling/summary';
import { FakeClock, FakePool } from './fakePool';
import { planFor, request, run } from './helpers';

describe('scaling summary with hostile agent names', () => {
  it('lists the plan one escaped entry per line, free of logging commands and HTML', async () => {
    const pool = new FakePool('elastic', new FakeClock());
    pool.addAgent({ idleMinutes: 5, name: 'evil\n```\n##vso[task.setvariable variable=x]1 <img src=x>' });
    pool.addAgent({ idleMinutes: 1 });
    const plan = await planFor(pool, request({ action: 'remove', count: 1, dryRun: true }));
    const { result } = await run(pool, request({ action: 'remove', count: 1, dryRun: true }));
    const markdown = scalingSummary(plan, result);
    assert.ok(!/##vso\[/.test(markdown), 'no logging command in the summary');
    assert.ok(!/<img/.test(markdown), 'no raw HTML');
    const planSection = markdown
      .split('## Plan\n\n')[1]
      .split('\n\n')[0]
      .split('\n')
      .filter((line) => line.trim() !== '');
    assert.ok(planSection.length > 1);
    assert.ok(
      planSection.every((line) => /^\s*- /.test(line)),
      `every plan line is a list entry:\n${planSection.join('\n')}`,
    );
    assert.ok(
      planSection.some((line) => line.includes('evil')),
      'the name is kept, on its entry',
    );
  });
});
