import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SAMPLE_IDS, type Emulator, type OrgSeed, type SeedPat } from '../../emulator';
import { assertNoWrites, tail } from './support';
import {
  addUser,
  daysFrom,
  duplicates,
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
  type AuditReportJson,
  type AuditRunOptions,
} from './audit-support';

const ids = SAMPLE_IDS;
const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
const TOKEN_ADMIN = /\/_apis\/tokenadmin\/personalaccesstokens\//;

/** Findings as comparable lines (rule, severity, token, owner). */
function signature(report: AuditReportJson): string[] {
  return report.findings.map((f) => `${f.ruleId} ${f.severity} ${f.resource.id} ${f.principal?.displayName}`).sort();
}

/** The sample organization plus `extraUsers` users with `tokensEach` tokens each (for paging). */
function crowdedOrg(now: Date, extraUsers: number, tokensEach: number): OrgSeed {
  return orgVariant(now, (seed) => {
    for (let u = 1; u <= extraUsers; u++) {
      const userId = addUser(seed, u, `Paged User ${u}`);
      for (let t = 1; t <= tokensEach; t++) {
        seed.pats.push({
          authorizationId: `c0a70000-0000-4000-8000-${(u * 100 + t).toString(16).padStart(12, '0')}`,
          userId,
          displayName: `paged-${u}-${t}`,
          scope: t === 1 ? 'app_token' : 'vso.build',
          targetAccounts: t === 2 ? null : [ids.orgId],
          validFrom: daysFrom(now, -10),
          validTo: daysFrom(now, t * 10),
        } satisfies SeedPat);
      }
    }
  });
}

describe('e2e: PatAudit@1 against the sample organization', function () {
  this.timeout(60_000);
  let emu: Emulator;
  let now: Date;
  beforeEach(async () => {
    now = wholeSecondNow();
    emu = await startEmulatorAt(now, orgVariant(now));
  });
  afterEach(() => emu.close());
  const audit = (options: Omit<AuditRunOptions, 'now'> = {}) => runAudit(emu, 'PatAuditV1', { now, ...options });

  it('reads only, sets every output, names owners (never a token value), and writes valid SARIF and JUnit', async () => {
    const run = await audit();
    const report = reportOf(run);
    assertNoWrites(run);
    assert.equal(run.result, 'Failed', 'high findings fail the default threshold');
    assert.equal(report.complete, true);
    assert.equal(run.variables.findingCount, String(report.findings.filter((f) => !f.exemption).length));
    for (const severity of SEVERITIES)
      assert.equal(run.variables[`${severity}Count`], String(report.findings.filter((f) => f.severity === severity).length), severity);

    // Sample: one global token (Alice 'everywhere'), one full-scope (Bob 'full access'); expiring = notice window.
    assert.equal(run.variables.globalTokenCount, '1');
    assert.equal(run.variables.fullScopeTokenCount, '1');
    const live = emu.state.org.pats.filter((p) => !p.isPublic && (p.isValid ?? true) && Date.parse(p.validTo) > now.getTime());
    const expiring = live.filter((p) => Date.parse(p.validTo) - now.getTime() <= 30 * 86_400_000);
    assert.equal(run.variables.expiringTokenCount, String(expiring.length));
    assert.equal(report.extra?.tokens.globalTokens[0].owner.displayName, 'Alice Admin');
    assert.equal(report.extra?.tokens.globalTokens[0].owner.mailAddress, 'alice@contoso.com');

    // Token findings name their owner; policy findings (PAT009–PAT013) have none.
    const tokenFindings = report.findings.filter((finding) => finding.resource.kind === 'pat');
    assert.ok(tokenFindings.length > 0, 'the sample has token findings');
    for (const f of tokenFindings) {
      assert.ok(f.principal?.displayName && f.principal.mailAddress, `${f.ruleId} on ${f.resource.name} names its owner`);
    }
    // No token value anywhere: no "token"/"alternateToken" field with a value in any written file.
    for (const file of run.files()) assert.doesNotMatch(file.content, /"(alternateToken|token)"\s*:\s*"/, path.basename(file.path));

    const summary = fs.readFileSync(path.join(path.dirname(run.variables.reportPath), 'pat-audit.md'), 'utf8');
    assert.match(summary, /Global tokens/);
    assert.match(summary, /alice@contoso\.com/);
    assert.match(summary, /Expiring soon, by owner/);
    assert.match(summary, /Bob Builder/);

    const sarif = readValidSarif(run.variables.sarifPath);
    assert.equal(sarif.runs[0].results.length, report.findings.length);
    const cases = readJUnit(run.variables.junitPath).flatMap((s) => s.testcase);
    const pairs = new Set(report.findings.map((f) => `${f.ruleId}|${f.resource.id}`));
    assert.equal(cases.filter((c) => c.failure !== undefined).length, pairs.size);
  });

  it('a user whose token list fails makes the report incomplete (listed) and at least SucceededWithIssues', async () => {
    const bob = identityNamed(emu.state.org, 'Bob Builder').descriptor;
    emu.faults.add({ service: 'vssps', path: new RegExp(`${TOKEN_ADMIN.source}${bob}/?$`), kind: 'status', status: 404 });
    const run = await audit({ inputs: { failOnSeverity: 'none' } });
    const report = reportOf(run);
    assert.equal(run.result, 'SucceededWithIssues', tail(run));
    assert.equal(report.complete, false);
    assert.equal(report.missing.length, 1);
    assert.match(report.missing[0].scope, /bob@contoso\.com/);
    assert.ok(run.warnings.some((w) => /Not audited/.test(w) && w.includes('bob@contoso.com')));
    assert.deepEqual(
      report.findings.filter((f) => f.principal?.displayName === 'Bob Builder' && f.resource.kind === 'pat'),
      [],
      "Bob's tokens were not read",
    );
    assert.ok(
      report.findings.some((f) => f.principal?.displayName === 'Alice Admin'),
      'everyone else was',
    );
  });

  it('a caller without token admin rights fails with a message that says Project Collection Administrator is needed', async () => {
    await emu.close();
    emu = await startEmulatorAt(
      now,
      orgVariant(now, (seed) => {
        const pca = identityNamed(seed, 'Project Collection Administrators');
        pca.members = pca.members?.filter((m) => m !== ids.wifApp.identityId);
        const wif = identityNamed(seed, 'pool-warden-wif');
        wif.grants = wif.grants?.filter((g) => g !== 'tokenadmin');
      }),
    );
    const run = await audit();
    assert.equal(run.result, 'Failed');
    assert.match(run.resultMessage ?? '', /Project Collection Administrators?/, run.resultMessage);
    assert.match(run.resultMessage ?? '', /token/i);
    assertNoWrites(run);
  });

  it('exemptions: active ones mark findings by user + token name or authorization id; expired ones stop applying and are listed', async () => {
    const yesterday = daysFrom(now, -1).slice(0, 10);
    const today = now.toISOString().slice(0, 10);
    const daveToken = emu.state.org.pats.find((p) => p.displayName === 'long-lived')!.authorizationId;
    const run = await audit({
      inputs: { failOnSeverity: 'none' },
      policy: {
        exemptions: [
          { rule: 'PAT001', principal: 'bob@contoso.com', tokenName: 'full*', reason: 'Break-glass token', expires: yesterday },
          { rule: 'PAT004', authorizationId: daveToken, reason: 'Vendor integration, SEC-123', expires: today },
        ],
      },
    });
    const report = reportOf(run);
    const bob = findingsOf(report, 'PAT001', { resource: 'full access' });
    assert.equal(bob.length, 1);
    assert.equal(bob[0].exemption, undefined, 'expired: no longer applies');
    assert.deepEqual(
      report.expiredExemptions.map((e) => [e.rule, e.expires]),
      [['PAT001', yesterday]],
    );
    assert.ok(run.warnings.some((w) => w.includes('PAT001') && w.includes(yesterday)));
    const dave = findingsOf(report, 'PAT004', { resource: 'long-lived' });
    assert.ok(dave[0]?.exemption, 'active through the end of today (UTC)');
    assert.equal(run.variables.findingCount, String(report.findings.length - 1));
  });

  it('includeSshKeys also lists SSH keys (isPublic=true), marked as such', async () => {
    const without = reportOf(await audit({ inputs: { failOnSeverity: 'none' } }));
    assert.deepEqual(findingsOf(without, 'PAT003', { resource: 'ssh key' }), []);
    const run = await audit({ inputs: { failOnSeverity: 'none', includeSshKeys: true } });
    assert.ok(requestsMatching(run, 'GET', TOKEN_ADMIN).some((r) => r.query.ispublic === 'true'));
    const ssh = findingsOf(reportOf(run), 'PAT003', { resource: 'ssh key' });
    assert.equal(ssh.length, 1, "Heidi's SSH key carries vso.code_write");
    assert.equal(ssh[0].evidence.tokenType, 'sshKey');
  });

  it('revocation dry run lists owner, token name and authorization id, and writes nothing', async () => {
    const before = emu.state.org.pats.map((p) => p.authorizationId);
    const run = await audit({ inputs: { failOnSeverity: 'none', revoke: 'global', dryRun: true } });
    assertNoWrites(run);
    const everywhere = emu.state.org.pats.find((p) => p.displayName === 'everywhere')!;
    assert.ok(run.stdout.includes(`Alice Admin <alice@contoso.com>: 'everywhere' (${everywhere.authorizationId})`), tail(run));
    const revocation = reportOf(run).extra?.revocation;
    assert.equal(revocation.dryRun, true);
    assert.deepEqual(
      revocation.candidates.map((c: any) => [c.owner, c.mail, c.name, c.authorizationId, c.revoked]),
      [['Alice Admin', 'alice@contoso.com', 'everywhere', everywhere.authorizationId, false]],
    );
    assert.deepEqual(
      emu.state.org.pats.map((p) => p.authorizationId),
      before,
    );
  });

  it('real revocation removes the selected tokens from the organization and records them', async () => {
    const idOf = (name: string) => emu.state.org.pats.find((p) => p.displayName === name)?.authorizationId;
    const everywhere = idOf('everywhere')!;
    const fullAccess = idOf('full access')!;
    const expired = idOf('expired')!;
    const count = emu.state.org.pats.length;

    const global = await audit({ inputs: { failOnSeverity: 'none', revoke: 'global' } });
    assert.equal(global.result, 'SucceededWithIssues', tail(global));
    assert.deepEqual(
      global.writes.map((w) => `${w.method} ${w.path.replace(/^.*_apis/, '')}`),
      ['POST /tokenadmin/revocations'],
    );
    assert.deepEqual(
      reportOf(global).extra?.revocation.candidates.map((c: any) => [c.authorizationId, c.revoked]),
      [[everywhere, true]],
    );
    assert.equal(idOf('everywhere'), undefined, 'the global token is gone');

    const full = await audit({ inputs: { failOnSeverity: 'none', revoke: 'fullScope' } });
    assert.deepEqual(
      reportOf(full).extra?.revocation.candidates.map((c: any) => [c.authorizationId, c.revoked]),
      [[fullAccess, true]],
    );
    const dead = await audit({ inputs: { failOnSeverity: 'none', revoke: 'expired' } });
    assert.deepEqual(
      reportOf(dead).extra?.revocation.candidates.map((c: any) => [c.authorizationId, c.revoked]),
      [[expired, true]],
    );
    assert.equal(emu.state.org.pats.length, count - 3);
    assert.deepEqual([idOf('full access'), idOf('expired')], [undefined, undefined]);

    const after = await audit({ inputs: { failOnSeverity: 'none' } });
    assert.equal(after.variables.globalTokenCount, '0');
    assert.equal(after.variables.fullScopeTokenCount, '0');
    assert.deepEqual(
      [...findingsOf(reportOf(after), 'PAT001'), ...findingsOf(reportOf(after), 'PAT002'), ...findingsOf(reportOf(after), 'PAT006')],
      [],
    );
  });

  it('revoke violations: every token with a finding except reminders (PAT005) and exempted findings', async () => {
    const bobFull = emu.state.org.pats.find((p) => p.displayName === 'full access')!.authorizationId;
    const run = await audit({
      inputs: { failOnSeverity: 'none', revoke: 'violations', dryRun: true },
      policy: {
        exemptions: [
          {
            rule: 'PAT001',
            principal: 'bob@contoso.com',
            tokenName: 'full access',
            reason: 'Break-glass',
            expires: daysFrom(now, 30).slice(0, 10),
          },
        ],
      },
    });
    assertNoWrites(run);
    const report = reportOf(run);
    const selected = new Set(report.extra?.revocation.candidates.map((c: any) => c.authorizationId));
    // Only token findings select tokens: policy (PAT009–PAT013) and audit-log (PAT014) findings are about no listed token.
    const flagged = new Set(
      report.findings.filter((f) => f.resource.kind === 'pat' && f.ruleId !== 'PAT005' && !f.exemption).map((f) => f.resource.id),
    );
    assert.deepEqual([...selected].sort(), [...flagged].sort());
    assert.ok(!selected.has(bobFull), 'an exempted finding never selects a token');
    const reminderOnly = emu.state.org.pats.find((p) => p.displayName === 'oscar-token-1')!.authorizationId;
    assert.ok(!selected.has(reminderOnly), 'expiring soon is a reminder, not a violation');
  });

  it('a refused revocation fails the task, and the tokens stay', async () => {
    emu.faults.add({ service: 'vssps', method: 'POST', path: /\/tokenadmin\/revocations$/, kind: 'status', status: 400 });
    const count = emu.state.org.pats.length;
    const run = await audit({ inputs: { failOnSeverity: 'none', revoke: 'global' } });
    assert.equal(run.result, 'Failed');
    assert.match(run.resultMessage ?? '', /Revocation failed/);
    assert.deepEqual(
      reportOf(run).extra?.revocation.candidates.map((c: any) => c.revoked),
      [false],
    );
    assert.equal(emu.state.org.pats.length, count);
  });
});

describe('e2e: PatAudit@1 paging and throttling', function () {
  this.timeout(60_000);
  let now: Date;
  let baseline: string[];
  let expectedTokens: number;
  let expectedUsers: number;

  before(async () => {
    now = wholeSecondNow();
    const emu = await startEmulatorAt(now, crowdedOrg(now, 9, 5));
    try {
      const run = await runAudit(emu, 'PatAuditV1', { now, inputs: { failOnSeverity: 'none' } });
      baseline = signature(reportOf(run));
      expectedTokens = emu.state.org.pats.filter((p) => !p.isPublic).length;
      expectedUsers = emu.state.org.identities.filter(
        (i) => (i.kind === 'user' || i.kind === 'buildService') && !i.unresolvable && /^(aad|msa)\./.test(i.descriptor),
      ).length;
      assert.equal(reportOf(run).extra?.tokens.tokenCount, expectedTokens);
    } finally {
      await emu.close();
    }
  });

  it('pages through users (header continuation) and tokens (body continuationToken) and finds the same as one page', async () => {
    const emu = await startEmulatorAt(now, crowdedOrg(now, 9, 5), { paging: { graphPageSize: 4, tokenAdminMaxPageSize: 2 } });
    try {
      const run = await runAudit(emu, 'PatAuditV1', { now, inputs: { failOnSeverity: 'none' } });
      const report = reportOf(run);
      const userPages = requestsMatching(run, 'GET', /\/_apis\/graph\/users\/?$/);
      assert.equal(userPages.length, Math.ceil(expectedUsers / 4), 'every user page was read');
      assert.ok(
        userPages.slice(1).every((r) => r.query.continuationtoken),
        'later user pages carry the header continuation token',
      );
      const tokenPages = requestsMatching(run, 'GET', TOKEN_ADMIN);
      assert.ok(tokenPages.filter((r) => r.query.continuationtoken).length >= 9 * 2, 'five tokens per user take three pages');
      assert.deepEqual(duplicates(tokenPages.map((r) => `${r.path}?${r.query.continuationtoken ?? ''}`)), [], 'no page read twice');
      assert.deepEqual(
        duplicates(requestsMatching(run, 'GET', /\/graph\/membershipstates\//).map((r) => r.path)),
        [],
        'each owner resolved once',
      );
      assert.equal(report.extra?.users, expectedUsers);
      assert.equal(report.extra?.tokens.tokenCount, expectedTokens);
      assert.deepEqual(signature(report), baseline);
      assert.equal(run.variables.globalTokenCount, String(1 + 9));
      assert.equal(run.variables.fullScopeTokenCount, String(1 + 9));
    } finally {
      await emu.close();
    }
  });

  it('429 storms on graph and token admin: retried as asked, same findings as without faults', async () => {
    const emu = await startEmulatorAt(now, crowdedOrg(now, 9, 5), { paging: { graphPageSize: 4, tokenAdminMaxPageSize: 2 } });
    try {
      // Every user's token list and every user page answers 429 twice before it succeeds.
      for (const identity of emu.state.org.identities) {
        emu.faults.add({
          service: 'vssps',
          path: new RegExp(`${TOKEN_ADMIN.source}${identity.descriptor.replace(/[.]/g, '\\.')}/?$`),
          kind: 'status',
          status: 429,
          retryAfterSeconds: 0,
          times: 2,
        });
      }
      emu.faults.add({ service: 'vssps', path: /\/_apis\/graph\/users\/?$/, kind: 'status', status: 429, retryAfterSeconds: 0, times: 3 });
      const run = await runAudit(emu, 'PatAuditV1', { now, inputs: { failOnSeverity: 'none' } });
      const report = reportOf(run);
      assert.ok(run.requests.filter((r) => r.status === 429).length >= expectedUsers * 2, 'the storm happened');
      assert.equal(report.complete, true, JSON.stringify(report.missing));
      assert.deepEqual(signature(report), baseline);
      assertNoWrites(run);
    } finally {
      await emu.close();
    }
  });
});
