import { strict as assert } from 'node:assert';
import { SAMPLE_IDS, type Emulator, type OrgSeed, type SeedPat } from '../../emulator';
import {
  DAY_MS,
  findingsOf,
  identityNamed,
  listFindings,
  orgVariant,
  reportOf,
  runAudit,
  startEmulatorAt,
  wholeSecondNow,
  type AuditReportJson,
} from './audit-support';

const ids = SAMPLE_IDS;
const SECOND = 1000;

/**
 * Tokens at the exact rule boundaries around `now` (token admin dates are whole seconds without zone).
 * A default token (10 days old, 60 days left, org-scoped, read scopes) triggers no rule.
 */
export function boundaryTokens(now: Date): SeedPat[] {
  const at = (ms: number) => new Date(now.getTime() + ms).toISOString();
  let n = 0;
  const token = (displayName: string, extra: Partial<SeedPat> = {}): SeedPat => ({
    authorizationId: `b0a70000-0000-4000-8000-${(++n).toString(16).padStart(12, '0')}`,
    userId: ids.users.alice,
    displayName,
    scope: 'vso.build vso.code',
    targetAccounts: [ids.orgId],
    validFrom: at(-10 * DAY_MS),
    validTo: at(60 * DAY_MS),
    ...extra,
  });
  return [
    token('baseline'),
    // PAT001
    token('full', { scope: 'app_token' }),
    // PAT002 (an empty target list is not global)
    token('global', { targetAccounts: null }),
    token('empty-targets', { targetAccounts: [] }),
    // PAT003
    token('code-writer', { scope: 'vso.code_write' }),
    token('mystery', { scope: 'vso.drop vso.build' }),
    token('work-reader', { scope: 'vso.work vso.code' }),
    // PAT004: lifetime exactly 90 days passes, one second more fires
    token('lifetime-90d', { validFrom: at(-30 * DAY_MS), validTo: at(60 * DAY_MS) }),
    token('lifetime-90d-1s', { validFrom: at(-30 * DAY_MS - SECOND), validTo: at(60 * DAY_MS) }),
    // PAT005: ≤ 7 days medium, ≤ 30 days low (inclusive), beyond nothing
    token('expires-7d', { validTo: at(7 * DAY_MS) }),
    token('expires-7d-1s', { validTo: at(7 * DAY_MS + SECOND) }),
    token('expires-30d', { validTo: at(30 * DAY_MS) }),
    token('expires-30d-1s', { validTo: at(30 * DAY_MS + SECOND) }),
    // PAT006: expired at validTo exactly; invalid although not expired; one second left is alive
    token('expires-now', { validTo: at(0) }),
    token('revoked-flag', { isValid: false }),
    token('expires-1s', { validTo: at(SECOND) }),
    // PAT007: live tokens of a deleted / inactive owner; an expired token of a deleted owner is PAT006 only
    token('judy-live', { userId: ids.users.judy }),
    token('judy-dead', { userId: ids.users.judy, validTo: at(-DAY_MS) }),
    token('ivan-live', { userId: ids.users.ivan }),
    // PAT008
    token('agent registration', { scope: 'vso.agentpools_manage vso.build' }),
    token('agent pool setup', { scope: 'vso.agentpools vso.agentpools_manage' }),
    token('nightly build', { scope: 'vso.build' }),
  ];
}

function boundaryOrg(now: Date): OrgSeed {
  return orgVariant(now, (seed) => {
    seed.pats = boundaryTokens(now);
    identityNamed(seed, 'Ivan Intern').active = false;
  });
}

function assertRule(report: AuditReportJson, ruleId: string, fires: Record<string, string | null>): void {
  for (const [token, severity] of Object.entries(fires)) {
    const found = findingsOf(report, ruleId, { resource: token });
    if (severity === null) assert.equal(found.length, 0, `${ruleId} must not fire on '${token}':\n${listFindings(report, ruleId)}`);
    else {
      assert.equal(found.length, 1, `${ruleId} must fire on '${token}':\n${listFindings(report, ruleId)}`);
      assert.equal(found[0].severity, severity, `${ruleId} on '${token}'`);
    }
  }
}

describe('e2e: PatAudit@1 rules at their exact boundaries', function () {
  this.timeout(60_000);
  let emu: Emulator;
  let report: AuditReportJson;
  let now: Date;

  before(async () => {
    now = wholeSecondNow();
    emu = await startEmulatorAt(now, boundaryOrg(now));
    const run = await runAudit(emu, 'PatAuditV1', { now, inProcess: true, inputs: { failOnSeverity: 'none' } });
    report = reportOf(run);
    assert.equal(report.complete, true);
    assert.equal(run.writes.length, 0);
  });
  after(() => emu.close());

  it('the baseline token triggers nothing', () => {
    assert.deepEqual(
      findingsOf(report, 'PAT001', { resource: 'baseline' }).concat(
        ...['PAT002', 'PAT003', 'PAT004', 'PAT005', 'PAT006', 'PAT007', 'PAT008'].map((r) =>
          findingsOf(report, r, { resource: 'baseline' }),
        ),
      ),
      [],
    );
  });

  it('PAT001: full access (app_token); not a scoped token', () => {
    assertRule(report, 'PAT001', { full: 'high', baseline: null, 'code-writer': null });
  });

  it('PAT002: global token (targetAccounts null) with the 2026-12-01 cut-off; not an org-scoped or empty target list', () => {
    assertRule(report, 'PAT002', {
      global: now < new Date('2026-12-01T00:00:00Z') ? 'high' : 'critical',
      baseline: null,
      'empty-targets': null,
    });
    assert.match(findingsOf(report, 'PAT002', { resource: 'global' })[0].message, /2026-12-01/);
  });

  it('PAT003: high-privilege scope (high) and unknown scope (medium); not read scopes, not scopes a purpose profile allows', () => {
    assertRule(report, 'PAT003', {
      'code-writer': 'high',
      mystery: 'medium',
      'work-reader': null,
      baseline: null,
      'agent pool setup': null,
    });
    assert.match(JSON.stringify(findingsOf(report, 'PAT003', { resource: 'mystery' })[0]), /vso\.drop/);
  });

  it('PAT004: lifetime one second over maxLifetimeDays; exactly 90 days passes', () => {
    assertRule(report, 'PAT004', { 'lifetime-90d-1s': 'medium', 'lifetime-90d': null });
  });

  it('PAT005: ≤ 7 days medium, ≤ 30 days low, inclusive; one second beyond each window steps down; never for expired', () => {
    assertRule(report, 'PAT005', {
      'expires-7d': 'medium',
      'expires-7d-1s': 'low',
      'expires-30d': 'low',
      'expires-30d-1s': null,
      'expires-1s': 'medium',
      'expires-now': null,
      baseline: null,
    });
  });

  it('PAT006: expired at validTo exactly, or flagged invalid; one second before expiry is alive', () => {
    assertRule(report, 'PAT006', { 'expires-now': 'low', 'revoked-flag': 'low', 'judy-dead': 'low', 'expires-1s': null, baseline: null });
  });

  it('PAT007: live token of a deleted or inactive owner; not an expired one, not an active owner', () => {
    assertRule(report, 'PAT007', { 'judy-live': 'high', 'ivan-live': 'high', 'judy-dead': null, baseline: null });
  });

  it('PAT008: an agent-registration token with scopes outside its profile; not one inside it, not other names', () => {
    assertRule(report, 'PAT008', { 'agent registration': 'medium', 'agent pool setup': null, 'nightly build': null });
  });

  it('findings name the owner with display name and mail', () => {
    const judy = findingsOf(report, 'PAT007', { resource: 'judy-live' })[0];
    assert.equal(judy.principal?.displayName, 'Judy Former');
    assert.equal(judy.principal?.mailAddress, 'judy@contoso.com');
    assert.ok(
      report.findings.filter((f) => f.resource.kind === 'pat').every((f) => f.principal?.displayName && f.principal.mailAddress),
      'every finding names a contactable owner',
    );
  });
});

describe('e2e: PatAudit@1 global token cut-off (PAT002 high before 2026-12-01T00:00Z, critical from that instant)', function () {
  this.timeout(60_000);
  const cutoff = new Date('2026-12-01T00:00:00Z');

  for (const [label, now, severity] of [
    ['one second before', new Date(cutoff.getTime() - SECOND), 'high'],
    ['at the cut-off', cutoff, 'critical'],
  ] as const) {
    it(`${label}: ${severity}`, async () => {
      const emu = await startEmulatorAt(now, boundaryOrg(now));
      try {
        const run = await runAudit(emu, 'PatAuditV1', { now, inProcess: true, inputs: { failOnSeverity: 'none' } });
        const report = reportOf(run);
        assertRule(report, 'PAT002', { global: severity, baseline: null });
        assert.equal(run.variables.globalTokenCount, '1');
      } finally {
        await emu.close();
      }
    });
  }
});
