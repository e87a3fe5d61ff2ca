import { strict as assert } from 'node:assert';
import type { Emulator, FaultRule } from '../../emulator';
import {
  ARM_SCALE_IN,
  ARM_SCALE_IN_FLEXIBLE,
  SCENARIOS,
  addFaultMix,
  chaosOptions,
  normaliseReport,
  startSampleEmulator,
  type Scenario,
} from './chaos-support';
import { assertNoWrites, readJson, runAgentTask, tail, type AgentRun } from './support';

/** Fixed seeds of the emulator's PRNG (which requests fail, how long each waits). */
const SEEDS = [7, 1234, 99991];

interface Outcome {
  run: AgentRun;
  report: unknown;
}

async function runScenario(emu: Emulator, scenario: Scenario): Promise<Outcome> {
  const run = await runAgentTask(emu, { task: scenario.task, inputs: scenario.inputs(emu), timeoutMs: 90_000 });
  assert.ok(run.variables.reportPath, `${scenario.name}: no report path\n${tail(run)}`);
  if (!scenario.writes) assertNoWrites(run);
  return { run, report: normaliseReport(readJson(run.variables.reportPath), emu, scenario.volatileKeys) };
}

/** Runs a scenario on a fresh emulator (fault-free or with the fault mix of one seed). */
async function runFresh(scenario: Scenario, seed?: number): Promise<Outcome & { faulted: number }> {
  const emu = await startSampleEmulator(seed === undefined ? {} : chaosOptions(seed));
  try {
    scenario.prepare?.(emu);
    if (seed !== undefined) addFaultMix(emu);
    const outcome = await runScenario(emu, scenario);
    return { ...outcome, faulted: outcome.run.requests.filter((r) => r.faulted).length };
  } finally {
    await emu.close();
  }
}

describe('chaos: every task under injected faults reports exactly what a fault-free run reports', function () {
  this.timeout(240_000);
  const baselines = new Map<string, Outcome>();

  before(async () => {
    for (const scenario of [...SCENARIOS, ARM_SCALE_IN, ARM_SCALE_IN_FLEXIBLE]) baselines.set(scenario.name, await runFresh(scenario));
  });

  for (const scenario of SCENARIOS) {
    it(`${scenario.name}: same report and result for seeds ${SEEDS.join(', ')}`, async () => {
      const baseline = baselines.get(scenario.name)!;
      let faulted = 0;
      for (const seed of SEEDS) {
        const chaos = await runFresh(scenario, seed);
        faulted += chaos.faulted;
        assert.equal(chaos.run.result, baseline.run.result, `seed ${seed}: result differs\n${tail(chaos.run)}`);
        assert.deepEqual(chaos.report, baseline.report, `seed ${seed}: report differs from the fault-free report`);
      }
      assert.ok(faulted > 0, 'the fault mix never fired: the test proved nothing');
    });
  }

  for (const scenario of [ARM_SCALE_IN, ARM_SCALE_IN_FLEXIBLE]) {
    it(`${scenario.name}: same report and result for seed ${SEEDS[0]}`, async () => {
      const baseline = baselines.get(scenario.name)!;
      const chaos = await runFresh(scenario, SEEDS[0]);
      assert.equal(chaos.run.result, baseline.run.result, tail(chaos.run));
      assert.deepEqual(chaos.report, baseline.report);
    });
  }
});

/** Alice's graph descriptor in the sample organization (token admin lists PATs per user descriptor). */
const ALICE_DESCRIPTOR = 'aad.OTAwMDAwMDAtMDAwMC03Yjc0LTgwMDAtMDAwMDAwMDAwMDAx';

describe('chaos: retries exhausted on one route never give a clean-looking report', function () {
  this.timeout(120_000);
  const cases: { scenario: Scenario; path: RegExp; missing: RegExp }[] = [
    { scenario: SCENARIOS[0], path: /\/distributedtask\/pools\/10\/agents$/, missing: /agents of pool linux-selfhosted/ },
    {
      scenario: SCENARIOS[3],
      path: /\/securityroles\/scopes\/distributedtask\.agentpoolrole\/roleassignments\/resources\/10$/,
      missing: /linux-selfhosted|\b10\b/,
    },
    { scenario: SCENARIOS[4], path: new RegExp(`/tokenadmin/personalaccesstokens/${ALICE_DESCRIPTOR}/?$`), missing: /alice@contoso\.com/ },
  ];
  for (const { scenario, path, missing } of cases) {
    it(`${scenario.name}: complete false, the unreadable part listed, result at least SucceededWithIssues`, async () => {
      const emu = await startSampleEmulator(chaosOptions(5));
      try {
        // 503 with Retry-After: 0 on every attempt: the client retries at once until it runs out of retries.
        emu.faults.add({ kind: 'status', status: 503, retryAfterSeconds: 0, path });
        const run = await runAgentTask(emu, { task: scenario.task, inputs: scenario.inputs(emu) });
        const report = readJson(run.variables.reportPath);
        assert.ok(run.requests.filter((r) => r.faulted).length > 1, 'the route was retried');
        assert.equal(report.complete, false, tail(run));
        assert.ok(
          report.missing.some((m: { scope: string }) => missing.test(m.scope)),
          `missing lists the route: ${JSON.stringify(report.missing)}`,
        );
        assert.ok(['SucceededWithIssues', 'Failed'].includes(run.result ?? ''), `result ${run.result}`);
        assertNoWrites(run);
      } finally {
        await emu.close();
      }
    });
  }

  it('ScaleSetAgents: a pool state it cannot read fails the run before any change', async () => {
    const emu = await startSampleEmulator(chaosOptions(5));
    try {
      emu.faults.add({ kind: 'status', status: 503, retryAfterSeconds: 0, path: /\/distributedtask\/pools\/11\/agents$/ });
      const run = await runAgentTask(emu, { task: 'ScaleSetAgentsV1', inputs: SCENARIOS[2].inputs(emu) });
      assert.equal(run.result, 'Failed', tail(run));
      assert.match(run.resultMessage ?? '', /503/);
      assertNoWrites(run);
    } finally {
      await emu.close();
    }
  });
});

describe('chaos: access tokens that expire during the run', function () {
  this.timeout(120_000);
  it('PoolRoleAudit with one-second tokens signs in again as needed and reports exactly what a normal run reports', async () => {
    const scenario = SCENARIOS[3];
    const baseline = await runFresh(scenario);
    const emu = await startSampleEmulator({ accessTokenLifetimeSeconds: 1, latency: { fixedMs: 25, jitterMs: 25 } });
    try {
      const outcome = await runScenario(emu, scenario);
      const tokenRequests = outcome.run.requests.filter((r) => r.service === 'entra' && r.method === 'POST').length;
      assert.ok(tokenRequests > 1, `expected several token requests, got ${tokenRequests}`);
      assert.equal(outcome.run.result, baseline.run.result, tail(outcome.run));
      assert.deepEqual(outcome.report, baseline.report);
    } finally {
      await emu.close();
    }
  });
});

describe('chaos: a failing sign-in call is retried', function () {
  this.timeout(120_000);
  const rules: { name: string; rule: FaultRule }[] = [
    { name: 'job OIDC endpoint answers 500', rule: { service: 'oidc', kind: 'status', status: 500, times: 1 } },
    { name: 'job OIDC endpoint resets the connection', rule: { service: 'oidc', kind: 'reset', times: 1 } },
    {
      name: 'Entra token endpoint answers 503 with Retry-After',
      rule: { service: 'entra', method: 'POST', kind: 'status', status: 503, retryAfterSeconds: 0, times: 1 },
    },
    {
      name: 'Entra token endpoint answers 429',
      rule: { service: 'entra', method: 'POST', kind: 'status', status: 429, retryAfterSeconds: 0, times: 1 },
    },
    { name: 'Entra token endpoint resets the connection', rule: { service: 'entra', method: 'POST', kind: 'reset', times: 1 } },
  ];
  for (const { name, rule } of rules) {
    it(`PoolInventory: ${name} once, same report`, async () => {
      const scenario = SCENARIOS[0];
      const baseline = await runFresh(scenario);
      const emu = await startSampleEmulator();
      try {
        emu.faults.add(rule);
        const outcome = await runScenario(emu, scenario);
        assert.deepEqual(emu.faults.firedCounts(), [1], 'the fault fired');
        assert.equal(outcome.run.result, baseline.run.result, tail(outcome.run));
        assert.deepEqual(outcome.report, baseline.report);
      } finally {
        await emu.close();
      }
    });
  }
});
