import { strict as assert } from 'node:assert';
import { findLeaks } from '../../../emulator/harness/run-task';

/** A finished run's output and one written file. */
const runWith = (stdout: string, stderr: string, file: string) => ({
  stdout,
  stderr,
  files: () => [{ path: '/tmp/run/report.json', content: file }],
});

describe('the e2e credential leak check', () => {
  const secret = 'eyJhbGciOiJSUzI1NiJ9.secret-token';

  it('finds a secret in stdout, stderr or a written file, and names where', () => {
    const leaks = findLeaks(runWith(`token ${secret}\n`, `oops ${secret}`, `{"t":"${secret}"}`), [secret]);
    assert.equal(leaks.length, 3);
    assert.ok(leaks[0].endsWith('in stdout') && leaks[1].endsWith('in stderr') && leaks[2].includes('report.json'), leaks.join('; '));
    assert.ok(
      leaks.every((leak) => !leak.includes(secret)),
      'the report itself does not repeat the secret',
    );
  });

  it('allows the value on a setsecret line (the agent masks it), and ignores short values', () => {
    assert.deepEqual(findLeaks(runWith(`##vso[task.setsecret]${secret}\nclean\n`, '', '{}'), [secret, 'short']), []);
    assert.deepEqual(findLeaks(runWith('short short', '', '{}'), ['short']), []);
  });
});
