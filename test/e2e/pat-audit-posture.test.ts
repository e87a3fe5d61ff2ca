/**
 * PatAudit beyond the token list: tenant and organization PAT policies (PAT009–PAT013), the audit log (PAT014 and
 * churn), and what happens when the identity may not read them (unknown, never a pass, never a failed task).
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SAMPLE_IDS, type Emulator, type OrgSeed, type SeedAuditEntry } from '../../emulator';
import { asDownloadedArtifact } from './baseline-support';
import { assertNoWrites, tail } from './support';
import {
  DAY_MS,
  daysFrom,
  findingsOf,
  identityNamed,
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
const POLICY_RULES = ['PAT009', 'PAT010', 'PAT011', 'PAT012', 'PAT013'];
const TENANT_POLICY = /\/_apis\/TenantPolicy\/Policies\//;
const AUDIT_LOG = /\/_apis\/audit\/auditlog/;

describe('e2e: PatAudit@1 policies and audit log', function () {
  this.timeout(60_000);
  let emu: Emulator | undefined;
  let now: Date;
  beforeEach(() => {
    now = wholeSecondNow();
  });
  afterEach(async () => {
    await emu?.close();
    emu = undefined;
  });
  const start = async (seed: OrgSeed = orgVariant(now)) => (emu = await startEmulatorAt(now, seed));
  const audit = (options: Omit<AuditRunOptions, 'now'> = {}) => runAudit(emu!, 'PatAuditV1', { now, ...options });

  it('the sample: policy rules fire where planted, a leaked token of an owner with a full-access token is critical, churn is counted', async () => {
    await start();
    const run = await audit({ inputs: { failOnSeverity: 'none' } });
    const report = reportOf(run);
    assertNoWrites(run);
    assert.equal(report.complete, true);
    const posture = report.extra?.posture;
    assert.equal(posture.complete, true);
    const state = Object.fromEntries(posture.policies.map((p: { name: string; state: string }) => [p.name, p.state]));
    assert.deepEqual(state, {
      'TenantPolicy.RestrictGlobalPersonalAccessToken': 'on',
      'TenantPolicy.RestrictFullScopePersonalAccessToken': 'off',
      'TenantPolicy.RestrictPersonalAccessTokenLifespan': 'on',
      'TenantPolicy.EnableLeakedPersonalAccessTokenAutoRevocation': 'on',
      'Policy.DisablePATCreation': 'on',
      'Policy.LogAuditEvents': 'on',
    });
    // Planted: full scope unrestricted, a 180-day limit (> 90), a broad group on the allow list. Near misses: on.
    assert.deepEqual(
      report.findings.filter((f) => POLICY_RULES.includes(f.ruleId)).map((f) => `${f.ruleId} ${f.severity}`),
      ['PAT009 medium', 'PAT010 medium', 'PAT012 low'],
    );
    assert.equal(findingsOf(report, 'PAT010')[0].evidence.maxPatLifespanInDays, 180);
    assert.equal(run.variables.policyFindingCount, '3');

    // Bob's deploy-old: found in public, then revoked by the system; Bob still holds 'full access' → critical.
    const leaks = findingsOf(report, 'PAT014');
    assert.deepEqual(
      leaks.map((f) => [f.severity, f.evidence.actionId, f.principal?.mailAddress]),
      [
        ['critical', 'Token.PatPublicDiscoveryEvent', 'bob@contoso.com'],
        ['critical', 'Token.PatSystemRevokeEvent', 'bob@contoso.com'],
      ],
    );
    assert.equal(leaks[0].evidence.liveFullScopeOrGlobalTokens, 'full access');
    assert.equal(run.variables.leakedTokenCount, '1');
    assert.ok(!leaks.some((f) => f.message.includes('Dave')), 'the 45-day-old leak is outside the 30-day window');

    const events = report.extra?.events;
    assert.equal(events.state, 'read');
    assert.equal(events.lookbackDays, 30);
    assert.deepEqual(
      events.churn[0],
      { owner: 'Oscar Owner', created: 5, regenerated: 0, revoked: 0 },
      'the UPN of the event is named as the user',
    );
    assert.ok(events.churn.some((c: { owner: string; revoked: number }) => c.owner === 'Carol Ops' && c.revoked === 1));
    // The audit log was paged (4 entries a page) with the same start and end on every page.
    const pages = requestsMatching(run, 'GET', AUDIT_LOG);
    assert.ok(pages.length >= 3, `paged: ${pages.length}`);
    assert.equal(new Set(pages.map((r) => `${r.query.starttime}|${r.query.endtime}`)).size, 1);
    assert.ok(pages.every((r) => r.query['api-version'] === '7.1-preview.1'));

    const summary = fs.readFileSync(path.join(path.dirname(run.variables.reportPath), 'pat-audit.md'), 'utf8');
    assert.match(summary, /PAT policies/);
    assert.match(summary, /Token churn by owner/);
    assert.match(summary, /deploy-old/);
    const sarif = readValidSarif(run.variables.sarifPath);
    const sarifRules = sarif.runs[0].tool.driver.rules.map((r: { id: string }) => r.id);
    for (const id of [...POLICY_RULES, 'PAT014']) assert.ok(sarifRules.includes(id), `SARIF rule ${id}`);
    assert.ok(sarif.runs[0].results.some((r: { ruleId: string }) => r.ruleId === 'PAT014'));
    const cases = readJUnit(run.variables.junitPath).flatMap((s) => s.testcase);
    assert.ok(
      cases.some((c) => c.classname === 'PAT011' && c.failure === undefined),
      'a policy that is on is a passing case',
    );
    const csv = fs.readFileSync(run.variables.reportPath.replace(/\.json$/, '.csv'), 'utf8');
    assert.match(csv, /PAT009/);
    assert.match(csv, /PAT014/);
  });

  it('an identity that may not read tenant policies or the audit log gets unknown with the reason and the role, never a pass or a failed task', async () => {
    await start(
      orgVariant(now, (seed) => {
        const pca = identityNamed(seed, 'Project Collection Administrators');
        pca.members = pca.members?.filter((m) => m !== ids.wifApp.identityId);
        // Token administration and organization policies yes; tenant policies and the audit log no.
        identityNamed(seed, 'pool-warden-wif').grants = ['graph:read', 'tokenadmin', 'orgpolicy:read'];
      }),
    );
    const run = await audit({ inputs: { failOnSeverity: 'none' } });
    const report = reportOf(run);
    assert.notEqual(run.result, 'Failed', tail(run));
    assert.equal(report.complete, true, "the token audit's own completeness is decided by the tokens");
    const posture = report.extra?.posture;
    assert.equal(posture.complete, false);
    const tenant = posture.policies.filter((p: { source: string }) => p.source === 'tenant');
    assert.equal(tenant.length, 4);
    for (const policy of tenant) {
      assert.equal(policy.state, 'unknown');
      assert.match(policy.reason, /^HTTP 403 \(AccessCheckException\)/);
    }
    assert.ok(posture.policies.some((p: { name: string; state: string }) => p.name === 'Policy.LogAuditEvents' && p.state === 'on'));
    // The token rules still pass somewhere, so a missing `evaluated` list cannot hide a pass of the rules below.
    assert.ok(
      report.evaluated?.some((e) => e.ruleId === 'PAT001'),
      'the report lists the pairs it evaluated',
    );
    for (const id of ['PAT009', 'PAT010', 'PAT011', 'PAT014']) {
      assert.deepEqual(findingsOf(report, id), [], `${id} neither fires`);
      assert.ok(!(report.evaluated ?? []).some((e) => e.ruleId === id), `${id} nor passes`);
    }
    assert.equal(report.extra?.events.state, 'unknown');
    assert.equal(report.extra?.events.complete, false);
    assert.match(report.extra?.events.reason, /HTTP 403/);
    assert.ok(
      run.warnings.filter((w) => /tenant policies/.test(w) && /Azure DevOps Administrator/.test(w)).length === 1,
      run.warnings.join('\n'),
    );
    assert.ok(
      run.warnings.some((w) => /audit log/.test(w) && /View audit log/.test(w)),
      run.warnings.join('\n'),
    );
    const summary = fs.readFileSync(path.join(path.dirname(run.variables.reportPath), 'pat-audit.md'), 'utf8');
    assert.match(summary, /Incomplete: some policies could not be read/);
    assert.match(summary, /Azure DevOps Administrator/);
    assert.match(summary, /View audit log/);
    assert.equal(run.variables.leakedTokenCount, '0');
  });

  it('baseline: policy and leak findings of a run that may not read them are carried as not judged, never resolved', async () => {
    await start();
    const first = await audit({ inputs: { failOnSeverity: 'none' } });
    const judged = reportOf(first).findings.filter((f) => [...POLICY_RULES, 'PAT014'].includes(f.ruleId));
    assert.ok(judged.length >= 4, 'the sample plants policy and leak findings');
    await emu!.close();
    await start(
      orgVariant(now, (seed) => {
        const pca = identityNamed(seed, 'Project Collection Administrators');
        pca.members = pca.members?.filter((m) => m !== ids.wifApp.identityId);
        // Tokens yes; tenant and organization policies and the audit log no.
        identityNamed(seed, 'pool-warden-wif').grants = ['graph:read', 'tokenadmin'];
      }),
    );
    const second = await audit({ inputs: { failOnSeverity: 'none', baselineFile: asDownloadedArtifact(first.variables.reportPath) } });
    const report = reportOf(second) as any;
    assert.equal(second.variables.resolvedFindingCount, '0', tail(second));
    assert.equal(report.baseline.absent, 0);
    assert.deepEqual(report.absent, []);
    assert.deepEqual(
      report.notJudged.map((f: { ruleId: string; baselineState: string }) => `${f.ruleId} ${f.baselineState}`).sort(),
      judged.map((f) => `${f.ruleId} unchanged`).sort(),
    );
    assert.deepEqual(report.notJudgedRules, [...POLICY_RULES, 'PAT014']);
    const sarif = readValidSarif(second.variables.sarifPath);
    const carried = sarif.runs[0].results.filter((r: { ruleId: string }) => [...POLICY_RULES, 'PAT014'].includes(r.ruleId));
    assert.ok(
      carried.length === judged.length &&
        carried.every((r: { baselineState: string; kind: string }) => r.baselineState === 'unchanged' && r.kind === 'open'),
    );
    const summary = fs.readFileSync(path.join(path.dirname(second.variables.reportPath), 'pat-audit.md'), 'utf8');
    assert.match(summary, new RegExp(`0 resolved, ${judged.length} not judged this run`));
  });

  it('404 (not Entra-backed) and 405 (route refuses GET) are unknown too; a 500 is not hidden', async () => {
    await start(
      orgVariant(now, (seed) => {
        delete seed.tenantPolicies;
      }),
    );
    emu!.faults.add({ service: 'ado', path: /\/_settings\/organizationPolicy$/, kind: 'status', status: 405 });
    const run = await audit({ inputs: { failOnSeverity: 'none' } });
    const posture = reportOf(run).extra?.posture;
    assert.equal(posture.complete, false);
    assert.ok(posture.policies.every((p: { state: string }) => p.state === 'unknown'));
    assert.ok(
      posture.policies
        .filter((p: { source: string }) => p.source === 'tenant')
        .every((p: { reason: string }) => /^HTTP 404/.test(p.reason)),
    );
    assert.ok(
      posture.policies
        .filter((p: { source: string }) => p.source === 'organization')
        .every((p: { reason: string }) => /^HTTP 405/.test(p.reason)),
    );
    assert.notEqual(run.result, 'Failed');

    emu!.faults.clear();
    emu!.faults.add({ service: 'auditservice', path: AUDIT_LOG, kind: 'status', status: 500, retryAfterSeconds: 0 });
    const broken = await audit({ inputs: { failOnSeverity: 'none' } });
    assert.equal(broken.result, 'Failed', 'a server error on the audit log is a failure, not an unknown');
  });

  it('checkPolicies false and auditLookbackDays 0 read neither; the reports say so', async () => {
    await start();
    const run = await audit({ inputs: { failOnSeverity: 'none', checkPolicies: false, auditLookbackDays: 0 } });
    const report = reportOf(run);
    assert.deepEqual(requestsMatching(run, 'GET', TENANT_POLICY), []);
    assert.deepEqual(requestsMatching(run, 'GET', /_settings\/organizationPolicy/), []);
    assert.deepEqual(requestsMatching(run, 'GET', AUDIT_LOG), []);
    assert.equal(report.extra?.events.state, 'skipped');
    assert.deepEqual(
      report.findings.filter((f) => [...POLICY_RULES, 'PAT014'].includes(f.ruleId)),
      [],
    );
    assert.equal(run.variables.policyFindingCount, '0');
  });

  it('wrapper body variant; an event one second outside the window stays quiet, one at its start fires', async () => {
    const event = (id: number, msAgo: number): SeedAuditEntry => ({
      id: `e0e00000-0000-4000-8000-00000000000${id}`,
      actionId: 'Token.PatPublicDiscoveryEvent',
      timestamp: new Date(now.getTime() - msAgo).toISOString(),
      area: 'Token',
      category: 'access',
      actorDisplayName: 'Azure DevOps Service',
      details: 'discovered in a public repository',
      data: { OwnerName: 'Alice Admin', DisplayName: `leak-${id}` },
    });
    await start(
      orgVariant(now, (seed) => {
        seed.auditLog = { entries: [event(1, 7 * DAY_MS + 1000), event(2, 7 * DAY_MS)], wrapResponse: true };
      }),
    );
    const run = await audit({ inputs: { failOnSeverity: 'none', auditLookbackDays: 7 } });
    const leaks = findingsOf(reportOf(run), 'PAT014');
    assert.deepEqual(
      leaks.map((f) => f.evidence.tokenName),
      ['leak-2'],
    );
    // Alice still holds the global 'everywhere' token.
    assert.equal(leaks[0].severity, 'critical');
    assert.equal(reportOf(run).extra?.events.window.start, daysFrom(now, -7));
  });

  it('SSH keys: held to maxSshKeyLifetimeDays (exactly the limit passes), labelled as SSH keys, key material never reported', async () => {
    await start(
      orgVariant(now, (seed) => {
        const key = (n: number, name: string, lifetimeDays: number, extraMs = 0) => ({
          authorizationId: `55500000-0000-4000-8000-00000000000${n}`,
          userId: ids.users.heidi,
          displayName: name,
          scope: 'vso.code_write',
          targetAccounts: [ids.orgId],
          validFrom: daysFrom(now, -1),
          validTo: new Date(now.getTime() - DAY_MS + lifetimeDays * DAY_MS + extraMs).toISOString(),
          isPublic: true,
        });
        seed.pats.push(key(1, 'key-200d', 200), key(2, 'key-200d-1s', 200, 1000));
      }),
    );
    const run = await audit({ inputs: { failOnSeverity: 'none', includeSshKeys: true, maxSshKeyLifetimeDays: 200 } });
    const report = reportOf(run);
    assert.deepEqual(findingsOf(report, 'PAT004', { resource: 'key-200d' }), []);
    const over = findingsOf(report, 'PAT004', { resource: 'key-200d-1s' });
    assert.equal(over.length, 1);
    assert.match(over[0].message, /^SSH key 'key-200d-1s'/);
    assert.equal(over[0].evidence.tokenType, 'sshKey');
    assert.equal(over[0].evidence.maxSshKeyLifetimeDays, 200);
    assert.ok(report.extra?.tokens.sshKeyCount >= 3);
    for (const file of run.files()) assert.doesNotMatch(file.content, /publicData|ssh-rsa|BEGIN [A-Z ]*KEY/, path.basename(file.path));
  });
});
