import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { SAMPLE_IDS, type Emulator } from '../../emulator';
import { uploadedSummary } from './inventory-support';
import { inventorySchemaErrors } from './inventory-schema';
import { assertNoWrites, readJson, requestsTo, runAgentTask, startE2eEmulator, tail, type AgentRun } from './support';

/** Signs in with the WIF AzureRM connection, so the inventory can also read the scale sets behind elastic pools. */
function armInventory(emu: Emulator, inputs: Record<string, string | boolean | number> = {}): Promise<AgentRun> {
  return runAgentTask(emu, {
    task: 'PoolInventoryV1',
    inputs: { connectionType: 'azureRM', azureSubscription: SAMPLE_IDS.connections.wifArm, organizationUrl: emu.orgUrl, ...inputs },
  });
}

const byName = (report: any, name: string) => report.pools.find((p: { name: string }) => p.name === name);

describe('e2e: PoolInventory@1 report, outputs and summary', function () {
  this.timeout(60_000);
  let emu: Emulator;
  before(async () => {
    emu = await startE2eEmulator();
  });
  after(() => emu.close());

  describe('every pool with capabilities, through an AzureRM connection', () => {
    let run: AgentRun;
    let report: any;
    before(async () => {
      // Change the live state first, so the test proves the values are read, not remembered.
      emu.state.org.scaleSets.find((s) => s.name === SAMPLE_IDS.scaleSets.elastic)!.capacity = 4;
      run = await armInventory(emu, { includeHosted: true, includeCapabilities: true });
      report = readJson(run.variables.reportPath);
    });

    it('writes a report that matches the schema documented in docs/reports.md, and writes nothing to the organization', () => {
      assert.equal(run.result, 'SucceededWithIssues', tail(run));
      assert.deepEqual(inventorySchemaErrors(report), []);
      assert.equal(report.organization.url, emu.orgUrl);
      assert.equal(report.complete, true);
      assert.deepEqual(report.filters, {
        poolNameFilter: '*',
        poolType: 'all',
        includeHosted: true,
        includeCapabilities: true,
        staleAfterHours: 24,
      });
      assertNoWrites(run);
    });

    it('sets the output variables from the totals, and the totals from what the organization holds', () => {
      const agents = emu.state.org.pools.flatMap((p) => p.agents);
      const expected = {
        poolCount: emu.state.org.pools.length,
        agentCount: agents.length,
        onlineAgentCount: agents.filter((a) => a.status === 'online').length,
        offlineAgentCount: agents.filter((a) => a.status === 'offline').length,
        busyAgentCount: agents.filter((a) => a.assignedRequest).length,
        staleAgentCount: agents.filter((a) => a.status === 'offline' && Date.now() - Date.parse(a.statusChangedOn) > 24 * 3_600_000).length,
      };
      assert.deepEqual(expected, {
        poolCount: 8,
        agentCount: 21,
        onlineAgentCount: 16,
        offlineAgentCount: 5,
        busyAgentCount: 5,
        staleAgentCount: 4,
      });
      const { reportPath, managedPoolCount, ...counts } = run.variables;
      assert.equal(managedPoolCount, '2');
      assert.deepEqual(counts, Object.fromEntries(Object.entries(expected).map(([k, v]) => [k, String(v)])));
      assert.equal(
        path.dirname(reportPath),
        path.join(run.tempDirectory, 'pool-warden'),
        'default report folder: $(Agent.TempDirectory)/pool-warden',
      );
      const t = report.totals;
      assert.deepEqual([t.pools, t.agents, t.online, t.offline, t.busy, t.stale], Object.values(expected));
      for (const key of ['agents', 'online', 'offline', 'busy', 'idle', 'disabled', 'stale']) {
        assert.equal(
          t[key],
          report.pools.reduce((sum: number, p: any) => sum + p.counts[key], 0),
          `totals.${key} is the sum of the pools`,
        );
      }
      assert.deepEqual(byName(report, 'linux-selfhosted').counts, {
        agents: 4,
        online: 3,
        offline: 1,
        busy: 1,
        idle: 1,
        disabled: 1,
        stale: 1,
      });
    });

    it('lists, per pool, the project queues that use it', () => {
      for (const pool of report.pools) {
        const expected = emu.state.org.queues
          .filter((q) => q.poolId === pool.id)
          .map((q) => `${emu.state.project(q.projectId)!.name}/${q.name}#${q.id}`)
          .sort();
        assert.deepEqual(pool.queues.map((q: any) => `${q.projectName}/${q.queueName}#${q.queueId}`).sort(), expected, pool.name);
      }
      assert.equal(byName(report, 'Default').queues.length, 3);
      assert.deepEqual(byName(report, 'deploy-prod').queues, [], 'deployment pools have no project queues');
    });

    it('reports agents: running and last job, stale flag, and capabilities with secret-looking values redacted', () => {
      const build02 = byName(report, 'Default').agents.find((a: any) => a.name === 'build02');
      assert.equal(build02.busy, true);
      assert.equal(build02.currentJob.definitionName, 'platform-ci');
      assert.equal(build02.lastJob.result, 'succeeded');
      const buildOld = byName(report, 'Default').agents.find((a: any) => a.name === 'build-old');
      assert.equal(buildOld.stale, true);
      assert.ok(buildOld.offlineHours >= 959 && buildOld.offlineHours <= 961);
      const build01 = byName(report, 'Default').agents.find((a: any) => a.name === 'build01');
      assert.deepEqual(build01.userCapabilities, { DEPLOY_TOKEN: '[redacted: looks like a secret]', team: 'platform' });
      assert.ok(!JSON.stringify(report).includes('ghp_R4nd0m'), 'the token-like capability value is nowhere in the report');
      assert.equal(build01.systemCapabilities['Agent.OS'], 'Linux');
    });

    it('reports elastic settings, node states and recent log of scale set pools, and the VMSS behind them', () => {
      const pool = byName(report, 'vmss-elastic');
      const seed = emu.state.elasticPool(SAMPLE_IDS.pools.elastic)!;
      assert.equal(pool.kind, 'elastic');
      assert.deepEqual(pool.options, ['elasticPool']);
      assert.deepEqual(
        {
          desiredIdle: pool.elastic.desiredIdle,
          maxCapacity: pool.elastic.maxCapacity,
          timeToLiveMinutes: pool.elastic.timeToLiveMinutes,
          recycleAfterEachUse: pool.elastic.recycleAfterEachUse,
          azureId: pool.elastic.azureId,
        },
        {
          desiredIdle: seed.desiredIdle,
          maxCapacity: seed.maxCapacity,
          timeToLiveMinutes: seed.timeToLiveMinutes,
          recycleAfterEachUse: seed.recycleAfterEachUse,
          azureId: seed.azureId,
        },
      );
      assert.deepEqual(pool.elastic.nodeStates, { idle: 1, assigned: 1, offline: 1 });
      assert.deepEqual(
        pool.elastic.nodes.map((n: any) => [n.name, n.state, n.agentState.join(','), n.computeState]),
        [
          ['vmsselas000000', 'idle', 'enabled,online', 'healthy'],
          ['vmsselas000001', 'assigned', 'enabled,online,assigned', 'healthy'],
          ['vmsselas000002', 'offline', 'enabled', 'unhealthyVm'],
        ],
      );
      assert.equal(pool.elastic.recentLogs[0].level, 'warning', 'newest log entry first');
      assert.deepEqual(pool.scaleSet, {
        resourceId: seed.azureId,
        capacity: 4,
        provisioningState: 'Succeeded',
        orchestrationMode: 'Uniform',
      });
      assert.equal(byName(report, 'vmss-selfmanaged').elastic, undefined, 'a self-managed VMSS pool is a plain self-hosted pool');
      assert.deepEqual(
        requestsTo(run, 'arm')
          .filter((r) => r.path.includes('/Microsoft.Compute/'))
          .map((r) => `${r.method} ${r.path.split('/').at(-1)} ${r.status}`),
        ['GET vmss-elastic-agents 200'],
        'one ARM read per elastic pool',
      );
    });

    it('uploads a markdown summary with totals, every pool, stale agents and scale set state', () => {
      const summary = uploadedSummary(run);
      assert.ok(run.summaries[0].startsWith(run.tempDirectory), 'the summary file is in the agent temp folder');
      assert.match(summary, /^# Pool Warden: agent pool inventory/);
      assert.match(summary, /\| 8 \| 21 \| 16 \| 5 \| 5 \| 10 \| 1 \| 4 \|/);
      for (const pool of report.pools)
        assert.match(summary, new RegExp(`^\\| ${pool.name} \\| ${pool.kind} \\| ${pool.counts.agents} \\|`, 'm'), pool.name);
      assert.match(
        summary,
        /\| vmss-elastic \| elastic \| 3 \| 2 \| 1 \| 0 \| Platform \| standby 1, max 10; nodes: 1 idle, 1 assigned, 1 offline \|/,
      );
      assert.match(summary, /VM scale set \/subscriptions\/.*\/vmss-elastic-agents: capacity 4, Succeeded, Uniform orchestration\./);
      assert.match(summary, /## Stale agents \(offline longer than 24 h\)/);
      for (const name of ['build03', 'build-old', 'lnx-04', 'web-prod-02']) assert.match(summary, new RegExp(`\\| ${name} \\|`));
      assert.match(summary, /\| build-old \| offline 96\d(\.\d)? h \(stale\) \|/);
      assert.ok(!summary.includes('ghp_R4nd0m'));
    });
  });

  it('an unreadable scale set makes the inventory incomplete, not failed', async () => {
    const roles = emu.state.org.armRoleAssignments;
    emu.state.org.armRoleAssignments = roles.filter((r) => r.principalObjectId !== SAMPLE_IDS.wifApp.objectId);
    try {
      const run = await armInventory(emu);
      assert.equal(run.result, 'SucceededWithIssues', tail(run));
      assert.match(run.resultMessage ?? '', /The inventory is incomplete: scale set of pool vmss-elastic/);
      const report = readJson(run.variables.reportPath);
      assert.deepEqual(inventorySchemaErrors(report), []);
      assert.equal(report.complete, false);
      assert.match(byName(report, 'vmss-elastic').scaleSet.unreadable, /HTTP 403 \(AuthorizationFailed\)/);
      assert.equal(run.variables.poolCount, '7', 'everything else was still read');
      assert.match(uploadedSummary(run), /\*\*Incomplete:\*\*[\s\S]*scale set of pool vmss-elastic/);
      assertNoWrites(run);
    } finally {
      emu.state.org.armRoleAssignments = roles;
    }
  });

  it('signed in to Azure DevOps with the WIF connection, reads scale sets with a separate ARM connection (azureSubscription)', async () => {
    const run = await runAgentTask(emu, {
      task: 'PoolInventoryV1',
      connectionIds: [SAMPLE_IDS.connections.wifDevOps, SAMPLE_IDS.connections.readerArm],
      inputs: {
        connectionType: 'azureDevOps',
        azureDevOpsServiceConnection: SAMPLE_IDS.connections.wifDevOps,
        azureSubscription: SAMPLE_IDS.connections.readerArm,
        organizationUrl: emu.orgUrl,
      },
    });
    assert.equal(run.result, 'SucceededWithIssues', tail(run));
    assert.ok(
      requestsTo(run, 'ado').every((r) => r.identityId === SAMPLE_IDS.wifApp.identityId),
      'Azure DevOps as the WIF app',
    );
    assert.deepEqual(
      requestsTo(run, 'arm')
        .filter((r) => r.path.includes('/Microsoft.Compute/'))
        .map((r) => [r.identityId, r.status]),
      [[SAMPLE_IDS.readerApp.objectId, 200]],
      'ARM as the reader app',
    );
    assert.ok(
      requestsTo(run, 'oidc').some((r) => r.query.serviceconnectionid === SAMPLE_IDS.connections.readerArm),
      'the ARM connection federated too',
    );
    const report = readJson(run.variables.reportPath);
    assert.equal(report.complete, true);
    assert.equal(byName(report, 'vmss-elastic').scaleSet.provisioningState, 'Succeeded');
    assertNoWrites(run);
  });

  it('includeScaleSets false: no ARM call, no scale set in the report', async () => {
    const run = await armInventory(emu, { includeScaleSets: false });
    assert.equal(run.result, 'SucceededWithIssues', tail(run));
    assert.equal(requestsTo(run, 'arm').length, 0);
    const report = readJson(run.variables.reportPath);
    assert.equal(byName(report, 'vmss-elastic').scaleSet, undefined);
    assert.ok(byName(report, 'vmss-elastic').elastic, 'elastic settings come from Azure DevOps and are still read');
    assertNoWrites(run);
  });
});
