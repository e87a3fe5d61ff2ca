import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toSafeJson } from '../../../tasks/common/report/escape';
import { LazyArray, writeSafeJsonFile } from '../../../tasks/common/report/json-stream';

describe('streamed JSON', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'pw-json-stream-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes exactly the text of toSafeJson, whatever the shapes', () => {
    const value = {
      empty: [],
      none: {},
      skipped: undefined,
      fn: () => 1,
      nulls: [null, undefined, () => 1],
      when: new Date('2026-06-15T12:00:00Z'),
      nested: [{ a: [1, [2, []], { b: 'x\ny' }] }, 'str', 3.5, true],
      hostile: '##vso[task.setvariable variable=x]y',
      'key ##vso[task.complete]': { deep: { deeper: ['##[error]boom'] } },
    };
    const file = join(dir, 'out.json');
    writeSafeJsonFile(file, value);
    assert.equal(readFileSync(file, 'utf8'), `${toSafeJson(value)}\n`);
  });

  it('asks a lazy array for its elements only while writing', () => {
    let made = 0;
    const lazy = new LazyArray(3, function* () {
      for (let i = 0; i < 3; i++) {
        made++;
        yield { i };
      }
    });
    const file = join(dir, 'lazy.json');
    assert.equal(made, 0);
    writeSafeJsonFile(file, { items: lazy });
    assert.equal(made, 3);
    assert.equal(readFileSync(file, 'utf8'), `${toSafeJson({ items: [{ i: 0 }, { i: 1 }, { i: 2 }] })}\n`);
  });
});
