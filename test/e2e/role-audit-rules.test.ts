import { strict as assert } from 'node:assert';
import { SAMPLE_IDS, type OrgSeed } from '../../emulator';
import {
  addGroup,
  addUser,
  agentNamed,
  assign,
  daysFrom,
  findingsOf,
  identityNamed,
  listFindings,
  orgVariant,
  poolNamed,
  reportOf,
  runAudit,
  startEmulatorAt,
  wholeSecondNow,
  type AuditReportJson,
  type AuditRunOptions,
} from './audit-support';

const ids = SAMPLE_IDS;

/** Runs PoolRoleAudit once against a variant of the sample organization and returns its report. */
async function auditVariant(
  mutate: (seed: OrgSeed, now: Date) => void,
  options: Omit<AuditRunOptions, 'now'> = {},
): Promise<AuditReportJson> {
  const now = wholeSecondNow();
  const emu = await startEmulatorAt(
    now,
    orgVariant(now, (seed) => mutate(seed, now)),
  );
  try {
    const run = await runAudit(emu, 'PoolRoleAuditV1', {
      now,
      inProcess: true,
      ...options,
      inputs: { failOnSeverity: 'none', ...options.inputs },
    });
    const report = reportOf(run);
    assert.equal(run.result, 'SucceededWithIssues', `findings but failOnSeverity none:\n${run.resultMessage}`);
    assert.equal(run.writes.length, 0, 'an audit without remediate writes nothing');
    return report;
  } finally {
    await emu.close();
  }
}

function assertFires(report: AuditReportJson, ruleId: string, where: Parameters<typeof findingsOf>[2], count = 1): void {
  assert.equal(
    findingsOf(report, ruleId, where).length,
    count,
    `${ruleId} on ${JSON.stringify(where)}; findings:\n${listFindings(report, ruleId)}`,
  );
}

function assertSilent(report: AuditReportJson, ruleId: string, where: Parameters<typeof findingsOf>[2]): void {
  assertFires(report, ruleId, where, 0);
}

describe('e2e: PoolRoleAudit@1 rules fire and their near misses do not', function () {
  this.timeout(60_000);

  it('POOL001: a broad group by name or by size holds a use role; not Reader, not exactly the threshold, not hosted pools', async () => {
    const report = await auditVariant(
      (seed) => {
        const people = [1, 2, 3, 4].map((n) => addUser(seed, n, `Crew Member ${n}`));
        assign(seed, 'orgPool', ids.pools.linux, addGroup(seed, 1, 'Release Crew', people), 'User');
        assign(seed, 'orgPool', ids.pools.linux, addGroup(seed, 2, 'Night Shift', people.slice(0, 3)), 'User');
        assign(
          seed,
          'projectAllPools',
          ids.projects.platform,
          addGroup(seed, 3, 'Readers', [], { principalName: '[Platform]\\Readers' }),
          'Reader',
        );
        assign(seed, 'projectQueue', `${ids.projects.platform}_${ids.queues.platformHosted}`, ids.groups.platformContributors, 'User');
      },
      { inputs: { broadGroupMemberThreshold: 3 } },
    );
    assertFires(report, 'POOL001', { resource: 'linux-selfhosted', principal: 'Release Crew' });
    assert.equal(findingsOf(report, 'POOL001', { principal: 'Release Crew' })[0].evidence.effectiveMemberCount, 4);
    assertFires(report, 'POOL001', { resource: 'Platform', principal: 'Contributors' });
    assertSilent(report, 'POOL001', { principal: 'Night Shift' });
    assertSilent(report, 'POOL001', { principal: 'Readers' });
    assertSilent(report, 'POOL001', { resource: 'Azure Pipelines' });
  });

  it('POOL002: a person directly assigned Administrator; not inherited rows, not allowed administrators', async () => {
    const report = await auditVariant(() => {}, { policy: { settings: { allowedAdministrators: ['judy@contoso.com'] } } });
    assertFires(report, 'POOL002', { resource: 'Default', principal: 'Bob Builder' });
    assertFires(report, 'POOL002', { resource: 'contoso', principal: 'Alice Admin' });
    assertSilent(report, 'POOL002', { resource: 'Default', principal: 'Alice Admin' }); // inherited from All agent pools
    assertSilent(report, 'POOL002', { principal: 'Judy Former' });
    assertSilent(report, 'POOL002', { principal: 'Ops Team' }); // a group
  });

  it('POOL003: more effective Administrators than the limit, counted through a group cycle; exactly the limit passes', async () => {
    const linuxAdmins = (seed: OrgSeed) => {
      seed.roleAssignments = seed.roleAssignments.filter(
        (r) => !(r.scopeId === 'distributedtask.agentpoolrole' && r.resourceId === String(ids.pools.linux)),
      );
      // Ops Team ↔ On-Call is a cycle: carol and dave, each counted once.
      assign(seed, 'orgPool', ids.pools.linux, ids.groups.opsTeam, 'Administrator');
      assign(seed, 'orgPool', ids.pools.linux, ids.users.bob, 'Administrator');
    };
    // Inherited from All agent pools: Alice (directly and through Project Collection Administrators) and the
    // pool-warden service principal; assigned: Bob, Carol and Dave through the cycle → 5 distinct identities.
    // Depth 2 is enough for Ops Team → On-Call; the cycle back to Ops Team must be seen as a cycle, not truncation.
    const over = await auditVariant(linuxAdmins, { inputs: { maxAdministrators: 4 }, policy: { settings: { maxGroupDepth: 2 } } });
    assertFires(over, 'POOL003', { resource: 'linux-selfhosted' });
    const evidence = findingsOf(over, 'POOL003', { resource: 'linux-selfhosted' })[0].evidence;
    assert.equal(evidence.effectiveAdministratorCount, 5, JSON.stringify(evidence));
    assert.equal(evidence.truncatedGroupCount, 0, JSON.stringify(evidence));
    const atLimit = await auditVariant(linuxAdmins, { inputs: { maxAdministrators: 5 } });
    assertSilent(atLimit, 'POOL003', { resource: 'linux-selfhosted' });
  });

  it('POOL004: the organization-level Service Account role has members; not the same role at project scope', async () => {
    const report = await auditVariant((seed) => assign(seed, 'projectAllPools', ids.projects.payments, ids.users.ivan, 'Service Account'));
    assertFires(report, 'POOL004', { resource: 'contoso', principal: 'Frank Facilities' });
    assertSilent(report, 'POOL004', { principal: 'Ivan Intern' });
  });

  it('POOL005: a build service holds Administrator (critical); not User', async () => {
    const report = await auditVariant((seed) => assign(seed, 'projectAllPools', ids.projects.website, ids.buildServices.website, 'User'));
    assertFires(report, 'POOL005', { resource: 'linux-selfhosted', principal: 'Project Collection Build Service (contoso)' });
    assertFires(report, 'POOL005', { resource: 'linux-selfhosted', parent: 'Payments', principal: 'Payments Build Service (contoso)' });
    assert.ok(findingsOf(report, 'POOL005').every((f) => f.severity === 'critical'));
    assertSilent(report, 'POOL005', { principal: 'Website Build Service (contoso)' });
  });

  it('POOL006: a self-hosted queue open to all pipelines; not a hosted queue, not per-pipeline grants', async () => {
    const report = await auditVariant((seed) => {
      seed.pipelinePermissions.push({
        projectId: ids.projects.payments,
        queueId: ids.queues.paymentsHosted,
        allPipelines: { authorized: true, authorizedById: ids.users.oscar, authorizedOn: seed.pools[0].createdOn },
        pipelines: [],
      });
    });
    assertFires(report, 'POOL006', { resource: 'linux-selfhosted', parent: 'Payments' });
    assertSilent(report, 'POOL006', { resource: 'Azure Pipelines' });
    assertSilent(report, 'POOL006', { resource: 'Default', parent: 'Platform' });
  });

  it('POOL007: a self-hosted pool auto-provisions; not the hosted pool, not a pool without it', async () => {
    const report = await auditVariant((seed) => (poolNamed(seed, 'vmss-selfmanaged').autoProvision = true));
    assertFires(report, 'POOL007', { resource: 'Default' });
    assertFires(report, 'POOL007', { resource: 'vmss-selfmanaged' });
    assertSilent(report, 'POOL007', { resource: 'Azure Pipelines' });
    assertSilent(report, 'POOL007', { resource: 'linux-selfhosted' });
  });

  it('POOL008: inherited rows on a sensitive pool and its queues; not on a pool with inheritance off, not unlisted pools', async () => {
    const report = await auditVariant(() => {}, { policy: { settings: { sensitivePools: ['linux-*', 'vmss-selfmanaged'] } } });
    const linux = findingsOf(report, 'POOL008', { resource: 'linux-selfhosted' });
    assert.ok(linux.length > 0, listFindings(report));
    assert.ok(linux.every((f) => f.evidence.access === 'inherited'));
    assert.ok(
      linux.some((f) => f.principal?.displayName === 'Frank Facilities'),
      'the org Service Account row is inherited here',
    );
    // Inheritance is off on the org pool 'vmss-selfmanaged': its pool rows are silent, its queues still inherit.
    assert.deepEqual(
      findingsOf(report, 'POOL008', { resource: 'vmss-selfmanaged' })
        .map((f) => f.resource.kind)
        .sort(),
      ['queue', 'queue', 'queue'],
    );
    assertSilent(report, 'POOL008', { resource: 'Default' });
  });

  it('POOL009: an agent offline one second past staleAgentDays; exactly the limit passes', async () => {
    const report = await auditVariant((seed, now) => {
      agentNamed(seed, 'build03').statusChangedOn = daysFrom(now, -14);
      agentNamed(seed, 'lnx-04').statusChangedOn = new Date(Date.parse(daysFrom(now, -14)) - 1000).toISOString();
    });
    assertFires(report, 'POOL009', { resource: 'lnx-04' });
    assertFires(report, 'POOL009', { resource: 'build-old' });
    assertSilent(report, 'POOL009', { resource: 'build03' });
    assertSilent(report, 'POOL009', { resource: 'build01' }); // online
  });

  it('POOL010: a secret-looking user capability, value never copied; not paths, versions, GUIDs or PATH', async () => {
    const secret = 'ghp_R4nd0mL00k1ngT0k3nV4lu3xxxxxxxxxxxxx';
    const report = await auditVariant((seed) => {
      agentNamed(seed, 'build03').userCapabilities = {
        PATH: '/usr/local/bin:/usr/bin',
        JAVA_HOME: '/usr/lib/jvm/java-17',
        MAVEN_VERSION: '3.9.6',
        BUILD_ID: ids.projects.platform,
        team: 'platform',
        FEATURE_ENABLED: 'true',
      };
      agentNamed(seed, 'lnx-01').userCapabilities = { SQL_CONN: 'Server=db;User Id=ci;Password=Winter2026!' };
    });
    assertFires(report, 'POOL010', { resource: 'build01' });
    assertFires(report, 'POOL010', { resource: 'lnx-01' });
    assertSilent(report, 'POOL010', { resource: 'build03' });
    assert.ok(
      !JSON.stringify(report).includes(secret) && !JSON.stringify(report).includes('Winter2026'),
      'capability values never reach the report',
    );
  });

  it('POOL011: an agent allowed to run as root (any key case); not when the value is false', async () => {
    const report = await auditVariant((seed) => {
      agentNamed(seed, 'build03').userCapabilities = { AGENT_ALLOW_RUNASROOT: 'false' };
      agentNamed(seed, 'lnx-01').userCapabilities = { agent_allow_runasroot: 'Yes' };
    });
    assertFires(report, 'POOL011', { resource: 'build02' });
    assertFires(report, 'POOL011', { resource: 'lnx-01' });
    assertSilent(report, 'POOL011', { resource: 'build03' });
  });

  it('POOL012: a role held by a deleted or inactive identity; not active people, not an identity of unknown state', async () => {
    const report = await auditVariant((seed) => {
      identityNamed(seed, 'Ivan Intern').active = false;
      assign(seed, 'projectAllPools', ids.projects.payments, ids.users.ivan, 'User');
    });
    assertFires(report, 'POOL012', { resource: 'Default', principal: 'Judy Former' });
    assertFires(report, 'POOL012', { resource: 'Payments', principal: 'Ivan Intern' });
    assertSilent(report, 'POOL012', { principal: 'Bob Builder' });
    assertSilent(report, 'POOL012', { principal: ids.unresolvableIdentity });
  });

  it('POOL013: no finished job for more than inactivePoolDays; exactly the limit passes', async () => {
    const report = await auditVariant((seed, now) => {
      const lastJobAt = (poolName: string, finishTime: string) => {
        for (const agent of poolNamed(seed, poolName).agents) {
          delete agent.assignedRequest;
          if (agent.lastCompletedRequest) agent.lastCompletedRequest = { ...agent.lastCompletedRequest, finishTime };
        }
      };
      lastJobAt('deploy-prod', new Date(Date.parse(daysFrom(now, -90)) - 1000).toISOString());
      lastJobAt('vmss-selfmanaged', daysFrom(now, -90));
    });
    assertFires(report, 'POOL013', { resource: 'deploy-prod' });
    assertSilent(report, 'POOL013', { resource: 'vmss-selfmanaged' });
    assertSilent(report, 'POOL013', { resource: 'Default' });
  });
});
