/**
 * A cheap guard for `npm run bench`'s request figures: the audits and the inventory run against a small generated
 * organization (no latency, no throttle) and their requests per resource are compared with a committed baseline.
 * Request counts are deterministic, so this fails on a regression of more than 2× and never on timing.
 * After an intended change: `UPDATE_REQUEST_BASELINE=1 npx mocha --no-config -r tsx/cjs test/e2e/request-regression.test.ts`.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Emulator } from '../../emulator';
import { GENERATED_IDS, generateOrganization } from '../../emulator/generate-org';
import { requestRegressions, requestsByResource } from '../bench/request-counts';
import { runAgentTask, startE2eEmulator, tail } from './support';

const BASELINE = path.join(__dirname, '..', 'bench', 'request-baseline.json');
const TASKS = ['PoolInventoryV1', 'PoolRoleAuditV1', 'PatAuditV1'] as const;

describe('e2e: requests per resource against a small generated organization', function () {
  this.timeout(120_000);
  const update = process.env.UPDATE_REQUEST_BASELINE === '1';
  const baseline: Record<string, Record<string, number>> = fs.existsSync(BASELINE) ? JSON.parse(fs.readFileSync(BASELINE, 'utf8')) : {};
  const actual: Record<string, Record<string, number>> = {};
  let emu: Emulator;
  before(async () => {
    // Dates relative to the real clock, as the task's: which tokens are live (so whose state is read) stays the same.
    emu = await startE2eEmulator({ seed: generateOrganization({ size: 'small' }) });
  });
  after(async () => {
    await emu.close();
    if (update) fs.writeFileSync(BASELINE, `${JSON.stringify(actual, null, 2)}\n`);
  });

  for (const task of TASKS) {
    it(`${task} sends at most 2× the baseline requests per resource`, async () => {
      const run = await runAgentTask(emu, {
        task,
        inputs: {
          connectionType: 'azureDevOps',
          azureDevOpsServiceConnection: GENERATED_IDS.connectionId,
          organizationUrl: emu.orgUrl,
          failOnSeverity: 'none',
        },
        connectionIds: [GENERATED_IDS.connectionId],
      });
      assert.equal(run.exitCode, 0, tail(run));
      actual[task] = requestsByResource(run.requests);
      if (update) return;
      assert.ok(baseline[task], `no baseline for ${task} in ${BASELINE}: run with UPDATE_REQUEST_BASELINE=1`);
      assert.deepEqual(
        requestRegressions(baseline[task], actual[task], 2),
        [],
        `${task} sends more than twice the requests of the baseline`,
      );
    });
  }
});

describe('bench request counting', () => {
  it('flags a resource and the total that grew more than 2×, not one that merely grew', () => {
    const baseline = { 'GET a': 10, 'GET b': 5 };
    assert.deepEqual(requestRegressions(baseline, { 'GET a': 20, 'GET b': 5 }), []);
    assert.deepEqual(requestRegressions(baseline, { 'GET a': 21, 'GET b': 5 }), [{ resource: 'GET a', baseline: 10, actual: 21 }]);
    assert.deepEqual(requestRegressions(baseline, { 'GET a': 10, 'GET b': 5, 'GET new': 16 }), [
      { resource: '(all requests)', baseline: 15, actual: 31 },
    ]);
  });
});
