import { strict as assert } from 'node:assert';
import { SAMPLE_IDS, type Emulator } from '../../emulator';
import { uploadedSummary } from './inventory-support';
import { inventorySchemaErrors } from './inventory-schema';
import { MDP, managedPool } from './managed-pools-support';
import { assertNoWrites, readJson, requestsTo, runAgentTask, startE2eEmulator, tail, wifDevOpsInputs, type AgentRun } from './support';

const byName = (report: any, name: string) => report.pools.find((p: { name: string }) => p.name === name);

function inventory(emu: Emulator, inputs: Record<string, string | boolean | number> = {}): Promise<AgentRun> {
  return runAgentTask(emu, {
    task: 'PoolInventoryV1',
    inputs: { ...wifDevOpsInputs(emu), azureSubscription: SAMPLE_IDS.connections.wifArm, ...inputs },
  });
}

describe('e2e: PoolInventory@1 with Managed DevOps Pools', function () {
  this.timeout(60_000);
  let emu: Emulator;
  beforeEach(async () => {
    emu = await startE2eEmulator();
  });
  afterEach(() => emu.close());

  it('reports both sample pools as kind managed with their settings, machines by status and quota', async () => {
    const run = await inventory(emu);
    const report = readJson(run.variables.reportPath);
    assert.deepEqual(inventorySchemaErrors(report), []);
    assert.equal(report.complete, true, tail(run));
    assert.equal(run.variables.managedPoolCount, '2');
    assertNoWrites(run);
    const linux = byName(report, MDP.linux.adoName);
    assert.equal(linux.kind, 'managed');
    assert.equal(linux.managed.maximumConcurrency, 4);
    assert.deepEqual(linux.managed.standby, {
      mode: 'manual',
      timeZone: 'W. Europe Standard Time',
      schedule: 'Mon–Fri 09:00 → 2, 17:00 → 0; Sat–Sun 0',
    });
    assert.deepEqual(linux.managed.machines, { Allocated: 1, Ready: 1, Starting: 1 });
    assert.deepEqual(linux.managed.quota, {
      family: 'standardDADSv5Family',
      vCPUsPerMachine: 2,
      used: 10,
      limit: 24,
      needed: 8,
      fits: true,
    });
    assert.deepEqual(
      linux.managed.organizations.map((o: { parallelism: number }) => o.parallelism),
      [3, 1],
    );
    assert.equal(linux.managed.permissionProfile, 'CreatorOnly');
    const windows = byName(report, MDP.windows.adoName);
    assert.equal(windows.kind, 'managed', 'joined by resource name; org given as https://contoso.visualstudio.com');
    assert.deepEqual(windows.managed.agentProfile, { kind: 'stateful', maxAgentLifetime: '7.00:00:00', gracePeriodTimeSpan: '00:30:00' });
    assert.deepEqual(windows.managed.standby, { mode: 'automatic', predictionPreference: 'Balanced' });
    assert.equal(windows.managed.openAccess, true);
    assert.equal(windows.managed.permissionProfile, 'Inherit');
    assert.equal(byName(report, 'Default').kind, 'selfHosted');
    const summary = uploadedSummary(run).replace(/\\/g, ''); // markdown escapes removed
    assert.match(summary, /\| mdp-linux \| managed \|.*managed: max 4, standby manual; machines: 1 Allocated, 1 Ready, 1 Starting/);
    assert.match(summary, /Standby: manual \(W\. Europe Standard Time\): Mon–Fri 09:00 → 2, 17:00 → 0; Sat–Sun 0/);
    // Listing needs `pools/read` on the subscription; machines, usages and skus are read once per pool / region.
    const arm = requestsTo(run, 'arm', 'GET').map((r) => r.path.replace(/^.*Microsoft\.DevOpsInfrastructure/, ''));
    assert.deepEqual(arm.filter((p) => p.endsWith('/skus') || p.endsWith('/usages')).length, 2);
  });

  it('warns when maximumConcurrency × vCPUs cannot fit in the quota', async () => {
    emu.state.org.computeQuotas![0].limit = 6;
    const run = await inventory(emu);
    const warnings = run.commands.filter((c) => c.command === 'task.issue' && c.properties.type === 'warning').map((c) => c.message);
    assert.ok(
      warnings.some((w) =>
        /Managed DevOps Pool 'mdp-linux' cannot reach its maximum: 4 agents × 2 vCPUs = 8 vCPUs, but the standardDADSv5Family quota in westeurope is 6/.test(
          w,
        ),
      ),
      warnings.join('\n'),
    );
    assert.match(uploadedSummary(run).replace(/\\/g, ''), /\*\*Quota:\*\* Managed DevOps Pool 'mdp-windows' cannot reach its maximum/);
  });

  it('narrows the listing to managedPoolResourceGroups and uses managedPoolsApiVersion', async () => {
    const run = await inventory(emu, { managedPoolResourceGroups: MDP.resourceGroup, managedPoolsApiVersion: '2024-10-19' });
    // 2024-10-19 has no `alias`: the Linux pool (ARM name contoso-mdp-linux) cannot be joined to mdp-linux there.
    assert.equal(run.variables.managedPoolCount, '1', tail(run));
    assert.deepEqual(readJson(run.variables.reportPath).managedPools.unmatched, ['contoso-mdp-linux']);
    const lists = requestsTo(run, 'arm', 'GET').filter((r) => r.path.endsWith('/pools'));
    assert.deepEqual(
      lists.map((r) => [r.path.includes(`/resourceGroups/${MDP.resourceGroup}/`), r.query['api-version']]),
      [[true, '2024-10-19']],
    );
  });

  it('a 403 on the listing makes the report incomplete with the scope named; the Azure DevOps part is still read', async () => {
    emu.state.org.armRoleAssignments = emu.state.org.armRoleAssignments.filter(
      (a) => !(a.role === 'Reader' && a.scope === `/subscriptions/${SAMPLE_IDS.subscriptionId}`),
    );
    const run = await inventory(emu);
    assert.equal(run.result, 'SucceededWithIssues', tail(run));
    const report = readJson(run.variables.reportPath);
    assert.equal(report.complete, false);
    assert.ok(
      report.missing.some(
        (m: { scope: string; reason: string }) =>
          m.scope === `Managed DevOps Pools of subscription ${SAMPLE_IDS.subscriptionId}` && /403 \(AuthorizationFailed\)/.test(m.reason),
      ),
      JSON.stringify(report.missing),
    );
    assert.equal(byName(report, MDP.linux.adoName).kind, 'selfHosted');
    assert.equal(run.variables.poolCount, String(emu.state.org.pools.filter((p) => !p.isHosted).length));
    assert.equal(run.variables.managedPoolCount, '0');
  });

  it('without an ARM connection makes no ARM call and says how to read Managed DevOps Pools', async () => {
    const run = await runAgentTask(emu, { task: 'PoolInventoryV1', inputs: wifDevOpsInputs(emu) });
    assert.deepEqual(requestsTo(run, 'arm'), []);
    const report = readJson(run.variables.reportPath);
    assert.equal(report.managedPools.read, false);
    assert.match(uploadedSummary(run), /Managed DevOps Pools were not read: set the azureSubscription input/);
    assert.equal(run.variables.managedPoolCount, '0');
  });

  it('machine statuses follow the jobs: a finished job turns an Allocated machine Ready', async () => {
    const pool = emu.state.org.pools.find((p) => p.id === MDP.linux.poolId)!;
    emu.state.finishJob(pool.id, pool.agents[0].id);
    const run = await inventory(emu);
    assert.deepEqual(byName(readJson(run.variables.reportPath), MDP.linux.adoName).managed.machines, { Ready: 2, Starting: 1 });
    assert.ok(managedPool(emu, MDP.linux.armName));
  });
});
