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
});
