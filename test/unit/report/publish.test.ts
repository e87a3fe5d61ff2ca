import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PolicyError } from '../../../tasks/common/policy';
import { loadPolicyInput } from '../../../tasks/common/report/publish';
import { NOW, poolSchema } from '../policy/fixtures';

function policyFile(text: string): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pw-publish-')), 'policy.yml');
  fs.writeFileSync(file, text);
  return file;
}

describe('loadPolicyInput', () => {
  it('gives the defaults without a file, and for a folder (the agent fills an empty filePath input with one)', () => {
    assert.equal(loadPolicyInput(undefined, poolSchema, NOW).settings.maxAdministrators, 5);
    assert.equal(loadPolicyInput(os.tmpdir(), poolSchema, NOW).source, 'built-in defaults');
    assert.equal(
      loadPolicyInput(undefined, poolSchema, NOW, { maxAdministrators: 8, staleDays: undefined }).settings.maxAdministrators,
      8,
      'a given input wins',
    );
  });

  it('keeps the file as the source of a valid policy', () => {
    const file = policyFile('settings:\n  maxAdministrators: 2\n');
    const policy = loadPolicyInput(file, poolSchema, NOW);
    assert.equal(policy.source, file);
    assert.equal(policy.settings.maxAdministrators, 2);
  });

  it('names the policyFile input and the file on every line of an invalid policy', () => {
    const file = policyFile('rules:\n  POOL099: { enabled: false }\nsettings:\n  maxAdministrators: five\n');
    assert.throws(
      () => loadPolicyInput(file, poolSchema, NOW),
      (error: unknown) => {
        assert.ok(error instanceof PolicyError);
        const lines = error.message.split('\n');
        assert.equal(lines.length, 2);
        for (const line of lines) assert.ok(line.startsWith(`Input 'policyFile' (${file}): `), line);
        assert.match(error.message, /rules\.POOL099: unknown rule id; allowed: POOL001…POOL013/);
        return true;
      },
    );
  });

  it('names the input when the file does not exist', () => {
    assert.throws(
      () => loadPolicyInput('/no/such/policy.yml', poolSchema, NOW),
      /^Error: Input 'policyFile': file '\/no\/such\/policy\.yml' does not exist/,
    );
  });
});
