import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeJson } from '../../../tasks/common/report-files';

describe('writeJson', () => {
  it('breaks logging commands in names and parses back to the exact names', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-report-files-'));
    const value = { pool: '##vso[task.setvariable variable=x]y', agent: 'a ##[error]b\n##VSO[task.complete]' };
    const text = fs.readFileSync(writeJson(dir, 'r.json', value), 'utf8');
    assert.ok(!/##vso\[|##\[/i.test(text), text);
    assert.deepEqual(JSON.parse(text), value);
  });
});
