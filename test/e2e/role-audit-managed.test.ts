import { strict as assert } from 'node:assert';
import { SAMPLE_IDS, type Emulator } from '../../emulator';
import { orgVariant, runAudit, startEmulatorAt, wholeSecondNow } from './audit-support';
import { MDP } from './managed-pools-support';
import { assertNoWrites, requestsTo, tail } from './support';

describe('e2e: PoolRoleAudit@1 on Managed DevOps Pools', function () {
  this.timeout(60_000);
  const now = wholeSecondNow();
  let emu: Emulator;
  before(async () => {
    emu = await startEmulatorAt(now, orgVariant(now));
  });
  after(() => emu.close());

  it('shows permissionProfile and openAccess, and POOL008 names permissionProfile: Inherit as the cause', async () => {
    const run = await runAudit(emu, 'PoolRoleAuditV1', {
      now,
      inputs: { azureSubscription: SAMPLE_IDS.connections.wifArm },
      policy: { settings: { sensitivePools: ['mdp-*'] } },
    });
    assert.ok(run.report, tail(run));
    assertNoWrites(run);
    const report = run.report as any;
    assert.deepEqual(report.extra.managedPools.map((p: any) => [p.pool, p.permissionProfile, p.openAccess]).sort(), [
      [MDP.linux.adoName, 'CreatorOnly', false],
      [MDP.windows.adoName, 'Inherit', true],
    ]);
    const pool008 = report.findings.filter((f: any) => f.ruleId === 'POOL008');
    const windows = pool008.filter((f: any) => f.evidence.sensitivePool === MDP.windows.adoName);
    assert.ok(windows.length > 0, JSON.stringify(pool008.map((f: any) => f.message)));
    for (const finding of windows) {
      assert.match(finding.message, /The cause is the Managed DevOps Pool's `permissionProfile: Inherit`/);
      assert.equal(finding.evidence.permissionProfile, 'Inherit');
    }
    // CreatorOnly turned inheritance off on mdp-linux: no inherited rows there.
    assert.deepEqual(
      pool008.filter((f: any) => f.evidence.sensitivePool === MDP.linux.adoName),
      [],
    );
    assert.ok(requestsTo(run, 'arm', 'GET').some((r) => r.path.endsWith('/Microsoft.DevOpsInfrastructure/pools')));
  });

  it('without an ARM connection reads no ARM and the report has no managedPools', async () => {
    const run = await runAudit(emu, 'PoolRoleAuditV1', { now });
    assert.ok(run.report, tail(run));
    assert.deepEqual(requestsTo(run, 'arm'), []);
    assert.equal((run.report as any).extra.managedPools, undefined);
  });

  describe('POOL019 on Managed DevOps Pools used by two projects', () => {
    before(() => {
      // Give both sample managed pools a queue in two projects: reused agents would then be shared across projects.
      const [a, b] = emu.state.org.projects;
      for (const [i, poolId] of [MDP.linux.poolId, MDP.windows.poolId].entries()) {
        emu.state.org.queues.push(
          { id: 9100 + i * 2, name: `mdp-${i}-a`, projectId: a.id, poolId },
          { id: 9101 + i * 2, name: `mdp-${i}-b`, projectId: b.id, poolId },
        );
      }
    });
    const pool019 = (report: any, pool: string) => report.findings.filter((f: any) => f.ruleId === 'POOL019' && f.resource.name === pool);

    it('with ARM data: the stateless pool is judged and passes, the stateful one is a finding naming its agent profile', async () => {
      const run = await runAudit(emu, 'PoolRoleAuditV1', { now, inputs: { azureSubscription: SAMPLE_IDS.connections.wifArm } });
      assert.ok(run.report, tail(run));
      const report = run.report as any;
      assert.deepEqual(report.extra.managedPools.map((p: any) => [p.pool, p.agentProfile]).sort(), [
        [MDP.linux.adoName, 'Stateless'],
        [MDP.windows.adoName, 'Stateful'],
      ]);
      assert.deepEqual(pool019(report, MDP.linux.adoName), [], 'a stateless managed pool never reuses an agent');
      const [stateful] = pool019(report, MDP.windows.adoName);
      assert.ok(stateful, JSON.stringify(report.findings.filter((f: any) => f.ruleId === 'POOL019').map((f: any) => f.resource.name)));
      assert.equal(stateful.evidence.managedPoolAgentProfile, 'Stateful');
    });

    it('without ARM data: judged as a self-hosted pool, the evidence saying the agent profile was not read', async () => {
      const run = await runAudit(emu, 'PoolRoleAuditV1', { now });
      assert.ok(run.report, tail(run));
      const [linux] = pool019(run.report as any, MDP.linux.adoName);
      assert.ok(linux, tail(run));
      assert.match(linux.evidence.managedPoolAgentProfile, /^not read: /);
    });
  });
});
