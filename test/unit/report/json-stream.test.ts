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
  it('gives the same text whether an element is serialised whole or opened (long lists, lazy arrays at any depth)', () => {
    const finding = (i: number) => ({
      id: i,
      name: `t${i} ##vso[task.complete]`,
      evidence: { note: 'a\nb', when: new Date(0) },
      skip: undefined,
    });
    const long = Array.from({ length: 70 }, (_, i) => finding(i));
    const lazyOf = (n: number) => new LazyArray(n, () => Array.from({ length: n }, (_, i) => finding(i)));
    const value = {
      runs: [{ results: lazyOf(3), tool: { rules: long } }],
      elements: [{ nested: { deep: lazyOf(2) } }, [long, 'x'], [1, [2, long]], finding(99)],
      // Runs longer than one batch, broken by elements that are opened, with nulls among them.
      mixed: Array.from({ length: 300 }, (_, i) => (i % 97 === 5 ? { big: long } : i % 31 === 0 ? undefined : finding(i))),
    };
    const expected = JSON.parse(JSON.stringify(value)) as unknown;
    const file = join(dir, 'shapes.json');
    writeSafeJsonFile(file, value);
    assert.equal(readFileSync(file, 'utf8'), `${toSafeJson(expected)}\n`);
    assert.ok(!readFileSync(file, 'utf8').includes('##vso'), 'a logging command inside a whole element is neutralised');
  });
});
