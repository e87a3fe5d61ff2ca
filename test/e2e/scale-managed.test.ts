import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Emulator } from '../../emulator';
import { LINUX_ID, onLinux, onWindows, props, managedPool, MDP, WINDOWS_ID } from './managed-pools-support';
import { expectResult, runScale, startScaleEmulator, writeLines } from './scale-fixtures';
import { readJson, tail } from './support';

const patches = (run: { writes: { method: string; path: string; status: number }[] }) => run.writes.filter((w) => w.method === 'PATCH');

describe('e2e: ScaleSetAgents@1 on a Managed DevOps Pool', function () {
  this.timeout(60_000);
  let emu: Emulator;
  beforeEach(async () => {
    emu = await startScaleEmulator();
  });
  afterEach(() => emu.close());

  it('add raises maximumConcurrency with one PATCH awaited as a long-running operation and rewrites parallelism', async () => {
    const run = await runScale(emu, onLinux({ action: 'add', count: 2 }));
    expectResult(run, 'Succeeded');
    const p = props(emu, MDP.linux.armName);
    assert.equal(p.maximumConcurrency, 6);
    assert.equal(p.provisioningState, 'Succeeded');
    // 3 + 1 over 6: each keeps 1, the 2 spare go by weight (largest remainder) → 5 and 1.
    assert.deepEqual(
      p.organizationProfile.organizations.map((o: { parallelism: number }) => o.parallelism),
      [5, 1],
    );
    assert.deepEqual(writeLines(run), [`PATCH /_arm${LINUX_ID} 202`]);
    assert.ok(
      run.requests.some((r) => r.path.includes('/operationStatuses/') && r.status === 200),
      'polled the Location until 200',
    );
    assert.equal(run.variables.maximumConcurrency, '6');
    assert.match(run.stdout, /maximumConcurrency: 4 → 6/);
    const report = readJson(run.variables.reportPath);
    assert.equal(report.result.maximumConcurrency, 6);
    assert.equal(report.result.machines.Allocated, 1);
    // The schedule was sent back whole, untouched.
    assert.deepEqual(p.agentProfile.resourcePredictions.daysData[1], { '09:00:00': 2, '17:00:00': 0 });
  });

  it('setCount is clipped by maxAgents and by the vCPU quota, and says so', async () => {
    const clipped = await runScale(emu, onLinux({ action: 'setCount', targetCount: 50, maxAgents: 10 }));
    expectResult(clipped, 'SucceededWithIssues');
    assert.equal(props(emu, MDP.linux.armName).maximumConcurrency, 10);
    assert.match(clipped.stdout, /clipped to 10: maxAgents is 10/);
    emu.state.org.computeQuotas![0].limit = 12;
    const quota = await runScale(emu, onLinux({ action: 'add', count: 5 }));
    expectResult(quota, 'SucceededWithIssues');
    assert.equal(props(emu, MDP.linux.armName).maximumConcurrency, 10, 'already above what the quota fits: kept, not raised');
    assert.match(quota.stdout, /clipped to 10: the standardDADSv5Family vCPU quota \(12\) fits 6 machines/);
    const lower = await runScale(emu, onLinux({ action: 'setCount', targetCount: 6 }));
    expectResult(lower, 'Succeeded');
    assert.equal(props(emu, MDP.linux.armName).maximumConcurrency, 6);
  });

  it('remove lowers the maximum but never below the standby schedule, and a dry run writes nothing', async () => {
    const dry = await runScale(emu, onLinux({ action: 'remove', count: 1, dryRun: true }));
    expectResult(dry, 'Succeeded');
    assert.deepEqual(patches(dry), []);
    assert.match(dry.stdout, /maximumConcurrency: 4 → 3/);
    assert.match(dry.stdout, /organizations\[\]\.parallelism: .*contoso 3, .*labs 1 → .*contoso 2, .*labs 1/);
    const weekday = props(emu, MDP.linux.armName).agentProfile.resourcePredictions.daysData[1];
    weekday['09:00:00'] = 3;
    const tooLow = await runScale(emu, onLinux({ action: 'setCount', targetCount: 2 }));
    expectResult(tooLow, 'Failed');
    assert.match(tooLow.stdout, /Input 'targetCount'.*standby schedule keeps up to 3 agents ready/);
    assert.deepEqual(patches(tooLow), []);
    weekday['09:00:00'] = 2;
    const ok = await runScale(emu, onLinux({ action: 'remove', count: 2 }));
    expectResult(ok, 'Succeeded');
    assert.equal(props(emu, MDP.linux.armName).maximumConcurrency, 2);
    assert.match(readJson(ok.variables.reportPath).plan.changes[0].after, /^2$/);
  });

  it('configure manual writes 7 day maps starting on Sunday with explicit zeros, in a Windows time zone', async () => {
    const run = await runScale(
      emu,
      onLinux({
        action: 'configure',
        standbyMode: 'manual',
        standbySchedule: 'Mon-Fri 08:00=3, 18:00=0; Sat-Sun 00:00=0',
        standbyTimeZone: 'eastern standard time',
      }),
    );
    expectResult(run, 'Succeeded');
    const agent = props(emu, MDP.linux.armName).agentProfile;
    assert.deepEqual(agent.resourcePredictionsProfile, { kind: 'Manual' });
    assert.equal(agent.resourcePredictions.timeZone, 'Eastern Standard Time');
    assert.equal(agent.resourcePredictions.daysData.length, 7);
    assert.deepEqual(agent.resourcePredictions.daysData[0], { '00:00:00': 0 });
    assert.deepEqual(agent.resourcePredictions.daysData[1], { '08:00:00': 3, '18:00:00': 0 });
    assert.match(
      run.stdout,
      /standby: manual \(W\. Europe Standard Time\): Mon–Fri 09:00 → 2, 17:00 → 0; Sat–Sun 0 → manual \(Eastern Standard Time\): Mon–Fri 08:00 → 3, 18:00 → 0; Sat–Sun 0/,
    );
  });

  it('configure automatic sends no daysData; off removes the prediction profile; stateful lifetimes are validated', async () => {
    const automatic = await runScale(
      emu,
      onLinux({ action: 'configure', standbyMode: 'automatic', predictionPreference: 'mostCostEffective' }),
    );
    expectResult(automatic, 'Succeeded');
    const sent = emu.requests.filter((r) => r.method === 'PATCH').pop();
    assert.ok(sent);
    assert.deepEqual(props(emu, MDP.linux.armName).agentProfile.resourcePredictionsProfile, {
      kind: 'Automatic',
      predictionPreference: 'MostCostEffective',
    });
    const off = await runScale(
      emu,
      onWindows({ action: 'configure', standbyMode: 'off', maxAgentLifetime: '2.00:00:00', gracePeriod: '01:00:00' }),
    );
    expectResult(off, 'Succeeded');
    const agent = props(emu, MDP.windows.armName).agentProfile;
    assert.equal(agent.resourcePredictionsProfile, undefined);
    assert.equal(agent.resourcePredictions, undefined);
    assert.equal(agent.maxAgentLifetime, '2.00:00:00');
    assert.equal(agent.gracePeriodTimeSpan, '0.01:00:00');
    const stateless = await runScale(emu, onLinux({ action: 'configure', maxAgentLifetime: '1.00:00:00' }));
    expectResult(stateless, 'Failed');
    assert.match(stateless.stdout, /Input 'maxAgentLifetime'.*stateful agents only/);
    assert.deepEqual(patches(stateless), []);
  });

  it('standby off fails clearly, naming what did not take effect, when the service merges nested objects', async () => {
    managedPool(emu, MDP.windows.armName).patchSemantics = 'merge';
    const before = props(emu, MDP.windows.armName).agentProfile.resourcePredictionsProfile;
    assert.ok(before, 'the sample Windows pool has standby agents');
    const off = await runScale(emu, onWindows({ action: 'configure', standbyMode: 'off', maxAgentLifetime: '2.00:00:00' }));
    expectResult(off, 'Failed');
    assert.equal(patches(off).length, 1, 'the PATCH was sent');
    assert.deepEqual(props(emu, MDP.windows.armName).agentProfile.resourcePredictionsProfile, before, 'merge kept the profile');
    assert.match(off.stdout, /did not take effect: standby mode \(wanted off, the service has automatic \(Balanced\)\)/, tail(off));
    assert.doesNotMatch(off.stdout, /maxAgentLifetime \(wanted/, 'the lifetime did take effect');
    assert.match(off.stdout, /standbyMode: manual with standbySchedule 'Mon-Sun 00:00=0'/);
    const report = readJson(off.variables.reportPath);
    assert.equal(report.result.outcome, 'notApplied');
    const summary = fs.readFileSync(path.join(path.dirname(off.variables.reportPath), 'scale-set-agents.md'), 'utf8');
    assert.match(summary, /\*\*Did not take effect:\*\* standby mode: wanted off/);
    assert.deepEqual(
      report.result.unapplied.map((u: { field: string }) => u.field),
      ['standby mode'],
    );
    // The remedy the message gives works under merge semantics too.
    const zero = await runScale(emu, onWindows({ action: 'configure', standbyMode: 'manual', standbySchedule: 'Mon-Sun 00:00=0' }));
    expectResult(zero, 'Succeeded');
    assert.deepEqual(props(emu, MDP.windows.armName).agentProfile.resourcePredictions.daysData[0], { '00:00:00': 0 });
  });

  it('fails before any write on bad input, naming the input and the allowed form', async () => {
    const cases: [Record<string, string | number | boolean>, RegExp][] = [
      [
        { action: 'configure', standbyMode: 'manual', standbySchedule: 'Mon-Fri 8=4', standbyTimeZone: 'UTC' },
        /Input 'standbySchedule' is not valid: .*HH:mm=count/,
      ],
      [
        { action: 'configure', standbyMode: 'manual', standbySchedule: 'Mon-Fri 08:00=4', standbyTimeZone: 'Europe/Berlin' },
        /Input 'standbyTimeZone' must be a Windows time zone id/,
      ],
      [
        { action: 'configure', standbyMode: 'manual', standbySchedule: 'Mon-Fri 08:00=9' },
        /Input 'standbySchedule'.*9 standby agents, above the pool's maximum concurrency 4/,
      ],
      [{ action: 'configure', maxAgentLifetime: '8.00:00:00' }, /Input 'maxAgentLifetime' must be at most 7 days/],
      [
        { action: 'configure', standbyMode: 'automatic', standbySchedule: 'Mon 08:00=1' },
        /Input 'standbySchedule' must be empty with standbyMode: automatic/,
      ],
      [{ action: 'removeOffline' }, /Input 'action' removeOffline does not apply to Managed DevOps Pool.*Use add, remove or setCount/],
      [{ action: 'configure', standbyAgents: 2 }, /Input 'standbyAgents' is a scale set pool setting.*use standbyMode/],
      [
        {
          action: 'add',
          count: 1,
          scaleSetResourceId: '/subscriptions/s/resourceGroups/r/providers/Microsoft.Compute/virtualMachineScaleSets/x',
        },
        /Input 'scaleSetResourceId' must be empty for Managed DevOps Pool/,
      ],
    ];
    for (const [inputs, message] of cases) {
      const run = await runScale(emu, onLinux(inputs));
      assert.equal(run.result, 'Failed', tail(run));
      assert.match(run.stdout, message);
      assert.deepEqual(run.writes, [], JSON.stringify(inputs));
    }
  });

  it('a failing long-running operation fails the run with the ARM code and message and restores the pool', async () => {
    emu.state.org.computeQuotas = [];
    emu.state.failNextArmOperation('QuotaExceeded', 'Cores needed to complete this request is 12, which exceeds the current limit of 8.');
    const run = await runScale(emu, onLinux({ action: 'add', count: 2 }));
    expectResult(run, 'Failed');
    assert.match(run.stdout, /QuotaExceeded: Cores needed to complete this request is 12/);
    assert.equal(props(emu, MDP.linux.armName).maximumConcurrency, 4);
    assert.equal(props(emu, MDP.linux.armName).provisioningState, 'Failed');
  });

  it('two runs at once: the second re-reads on 412 and applies its change on top, nothing is lost', async () => {
    const [a, b] = await Promise.all([
      runScale(emu, onLinux({ action: 'add', count: 1 })),
      runScale(emu, onLinux({ action: 'add', count: 2 })),
    ]);
    expectResult(a, 'Succeeded');
    expectResult(b, 'Succeeded');
    assert.equal(props(emu, MDP.linux.armName).maximumConcurrency, 7);
    const sum = props(emu, MDP.linux.armName).organizationProfile.organizations.reduce(
      (s: number, o: { parallelism: number }) => s + o.parallelism,
      0,
    );
    assert.equal(sum, 7);
  });

  it('setCount from two runs at once ends at the single-run value', async () => {
    const runs = await Promise.all([
      runScale(emu, onLinux({ action: 'setCount', targetCount: 6 })),
      runScale(emu, onLinux({ action: 'setCount', targetCount: 6 })),
    ]);
    for (const run of runs) expectResult(run, 'Succeeded');
    assert.equal(props(emu, MDP.linux.armName).maximumConcurrency, 6);
  });

  it('managedPoolResourceId finds the pool directly; an unreachable one is refused by name', async () => {
    const run = await runScale(emu, onWindows({ action: 'setCount', targetCount: 3, managedPoolResourceId: WINDOWS_ID }));
    expectResult(run, 'Succeeded');
    assert.equal(props(emu, MDP.windows.armName).maximumConcurrency, 3);
    assert.ok(!run.requests.some((r) => r.path.endsWith('/providers/Microsoft.DevOpsInfrastructure/pools')), 'no listing needed');
    managedPool(emu, MDP.windows.armName).resourceGroup = 'rg-elsewhere';
    const missing = await runScale(emu, onWindows({ action: 'setCount', targetCount: 2, managedPoolResourceId: WINDOWS_ID }));
    expectResult(missing, 'Failed');
    assert.match(
      missing.stdout,
      /Input 'managedPoolResourceId' names a Managed DevOps Pool the Azure Resource Manager connection cannot reach \(ResourceNotFound/,
    );
  });

  it('honours ARM throttling (429 + Retry-After) on the PATCH and on the operation, and takes a PATCH answered 200 at once', async () => {
    emu.faults.add({
      service: 'arm',
      method: 'PATCH',
      path: /DevOpsInfrastructure\/pools\//,
      kind: 'status',
      status: 429,
      retryAfterSeconds: 1,
      times: 1,
    });
    emu.faults.add({
      service: 'arm',
      method: 'GET',
      path: /operationStatuses/,
      kind: 'status',
      status: 429,
      retryAfterSeconds: 1,
      times: 1,
    });
    const throttled = await runScale(emu, onLinux({ action: 'setCount', targetCount: 5 }));
    expectResult(throttled, 'Succeeded');
    assert.equal(props(emu, MDP.linux.armName).maximumConcurrency, 5);
    assert.deepEqual(
      patches(throttled).map((w) => w.status),
      [429, 202],
      'the throttled PATCH was sent again after Retry-After',
    );
    managedPool(emu, MDP.linux.armName).synchronousPatch = true;
    const sync = await runScale(emu, onLinux({ action: 'setCount', targetCount: 6 }));
    expectResult(sync, 'Succeeded');
    assert.deepEqual(writeLines(sync), [`PATCH /_arm${LINUX_ID} 200`]);
    assert.ok(!sync.requests.some((r) => r.path.includes('/operationStatuses/')), 'nothing to poll');
    assert.equal(sync.variables.maximumConcurrency, '6');
  });

  it('a reader cannot change the pool: the 403 is reported by code, nothing changes', async () => {
    emu.state.org.armRoleAssignments = emu.state.org.armRoleAssignments.filter((a) => a.role !== 'Contributor');
    const run = await runScale(emu, onLinux({ action: 'add', count: 1 }));
    expectResult(run, 'Failed');
    assert.match(run.stdout, /AuthorizationFailed/);
    assert.equal(props(emu, MDP.linux.armName).maximumConcurrency, 4);
  });
});
