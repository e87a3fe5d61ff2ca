import { strict as assert } from 'node:assert';
import { createBatcher, memoize } from '../../../tasks/common/identity/batcher';

describe('identity batching', () => {
  it('batches lookups made together and fetches each key once', async () => {
    const batches: string[][] = [];
    const load = createBatcher(async (keys: string[]) => {
      batches.push(keys);
      return new Map(keys.map((key) => [key, key.toUpperCase()]));
    }, 2);
    const results = await Promise.all(['a', 'b', 'c', 'a'].map(load));
    assert.deepEqual(results, ['A', 'B', 'C', 'A']);
    assert.deepEqual(batches, [['a', 'b'], ['c']]);
    assert.equal(await load('b'), 'B');
    assert.equal(batches.length, 2);
  });

  it('shares one in-flight fetch between concurrent callers', async () => {
    let calls = 0;
    const get = memoize(async (key: string) => {
      calls++;
      await new Promise((resolve) => setTimeout(resolve, 2));
      return key.length;
    });
    assert.deepEqual(await Promise.all([get('xx'), get('xx'), get('yyy')]), [2, 2, 3]);
    assert.equal(calls, 2);
  });
});
