import { strict as assert } from 'node:assert';
import type { Emulator } from '../emulator';
import { ARM_SCALE_IN, SCENARIOS, addFaultMix, chaosOptions, normaliseReport, startSampleEmulator, type Scenario } from './chaos-support';
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
    for (const scenario of [...SCENARIOS, ARM_SCALE_IN]) baselines.set(scenario.name, await runFresh(scenario));
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

  it(`${ARM_SCALE_IN.name}: same report and result for seed ${SEEDS[0]}`, async () => {
    const baseline = baselines.get(ARM_SCALE_IN.name)!;
    const chaos = await runFresh(ARM_SCALE_IN, SEEDS[0]);
    assert.equal(chaos.run.result, baseline.run.result, tail(chaos.run));
    assert.deepEqual(chaos.report, baseline.report);
  });
});
