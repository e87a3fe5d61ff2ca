import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import { SAMPLE_CHECK_IDS, SAMPLE_IDS, sampleOrganization, type Emulator } from '../../emulator';
import {
  duplicates,
  findingsOf,
  listFindings,
  readValidSarif,
  reportOf,
  requestsMatching,
  runAudit,
  startEmulatorAt,
  wholeSecondNow,
  type AuditReportJson,
  type AuditRun,
} from './audit-support';
import { uploadedSummary } from './inventory-support';
import { runAgentTask, tail, wifDevOpsInputs } from './support';

const summaryOf = (run: AuditRun) => fs.readFileSync(run.variables.reportPath.replace(/\.json$/, '.md'), 'utf8').replace(/\\(.)/g, '$1');
const checkIds = SAMPLE_CHECK_IDS;
/** The Default pool (queues in Platform, Payments and Website) is the sensitive one in these runs. */
const SENSITIVE = { settings: { sensitivePools: ['Default'] } };

describe('e2e: PoolRoleAudit@1 judges who can run code on a pool (POOL014–POOL019)', function () {
  this.timeout(120_000);
  let emu: Emulator;
  let now: Date;
  let run: AuditRun;
  let report: AuditReportJson;

  before(async () => {
    now = wholeSecondNow();
    emu = await startEmulatorAt(now, sampleOrganization(now));
    run = await runAudit(emu, 'PoolRoleAuditV1', { now, policy: SENSITIVE, inputs: { failOnSeverity: 'none' } });
    report = reportOf(run);
  });
  after(async () => emu?.close());

  const fires = (ruleId: string, where: Parameters<typeof findingsOf>[2], count = 1) =>
    assert.equal(findingsOf(report, ruleId, where).length, count, `${ruleId} ${JSON.stringify(where)}:\n${listFindings(report, ruleId)}`);

  it('reads everything and writes nothing', () => {
    assert.equal(report.complete, true, JSON.stringify(report.missing));
    assert.equal(run.writes.length, 0);
  });

  it('gives every finding its own SARIF fingerprint (two checks on one queue are two results)', () => {
    const results = readValidSarif(run.variables.sarifPath).runs[0].results as { partialFingerprints: Record<string, string> }[];
    const prints = results.map((r) => Object.values(r.partialFingerprints)[0]);
    assert.equal(results.length, report.findings.length);
    assert.deepEqual(duplicates(prints), []);
  });

  it('POOL014: usable queues without branch control or approval (a disabled approval counts as absent); not a queue with an approval, not an unusable queue', () => {
    fires('POOL014', { resource: 'linux-selfhosted', parent: 'Payments' }); // open to all pipelines
    fires('POOL014', { resource: 'vmss-selfmanaged', parent: 'Platform' }); // only a disabled approval
    assert.equal(findingsOf(report, 'POOL014', { resource: 'vmss-selfmanaged' })[0].severity, 'medium');
    fires('POOL014', { resource: 'Default', parent: 'Platform' }, 0); // approval + branch control
    fires('POOL014', { resource: 'Default', parent: 'Payments' }, 0); // no pipeline may use it
    fires('POOL014', { resource: 'vmss-elastic' }, 0); // a (loose) branch control is POOL015's business
    fires('POOL014', { resource: 'Azure Pipelines' }, 0);
  });

  it('POOL015: a branch control allowing feature branches without verifying protection; not the strict one', () => {
    fires('POOL015', { resource: 'vmss-elastic', parent: 'Platform' });
    const [finding] = findingsOf(report, 'POOL015', { resource: 'vmss-elastic' });
    assert.equal(finding.evidence.checkId, checkIds.checks.elasticLooseBranchControl);
    assert.equal(finding.evidence.ensureProtectionOfBranch, false);
    fires('POOL015', { resource: 'Default' }, 0);
  });

  it('POOL016: Contributors as approvers and self-approval on a sensitive pool; not a small admin group that cannot self-approve', () => {
    fires('POOL016', { resource: 'Default', parent: 'Website', principal: 'Contributors' });
    const website = findingsOf(report, 'POOL016', { resource: 'Default', parent: 'Website' });
    assert.deepEqual(website.map((f) => f.evidence.reason).sort(), ['broadApprover', 'requesterCanApprove']);
    fires('POOL016', { resource: 'Default', parent: 'Platform' }, 0);
    fires('POOL016', { resource: 'vmss-selfmanaged' }, 0); // a disabled approval is not judged
  });

  it('POOL017: a required template from a branch without a blocking policy; not the protected main branch, not GitHub', () => {
    fires('POOL017', { resource: 'linux-selfhosted', parent: 'Platform' });
    assert.equal(findingsOf(report, 'POOL017', { resource: 'linux-selfhosted' })[0].evidence.repositoryRef, 'refs/heads/release');
    fires('POOL017', { resource: 'Default' }, 0);
  });

  it('POOL018: a pipeline on a sensitive pool whose branch the author alone can change; not a reviewed branch, not GitHub, not other pools', () => {
    fires('POOL018', { resource: 'platform-deploy', parent: 'Platform' });
    fires('POOL018', { resource: 'platform-ci' }, 0);
    fires('POOL018', { resource: 'tools-github' }, 0);
    fires('POOL018', { resource: 'platform-nightly' }, 0); // authorized on vmss-selfmanaged, not sensitive
    const sources = report.extra?.pipelineSources as { pipeline: string; status: string }[];
    assert.ok(
      sources.some((s) => s.pipeline === 'tools-github' && /not checked/.test(s.status)),
      `GitHub is reported as not checked: ${JSON.stringify(sources)}`,
    );
  });

  it('POOL019: reused agents shared by projects or open to all; not an elastic pool used by one project', () => {
    fires('POOL019', { resource: 'Default' });
    fires('POOL019', { resource: 'linux-selfhosted' });
    fires('POOL019', { resource: 'vmss-elastic' }, 0);
    fires('POOL019', { resource: 'vmss-selfmanaged' }, 0);
    fires('POOL019', { resource: 'Azure Pipelines' }, 0);
  });

  it('keeps requests bounded: one check batch per project, each definition and branch read once, only for sensitive pools', () => {
    const batches = requestsMatching(run, 'POST', /\/_apis\/pipelines\/checks\/queryconfigurations\/?$/);
    const projectsWithSelfHostedQueues = 3;
    assert.equal(batches.length, projectsWithSelfHostedQueues);
    assert.deepEqual(duplicates(batches.map((r) => r.path)), []);
    assert.equal(requestsMatching(run, 'GET', /\/_apis\/pipelines\/checks\/configurations\/?$/).length, 0, 'no per-queue fallback');
    const definitions = requestsMatching(run, 'GET', /\/_apis\/build\/definitions\/\d+$/).map((r) => r.path.split('/').pop());
    assert.deepEqual(definitions.sort(), ['5', '7', '9'], 'only pipelines on the sensitive pool, each once');
    const policies = requestsMatching(run, 'GET', /\/_apis\/git\/policy\/configurations\/?$/).map(
      (r) => `${r.query.repositoryid}@${r.query.refname}`,
    );
    assert.deepEqual(duplicates(policies), []);
    // platform-app@main and infra@main for the pipelines, pipeline-templates main and release for the templates.
    assert.equal(policies.length, 4, policies.join('\n'));
    assert.equal(requestsMatching(run, 'GET', /\/_apis\/git\/repositories\/[^/]+$/).length, 1, 'one template repository, looked up once');
  });

  it('shows the "Who can run code" table in the summary', () => {
    const summary = summaryOf(run);
    assert.match(summary, /Who can run code on each self-hosted pool/);
    assert.match(summary, /branch control \(refs\/heads\/main\)/);
    assert.match(summary, /open to all pipelines/);
  });

  it('the policy file disables, re-grades and exempts the new rules, and trustedApprovers are never broad', async () => {
    const policy = {
      settings: { sensitivePools: ['Default', 'linux-selfhosted'], trustedApprovers: ['[Website]\\Contributors'] },
      rules: { POOL019: { enabled: false }, POOL014: { severity: 'critical' } },
      exemptions: [{ rule: 'POOL018', resource: 'platform-deploy', reason: 'moving to a reviewed repository', expires: '2099-01-31' }],
    };
    const graded = reportOf(await runAudit(emu, 'PoolRoleAuditV1', { now, policy, inputs: { failOnSeverity: 'none' } }));
    assert.equal(findingsOf(graded, 'POOL019').length, 0);
    assert.ok(findingsOf(graded, 'POOL014').every((f) => f.severity === 'critical'));
    assert.deepEqual(
      findingsOf(graded, 'POOL016', { parent: 'Website' }).map((f) => f.evidence.reason),
      ['requesterCanApprove'],
    );
    const [deploy] = findingsOf(graded, 'POOL018', { resource: 'platform-deploy' });
    assert.equal(deploy.exemption?.reason, 'moving to a reviewed repository');
    // Payments' linux-selfhosted queue is open to all pipelines: its branches cannot be judged, and the report says so.
    const sources = graded.extra?.pipelineSources as { pipelineId: number | null; pool: string; project: string; status: string }[];
    assert.deepEqual(
      sources.filter((s) => s.pipelineId === null).map((s) => [s.pool, s.project, s.status]),
      [['linux-selfhosted', 'Payments', 'open to all pipelines: branches not judged']],
    );
  });

  it('falls back to one check read per queue only when the batch is refused, with the same findings', async () => {
    emu.faults.add({ service: 'ado', method: 'POST', path: /\/queryconfigurations\/?$/, kind: 'status', status: 404 });
    try {
      const fallback = await runAudit(emu, 'PoolRoleAuditV1', { now, policy: SENSITIVE, inputs: { failOnSeverity: 'none' } });
      const again = reportOf(fallback);
      assert.equal(again.complete, true, JSON.stringify(again.missing));
      const perQueue = requestsMatching(fallback, 'GET', /\/_apis\/pipelines\/checks\/configurations\/?$/);
      assert.equal(perQueue.length, 7, 'one per self-hosted queue');
      const ruleIds = (r: AuditReportJson) => r.findings.map((f) => `${f.ruleId} ${f.resource.name} ${f.resource.parent?.name}`).sort();
      assert.deepEqual(ruleIds(again), ruleIds(report));
    } finally {
      emu.faults.clear();
    }
  });

  it('a 403 on checks, definitions or policies makes the report incomplete with the scope named, never a clean pass', async () => {
    emu.faults.add({ service: 'ado', path: /\/_apis\/pipelines\/checks\//, kind: 'status', status: 403 });
    emu.faults.add({ service: 'ado', path: /\/_apis\/build\/definitions\/7$/, kind: 'status', status: 403 });
    try {
      const denied = await runAudit(emu, 'PoolRoleAuditV1', { now, policy: SENSITIVE, inputs: { failOnSeverity: 'none' } });
      const partial = reportOf(denied);
      assert.equal(partial.complete, false);
      const scopes = partial.missing.map((m) => m.scope);
      assert.ok(
        scopes.some((s) => /checks of queue Default in project Platform/.test(s)),
        scopes.join('\n'),
      );
      assert.ok(
        scopes.some((s) => /pipeline definition 7 in project Platform/.test(s)),
        scopes.join('\n'),
      );
      for (const rule of ['POOL014', 'POOL015', 'POOL016', 'POOL017', 'POOL018']) {
        assert.equal(findingsOf(partial, rule).length, 0, `${rule} judges nothing it could not read`);
      }
      assert.match(summaryOf(denied), /unknown \(not readable\)/);
    } finally {
      emu.faults.clear();
    }
  });
});

describe('e2e: PoolInventory@1 shows pipelines and checks per self-hosted queue without judging', function () {
  this.timeout(60_000);

  it('lists who may use each self-hosted queue and its checks; hosted queues have none; one check batch per project', async () => {
    const now = wholeSecondNow();
    const emu = await startEmulatorAt(now, sampleOrganization(now));
    try {
      const run = await runAgentTask(emu, { task: 'PoolInventoryV1', inputs: { ...wifDevOpsInputs(emu), includeHosted: 'true' } });
      assert.equal(run.exitCode, 0, tail(run));
      const report = JSON.parse(fs.readFileSync(run.variables.reportPath, 'utf8'));
      assert.equal(report.complete, true, JSON.stringify(report.missing));
      const queueOf = (pool: string, project: string) =>
        report.pools.find((p: any) => p.name === pool).queues.find((q: any) => q.projectName === project);
      const platformDefault = queueOf('Default', 'Platform').pipelineAccess;
      assert.deepEqual(platformDefault.authorizedPipelineIds, [5, 7, 9]);
      assert.deepEqual(
        platformDefault.checks.map((c: any) => c.kind),
        ['approval', 'branchControl', 'requiredTemplate'],
      );
      assert.equal(queueOf('linux-selfhosted', 'Payments').pipelineAccess.openToAllPipelines, true);
      assert.equal(queueOf('vmss-selfmanaged', 'Platform').pipelineAccess.checks[0].disabled, true);
      assert.equal(queueOf('Azure Pipelines', 'Platform').pipelineAccess, undefined);
      assert.equal(requestsMatching(run, 'POST', /\/queryconfigurations\/?$/).length, 3);
      assert.equal(run.writes.length, 0);
      const summary = uploadedSummary(run);
      assert.match(summary, /Pipelines and checks per self-hosted queue/);
      assert.ok(!/POOL01[4-9]/.test(summary), 'the inventory does not judge');
    } finally {
      await emu.close();
    }
  });
});

describe('e2e: PoolRoleAudit@1 remediation adds a branch control check for POOL014 on sensitive pools only', function () {
  this.timeout(120_000);

  it('plans it in a dry run (nothing changes), adds it for real, and the next audit is quiet on that queue', async () => {
    const now = wholeSecondNow();
    const emu = await startEmulatorAt(now, sampleOrganization(now));
    const policy = { settings: { sensitivePools: ['linux-selfhosted'] } };
    const audit = (inputs: Record<string, string | boolean>) =>
      runAudit(emu, 'PoolRoleAuditV1', { now, policy, inputs: { failOnSeverity: 'none', remediateRules: 'POOL014', ...inputs } });
    try {
      const dry = await audit({ remediate: true, dryRun: true });
      assert.equal(dry.writes.length, 0, 'a dry run changes nothing');
      const planned = reportOf(dry).extra?.remediation.actions as { target: string; after: string; status: string }[];
      assert.deepEqual(
        planned.map((a) => [a.target, a.status]),
        [["queue 'linux-selfhosted' in project 'Payments'", 'planned']],
        'only the sensitive pool; vmss-selfmanaged (not sensitive) keeps its finding',
      );
      assert.match(planned[0].after, /refs\/heads\/main with branch protection verified/);

      const real = await audit({ remediate: true });
      assert.deepEqual(
        real.writes.map((r) => `${r.method} ${r.route}`),
        ['POST /:org/:project/_apis/pipelines/checks/configurations'],
      );
      const added = emu.state.org.checkConfigurations!.at(-1)!;
      assert.equal(added.resourceId, String(SAMPLE_IDS.queues.paymentsLinuxOpen));
      assert.deepEqual((added.settings as any).inputs, {
        allowedBranches: 'refs/heads/main',
        ensureProtectionOfBranch: 'true',
        allowUnknownStatusBranch: 'false',
      });

      const after = reportOf(await audit({}));
      assert.equal(findingsOf(after, 'POOL014', { resource: 'linux-selfhosted', parent: 'Payments' }).length, 0);
      assert.equal(findingsOf(after, 'POOL015', { resource: 'linux-selfhosted', parent: 'Payments' }).length, 0);
      assert.equal(findingsOf(after, 'POOL014', { resource: 'vmss-selfmanaged' }).length, 1);
    } finally {
      await emu.close();
    }
  });
});
