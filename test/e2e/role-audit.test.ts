import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import { SAMPLE_IDS, type Emulator } from '../../emulator';
import { POOL_RULE_IDS } from '../../tasks/common/audit/catalog';
import { assertNoWrites, tail } from './support';
import {
  daysFrom,
  duplicates,
  findingsOf,
  identityNamed,
  listFindings,
  orgVariant,
  readJUnit,
  readValidSarif,
  reportOf,
  requestsMatching,
  runAudit,
  startEmulatorAt,
  wholeSecondNow,
  type AuditRunOptions,
} from './audit-support';

const ids = SAMPLE_IDS;
const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;

/** A policy that turns off every rule except `keep`. */
function onlyRules(...keep: string[]) {
  return { rules: Object.fromEntries(POOL_RULE_IDS.filter((id) => !keep.includes(id)).map((id) => [id, { enabled: false }])) };
}

describe('e2e: PoolRoleAudit@1 against the sample organization', function () {
  this.timeout(60_000);
  let emu: Emulator;
  let now: Date;
  beforeEach(async () => {
    now = wholeSecondNow();
    emu = await startEmulatorAt(now, orgVariant(now));
  });
  afterEach(() => emu.close());
  const audit = (options: Omit<AuditRunOptions, 'now'> = {}) => runAudit(emu, 'PoolRoleAuditV1', { now, ...options });

  it('reads only, sets every output, and writes JSON, valid SARIF and JUnit that agree with each other', async () => {
    const run = await audit();
    const report = reportOf(run);
    assertNoWrites(run);
    assert.equal(run.result, 'Failed', 'critical findings fail the default threshold (high)');
    assert.match(run.resultMessage ?? '', /critical/);
    assert.equal(report.complete, true);

    const unexempted = report.findings.filter((f) => !f.exemption);
    assert.equal(run.variables.findingCount, String(unexempted.length));
    for (const severity of SEVERITIES) {
      const count = report.findings.filter((f) => f.severity === severity).length;
      assert.equal(run.variables[`${severity}Count`], String(count), severity);
      assert.equal(report.summary[severity], count);
    }
    for (const severity of SEVERITIES) assert.ok(report.summary[severity] > 0, `the sample has ${severity} findings`);
    for (const name of ['reportPath', 'sarifPath', 'junitPath']) assert.ok(fs.existsSync(run.variables[name]), name);

    const sarif = readValidSarif(run.variables.sarifPath);
    const results = sarif.runs[0].results as { ruleId: string; level: string }[];
    assert.equal(results.length, report.findings.length);
    assert.deepEqual([...new Set(results.map((r) => r.ruleId))].sort(), [...new Set(report.findings.map((f) => f.ruleId))].sort());
    assert.ok(results.filter((r) => r.level === 'error').length >= report.summary.critical + report.summary.high);

    const suites = readJUnit(run.variables.junitPath);
    const cases = suites.flatMap((suite) => suite.testcase);
    const failed = cases.filter((c) => c.failure !== undefined);
    const pairs = new Set(report.findings.map((f) => `${f.ruleId}|${f.resource.kind}:${f.resource.id}:${f.resource.parent?.id ?? ''}`));
    assert.equal(failed.length, pairs.size, 'one failing case per rule × resource with findings');
    assert.ok(cases.length > failed.length, 'evaluated rule × resource pairs without findings pass');
    assert.equal(new Set(cases.map((c) => `${c.classname}|${c.name}`)).size, cases.length, 'test case names are unique');
    assert.equal(
      suites.reduce((sum, suite) => sum + suite.failures, 0),
      failed.length,
    );
  });

  it('resolves each identity and group once, expands the Ops Team ↔ On-Call cycle, and lists a holder graph cannot resolve', async () => {
    const run = await audit({ inputs: { failOnSeverity: 'none' } });
    const report = reportOf(run);
    const lookedUp = requestsMatching(run, 'POST', /\/graph\/subjectlookup$/).flatMap((r) =>
      ((r.body as { lookupKeys: { descriptor: string }[] }).lookupKeys ?? []).map((k) => k.descriptor),
    );
    assert.ok(lookedUp.length > 10);
    assert.deepEqual(duplicates(lookedUp), [], 'a descriptor was looked up twice');
    for (const pattern of [
      /\/graph\/Memberships\//i,
      /\/graph\/membershipstates\//i,
      /\/graph\/descriptors\//i,
      /\/graph\/storagekeys\//i,
      /\/_apis\/identities/i,
    ]) {
      const paths = run.requests.filter((r) => pattern.test(r.path)).map((r) => `${r.path}?${new URLSearchParams(r.query)}`);
      assert.deepEqual(duplicates(paths), [], `repeated ${pattern}`);
    }
    const memberships = requestsMatching(run, 'GET', /\/graph\/Memberships\//i).map((r) => r.path);
    for (const group of ['Ops Team', 'On-Call']) {
      const descriptor = identityNamed(orgVariant(now), group).descriptor;
      assert.equal(memberships.filter((p) => p.endsWith(`/${descriptor}`)).length, 1, `${group} members read once`);
    }
    // linux-selfhosted Administrators: Alice (direct and through Project Collection Administrators), the
    // pool-warden service principal, the collection build service, Bob, Carol and Dave (direct and again through
    // the Ops Team ↔ On-Call cycle), Erin, Grace, Heidi: 9 distinct, each counted once.
    const linux = findingsOf(report, 'POOL003', { resource: 'linux-selfhosted' })[0];
    assert.ok(linux, listFindings(report, 'POOL003'));
    assert.match(linux.message, /Ops Team/);
    assert.equal(linux.evidence.effectiveAdministratorCount, 9, JSON.stringify(linux.evidence));

    // The role holder graph cannot resolve: listed, warned about, summarised; the audit is still complete.
    assert.equal(report.complete, true, JSON.stringify(report.missing));
    assert.deepEqual(report.extra?.unresolvedIdentities, [
      { id: ids.unresolvableIdentity, displayName: ids.unresolvableIdentity, roles: ["Reader on agent pool 'Default'"] },
    ]);
    assert.ok(
      run.warnings.some((w) => w.includes(ids.unresolvableIdentity) && /could not be resolved/.test(w)),
      run.warnings.join('\n'),
    );
    assert.ok(!report.findings.some((f) => f.principal?.id === ids.unresolvableIdentity), 'an unknown identity is not guessed into a rule');
    const summary = fs.readFileSync(run.variables.reportPath.replace(/\.json$/, '.md'), 'utf8');
    assert.match(summary, /Unresolved identities/);
    assert.ok(summary.includes(ids.unresolvableIdentity));
  });

  it('a 403 on one scope makes the report incomplete, names the scope, and never looks clean', async () => {
    const policy = onlyRules(); // every rule off: only completeness decides the result
    const clean = await audit({ policy });
    assert.equal(clean.result, 'Succeeded', tail(clean));
    assert.equal(reportOf(clean).complete, true);

    const queue = `${ids.projects.payments}_${ids.queues.paymentsLinuxOpen}`;
    emu.faults.add({ service: 'ado', path: new RegExp(`agentqueuerole/roleassignments/resources/${queue}$`), kind: 'status', status: 403 });
    const partial = await audit({ policy });
    const report = reportOf(partial);
    assert.equal(partial.result, 'SucceededWithIssues', tail(partial));
    assert.equal(report.complete, false);
    assert.equal(report.missing.length, 1, JSON.stringify(report.missing));
    assert.ok(report.missing[0].scope.includes(queue) && /403/.test(report.missing[0].reason), JSON.stringify(report.missing));
    assert.ok(partial.warnings.some((w) => w.startsWith('Not audited') && w.includes(queue)));
    const coverage = readJUnit(partial.variables.junitPath).find((suite) => suite.name === 'coverage');
    assert.ok(
      coverage && coverage.testcase.length === 1 && coverage.testcase[0].name.includes(queue),
      'JUnit shows the unread scope as an error',
    );

    const withRules = await audit({ inputs: { failOnSeverity: 'none' } });
    assert.equal(withRules.result, 'SucceededWithIssues');
    assert.equal(findingsOf(reportOf(withRules), 'POOL005', { parent: 'Payments' }).length, 0, 'the unreadable queue is not judged');
    assert.equal(findingsOf(reportOf(withRules), 'POOL005', { resource: 'linux-selfhosted' }).length, 1, 'the rest is');
    assertNoWrites(withRules);
  });

  it('exemptions: an active one marks its finding and stops it counting; an expired one stops applying and is listed', async () => {
    const today = now.toISOString().slice(0, 10);
    const yesterday = daysFrom(now, -1).slice(0, 10);
    const run = await audit({
      inputs: { failOnSeverity: 'none' },
      policy: [
        'exemptions:',
        '  - rule: POOL002',
        '    resource: Default',
        '    principal: bob@contoso.com',
        '    reason: Bob migrates the pool this week',
        `    expires: ${today}`, // applies through 23:59:59 UTC today
        '  - rule: POOL007',
        '    resource: Default',
        '    reason: Auto-provision needed until the new projects exist',
        `    expires: ${daysFrom(now, 30).slice(0, 10)}`,
        '  - rule: POOL004',
        '    principal: Frank Facilities',
        '    resource: "*"',
        '    reason: Facilities agent registration',
        `    expires: ${yesterday}`,
        '',
      ].join('\n'),
    });
    const report = reportOf(run);
    const bob = findingsOf(report, 'POOL002', { resource: 'Default', principal: 'Bob Builder' });
    assert.equal(bob.length, 1);
    assert.ok(bob[0].exemption, 'exempted findings stay in the report, marked');
    assert.ok(
      !findingsOf(report, 'POOL002', { resource: 'linux-selfhosted', principal: 'Bob Builder' })[0].exemption,
      'the exemption names one resource',
    );
    const frank = findingsOf(report, 'POOL004', { principal: 'Frank Facilities' });
    assert.equal(frank.length, 1);
    assert.equal(frank[0].exemption, undefined, 'an expired exemption does not apply');
    assert.deepEqual(
      report.expiredExemptions.map((e) => [e.rule, e.expires]),
      [['POOL004', yesterday]],
    );
    assert.ok(
      run.warnings.some((w) => w.includes('POOL004') && w.includes(yesterday)),
      run.warnings.join('\n'),
    );
    assert.ok(findingsOf(report, 'POOL007', { resource: 'Default' })[0].exemption);
    assert.equal(run.variables.findingCount, String(report.findings.length - 2));

    const sarifResults = readValidSarif(run.variables.sarifPath).runs[0].results as { ruleId: string; suppressions?: unknown[] }[];
    assert.deepEqual(
      sarifResults
        .filter((r) => r.suppressions?.length)
        .map((r) => r.ruleId)
        .sort(),
      ['POOL002', 'POOL007'],
      'exempted SARIF results are suppressed',
    );
    // POOL002 on Default still fails (Judy is not exempted); POOL007 on Default has only exempted findings.
    const cases = readJUnit(run.variables.junitPath).flatMap((s) => s.testcase);
    assert.deepEqual(
      cases.filter((c) => c.skipped !== undefined).map((c) => c.classname),
      ['POOL007'],
    );
    assert.ok(cases.some((c) => c.classname === 'POOL002' && c.failure !== undefined && /Default/.test(c.name)));
  });

  it('an invalid policy file fails before any Azure DevOps call, naming the file and the path of each bad key', async () => {
    const run = await audit({
      policy:
        'settings:\n  maxAdministrators: five\nrules:\n  POOL099: { enabled: false }\nexemptions:\n  - rule: POOL001\n    resource: Default\n    reason: x\n    expires: 2026-13-01\n',
    });
    assert.equal(run.result, 'Failed');
    const message = `${run.resultMessage}\n${run.errors.join('\n')}`;
    assert.match(message, /policy\.yml/);
    assert.match(message, /settings\.maxAdministrators/);
    assert.match(message, /rules\.POOL099/);
    assert.match(message, /exemptions\[0\]\.expires/);
    assert.deepEqual(
      run.requests.filter((r) => r.service === 'ado' || r.service === 'vssps').map((r) => r.path),
      [],
    );
  });

  it('failOnSeverity: fails at or above the threshold, SucceededWithIssues below it, never with none', async () => {
    const results: Record<string, string | undefined> = {};
    results['all/critical'] = (await audit({ inputs: { failOnSeverity: 'critical' } })).result;
    // Only POOL009 (low) and POOL002 (medium) left.
    for (const threshold of ['high', 'medium'])
      results[`medium/${threshold}`] = (
        await audit({ inputs: { failOnSeverity: threshold }, policy: onlyRules('POOL002', 'POOL009') })
      ).result;
    for (const threshold of ['medium', 'low'])
      results[`low/${threshold}`] = (await audit({ inputs: { failOnSeverity: threshold }, policy: onlyRules('POOL009') })).result;
    assert.deepEqual(results, {
      'all/critical': 'Failed',
      'medium/high': 'SucceededWithIssues',
      'medium/medium': 'Failed',
      'low/medium': 'SucceededWithIssues',
      'low/low': 'Failed',
    });
  });
});

describe('e2e: PoolRoleAudit@1 remediation', function () {
  this.timeout(60_000);
  let emu: Emulator;
  let now: Date;
  beforeEach(async () => {
    now = wholeSecondNow();
    emu = await startEmulatorAt(now, orgVariant(now));
  });
  afterEach(() => emu.close());
  const audit = (inputs: Record<string, string | boolean>) =>
    runAudit(emu, 'PoolRoleAuditV1', { now, inputs: { failOnSeverity: 'none', ...inputs } });

  const roleOf = (scopeId: string, resourceId: string, identityId: string) =>
    emu.state.org.roleAssignments.find((r) => r.scopeId === scopeId && r.resourceId === resourceId && r.identityId === identityId)?.role;
  const openToAll = (queueId: number) =>
    emu.state.org.pipelinePermissions.find((p) => p.queueId === queueId)?.allPipelines?.authorized === true;
  const autoProvision = (poolId: number) => emu.state.org.pools.find((p) => p.id === poolId)?.autoProvision;

  it('dry run prints the exact changes, records them as planned, and writes nothing', async () => {
    const run = await audit({ remediate: true, dryRun: true });
    assertNoWrites(run);
    const report = reportOf(run);
    const actions = report.extra?.remediation.actions as {
      ruleId: string;
      target: string;
      before: string;
      after: string;
      status: string;
    }[];
    assert.equal(report.extra?.remediation.dryRun, true);
    assert.ok(actions.length >= 4, JSON.stringify(actions));
    assert.ok(actions.every((a) => a.status === 'planned'));
    for (const a of actions)
      assert.ok(run.stdout.includes(`${a.ruleId} ${a.target}: ${a.before} → ${a.after}`), `stdout shows ${a.target}`);
    assert.ok(run.stdout.includes("POOL001 Contributors on project 'Platform': User → Reader"), tail(run));
    assert.ok(
      run.stdout.includes("POOL006 queue 'linux-selfhosted' in project 'Payments': open to all pipelines → only authorized pipelines"),
    );
    assert.ok(run.stdout.includes("POOL007 pool 'Default': auto-provision queues in every project → no auto-provisioning"));
    assert.equal(roleOf('distributedtask.globalagentqueuerole', ids.projects.platform, ids.groups.platformContributors), 'User');
    assert.equal(openToAll(ids.queues.paymentsLinuxOpen), true);
    assert.equal(autoProvision(ids.pools.default), true);
  });

  it('remediateRules limits the fixes, and exempted findings are never fixed', async () => {
    const run = await runAudit(emu, 'PoolRoleAuditV1', {
      now,
      inputs: { failOnSeverity: 'none', remediate: true, dryRun: true, remediateRules: 'POOL001' },
      policy: {
        exemptions: [
          {
            rule: 'POOL001',
            resource: 'Payments',
            principal: 'Project Valid Users',
            reason: 'Payments onboarding',
            expires: daysFrom(now, 30).slice(0, 10),
          },
        ],
      },
    });
    assertNoWrites(run);
    const actions = reportOf(run).extra?.remediation.actions as { ruleId: string; target: string }[];
    assert.ok(actions.length > 0);
    assert.deepEqual([...new Set(actions.map((a) => a.ruleId))], ['POOL001']);
    assert.ok(!actions.some((a) => a.target.includes("'Payments'")), JSON.stringify(actions));
  });

  it('a real run downgrades broad groups, closes open pipeline access, turns off auto-provision, and records before/after', async () => {
    const run = await audit({ remediate: true });
    const report = reportOf(run);
    const actions = report.extra?.remediation.actions as { ruleId: string; kind: string; before: string; after: string; status: string }[];
    assert.ok(actions.length >= 4);
    assert.ok(
      actions.every((a) => a.status === 'done'),
      JSON.stringify(actions, null, 2),
    );
    assert.deepEqual([...new Set(actions.map((a) => a.kind))].sort(), ['closeOpenAccess', 'disableAutoProvision', 'downgradeRoleToReader']);
    assert.ok(actions.every((a) => a.before && a.after && a.before !== a.after));
    assert.ok(run.writes.length >= actions.length, 'the fixes went through the REST API');

    assert.equal(roleOf('distributedtask.globalagentqueuerole', ids.projects.platform, ids.groups.platformContributors), 'Reader');
    assert.equal(
      roleOf('distributedtask.agentqueuerole', `${ids.projects.website}_${ids.queues.websiteDefault}`, ids.groups.websiteValidUsers),
      'Reader',
    );
    assert.equal(openToAll(ids.queues.paymentsLinuxOpen), false);
    assert.equal(autoProvision(ids.pools.default), false);

    const after = reportOf(await audit({}));
    for (const rule of ['POOL001', 'POOL006', 'POOL007'])
      assert.deepEqual(findingsOf(after, rule), [], `${rule} fixed:\n${listFindings(after, rule)}`);
  });
  it('a fix the service refuses is recorded as failed, the others still apply, and the task fails', async () => {
    emu.faults.add({
      service: 'ado',
      method: 'PATCH',
      path: new RegExp(`/distributedtask/pools/${ids.pools.default}$`),
      kind: 'status',
      status: 400,
    });
    const run = await audit({ remediate: true });
    assert.equal(run.result, 'Failed', 'failOnSeverity none, but a requested fix did not happen');
    assert.match(run.resultMessage ?? '', /Remediation failed for 1 of \d+ fixes/);
    const actions = reportOf(run).extra?.remediation.actions as { ruleId: string; status: string; error?: string }[];
    assert.deepEqual(
      actions.filter((a) => a.status === 'failed').map((a) => a.ruleId),
      ['POOL007'],
    );
    assert.ok(actions.filter((a) => a.ruleId !== 'POOL007').every((a) => a.status === 'done'));
    assert.equal(autoProvision(ids.pools.default), true, 'the refused change did not happen');
    assert.equal(openToAll(ids.queues.paymentsLinuxOpen), false, 'the others did');
  });
});
