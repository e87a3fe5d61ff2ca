import { strict as assert } from 'node:assert';
import { sampleOrganization, type Emulator } from '../../emulator';
import { comparableReport } from './inventory-support';
import {
  assertNoWrites,
  debugMessages,
  readJson,
  requestsTo,
  runAgentTask,
  startE2eEmulator,
  tail,
  wifDevOpsInputs,
  type AgentRun,
} from './support';

/** The `HTTP: n requests, n retries, n throttled` debug line every run ends with. */
function httpStats(run: AgentRun): { requests: number; retries: number; throttled: number } {
  const line = debugMessages(run).find((m) => /^HTTP: \d+ requests/.test(m));
  assert.ok(line, 'the run logged its HTTP statistics');
  const [requests, retries, throttled] = /^HTTP: (\d+) requests, (\d+) retries, (\d+) throttled$/.exec(line)!.slice(1).map(Number);
  return { requests, retries, throttled };
}

/** Every request the service refused was sent again and answered. */
function assertEveryRefusalRetried(run: AgentRun): void {
  const refusals = run.requests.filter((r) => r.status === 429 || r.status === 503);
  assert.ok(refusals.length > 0, 'the service refused at least one request');
  for (const refused of refusals) {
    assert.ok(
      run.requests.some((r) => r.seq > refused.seq && r.path === refused.path && r.status === 200),
      `${refused.method} ${refused.path} (HTTP ${refused.status}) was retried until it succeeded`,
    );
  }
}

describe('e2e: throttling storms (PoolInventory@1)', function () {
  this.timeout(60_000);
  const seed = sampleOrganization();
  let emu: Emulator;
  let baseline: AgentRun;
  before(async () => {
    emu = await startE2eEmulator({ seed });
    baseline = await runAgentTask(emu, { task: 'PoolInventoryV1', inputs: wifDevOpsInputs(emu) });
    assert.equal(baseline.result, 'SucceededWithIssues', tail(baseline));
    assert.equal(httpStats(baseline).retries, 0);
  });
  afterEach(() => emu.faults.clear());
  after(() => emu.close());

  it('429 with Retry-After on the pools and agents routes (and a 503 on elastic nodes): same result and report as a quiet run', async () => {
    // A storm that lasts a few rounds: the pools list twice, the agent lists (5 pools, read in parallel) ten times,
    // the elastic nodes twice with a 503. No single request is refused more often than the retry budget allows.
    emu.faults.add({ service: 'ado', path: /\/distributedtask\/pools$/, kind: 'status', status: 429, retryAfterSeconds: 1, times: 2 });
    emu.faults.add({
      service: 'ado',
      path: /\/distributedtask\/pools\/\d+\/agents$/,
      kind: 'status',
      status: 429,
      retryAfterSeconds: 1,
      times: 10,
    });
    emu.faults.add({ service: 'ado', path: /\/elasticpools\/\d+\/nodes$/, kind: 'status', status: 503, retryAfterSeconds: 1, times: 2 });
    const run = await runAgentTask(emu, { task: 'PoolInventoryV1', inputs: wifDevOpsInputs(emu) });
    assert.deepEqual(emu.faults.firedCounts(), [2, 10, 2], 'the storm happened');

    assert.equal(run.result, baseline.result, tail(run));
    assert.equal(run.resultMessage, baseline.resultMessage);
    const { reportPath, ...outputs } = run.variables;
    const { reportPath: baselinePath, ...baselineOutputs } = baseline.variables;
    assert.deepEqual(outputs, baselineOutputs);
    assert.deepEqual(comparableReport(readJson(reportPath)), comparableReport(readJson(baselinePath)));
    assertEveryRefusalRetried(run);

    const stats = httpStats(run);
    assert.equal(stats.throttled, 12);
    assert.equal(stats.retries, 14, 'each refusal cost exactly one more attempt');
    assert.equal(stats.requests, requestsTo(run, 'ado').length, 'every attempt counted, none lost');
    assertNoWrites(run);
  });

  it('a pool whose agents stay throttled past the retry budget: reported as incomplete, the rest still read', async () => {
    emu.faults.add({ service: 'ado', path: /\/distributedtask\/pools\/10\/agents$/, kind: 'status', status: 429, retryAfterSeconds: 0 });
    const run = await runAgentTask(emu, { task: 'PoolInventoryV1', inputs: wifDevOpsInputs(emu) });
    assert.equal(run.result, 'SucceededWithIssues', tail(run));
    assert.match(run.resultMessage ?? '', /^The inventory is incomplete: agents of pool linux-selfhosted$/);
    const attempts = requestsTo(run, 'ado').filter((r) => r.path.endsWith('/pools/10/agents'));
    assert.equal(attempts.length, 7, 'the first try and six retries, then it gives up');
    const report = readJson(run.variables.reportPath);
    assert.equal(report.complete, false);
    assert.match(report.missing[0].reason, /HTTP 429 \(RequestBlockedException\): TF400733/);
    const linux = report.pools.find((p: { name: string }) => p.name === 'linux-selfhosted');
    assert.deepEqual(linux.agents, []);
    assert.equal(Number(run.variables.agentCount), Number(baseline.variables.agentCount) - 4, 'only that pool’s four agents are missing');
    assertNoWrites(run);
  });

  it('a rate limit per identity (X-RateLimit-* headers, then 429 until the window passes): same report', async () => {
    const limited = await startE2eEmulator({ seed, throttle: { requestsPerWindow: 6, windowMs: 1_500, warnAtFraction: 0.5 } });
    try {
      const run = await runAgentTask(limited, { task: 'PoolInventoryV1', inputs: wifDevOpsInputs(limited) });
      assert.equal(run.result, baseline.result, tail(run));
      assert.deepEqual(comparableReport(readJson(run.variables.reportPath)), comparableReport(readJson(baseline.variables.reportPath)));
      assertEveryRefusalRetried(run);
      const stats = httpStats(run);
      assert.equal(stats.throttled, requestsTo(run, 'ado').filter((r) => r.status === 429).length);
      assert.ok(stats.retries >= stats.throttled);
      assertNoWrites(run);
    } finally {
      await limited.close();
    }
  });
});
