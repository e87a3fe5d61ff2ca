import { strict as assert } from 'assert';
import type { BranchPolicy } from '../../../tasks/common/ado/git-policies';
import type { PipelineSource } from '../../../tasks/common/ado/build-definitions';
import { OPEN_QUEUE_STATUS, pipelineAccessSection, pipelineSourceRecords } from '../../../tasks/common/audit/pipeline-access-summary';
import { POOL014 } from '../../../tasks/common/audit/rules/POOL014';
import { POOL015 } from '../../../tasks/common/audit/rules/POOL015';
import { POOL016 } from '../../../tasks/common/audit/rules/POOL016';
import { POOL017 } from '../../../tasks/common/audit/rules/POOL017';
import { POOL018 } from '../../../tasks/common/audit/rules/POOL018';
import { POOL019 } from '../../../tasks/common/audit/rules/POOL019';
import { resolvePoolAuditSettings, type PoolAuditSettings } from '../../../tasks/common/audit/settings';
import { branchKey, pipelineKey, type AuditedQueue, type PoolAuditSnapshot } from '../../../tasks/common/audit/snapshot';
import type { PoolRule } from '../../../tasks/common/audit/rule';
import type { QueueCheck } from '../../../tasks/common/model/checks';
import { NOW, PROJECT, adoGroup, hostedPool, members, pool, queue, snapshot } from './fixtures';

const defaults = resolvePoolAuditSettings();
const sensitive = resolvePoolAuditSettings({ sensitivePools: ['prod-*'] });
const run = (rule: PoolRule, snap: PoolAuditSnapshot, settings: PoolAuditSettings = defaults) => rule.evaluate(snap, settings, NOW);

const PROD = pool(1, 'prod-linux');
const DEV = pool(2, 'dev-linux');

function q(id: number, poolId: number, access: Partial<AuditedQueue> = {}): AuditedQueue {
  return { ...queue(id, poolId, `queue-${id}`, false), authorizedPipelineIds: [], checks: [], ...access };
}
const approval = (
  id: number,
  approvers: { id: string; displayName: string; isContainer?: boolean }[],
  requesterCannotBeApprover = true,
  disabled = false,
): QueueCheck => ({
  id,
  kind: 'approval',
  displayName: 'Approval',
  disabled,
  approval: { approvers, minRequiredApprovers: 1, requesterCannotBeApprover },
});
const branchControl = (id: number, allowedBranches: string[], ensure = true, unknown = false, disabled = false): QueueCheck => ({
  id,
  kind: 'branchControl',
  displayName: 'Branch control',
  disabled,
  branchControl: { allowedBranches, ensureProtectionOfBranch: ensure, allowUnknownStatusBranch: unknown },
});
const template = (id: number, repositoryRef: string, repositoryType = 'git'): QueueCheck => ({
  id,
  kind: 'requiredTemplate',
  displayName: 'Required template',
  disabled: false,
  requiredTemplates: [{ repositoryType, repositoryName: 'templates', repositoryRef, templatePath: 't.yml' }],
});
const reviewers = (count: number, creatorVoteCounts = false, blocking = true): BranchPolicy => ({
  id: count,
  kind: 'minimumReviewers',
  typeName: 'Minimum number of reviewers',
  enabled: true,
  blocking,
  minimumApproverCount: count,
  creatorVoteCounts,
});

describe('POOL014 usable self-hosted queue without branch control or approval', () => {
  it('fires for an authorized pipeline and no checks: high on a sensitive pool, medium otherwise', () => {
    const snap = snapshot({
      pools: [PROD, DEV],
      queues: [q(11, 1, { authorizedPipelineIds: [5] }), q(12, 2, { openToAllPipelines: true })],
    });
    const findings = run(POOL014, snap, sensitive).findings;
    assert.deepEqual(
      findings.map((f) => [f.resource.id, f.severity]),
      [
        ['11', 'high'],
        ['12', 'medium'],
      ],
    );
  });

  it('counts a disabled approval as absent', () => {
    const snap = snapshot({ pools: [DEV], queues: [q(12, 2, { authorizedPipelineIds: [5], checks: [approval(1, [], true, true)] })] });
    assert.equal(run(POOL014, snap).findings.length, 1);
  });

  it('near miss: an enabled approval or branch control, no pipeline at all, unread checks, hosted pools', () => {
    const snap = snapshot({
      pools: [DEV, hostedPool(9, 'Azure Pipelines')],
      queues: [
        q(12, 2, { authorizedPipelineIds: [5], checks: [approval(1, [])] }),
        q(13, 2, { authorizedPipelineIds: [5], checks: [branchControl(2, ['*'])] }),
        q(14, 2),
        q(15, 2, { openToAllPipelines: true, checks: undefined }),
        q(16, 9, { openToAllPipelines: true }),
      ],
    });
    const result = run(POOL014, snap);
    assert.equal(result.findings.length, 0);
    assert.deepEqual(result.evaluated.map((e) => e.resource.id).sort(), ['12', '13', '14']);
  });
});

describe('POOL015 branch control that does not restrict to protected branches', () => {
  it('fires for *, no protection check, or unknown status allowed, naming each reason', () => {
    const snap = snapshot({
      pools: [PROD],
      queues: [
        q(11, 1, {
          checks: [
            branchControl(1, ['refs/heads/main', '*']),
            branchControl(2, ['refs/heads/main'], false),
            branchControl(3, ['refs/heads/main'], true, true),
          ],
        }),
      ],
    });
    const findings = run(POOL015, snap, sensitive).findings;
    assert.equal(findings.length, 3);
    assert.match(findings[0].message, /any branch/);
    assert.match(findings[1].message, /does not verify/);
    assert.match(findings[2].message, /unknown protection status/);
    assert.ok(findings.every((f) => f.severity === 'high'));
  });

  it('near miss: main only with verification, and a disabled loose check', () => {
    const snap = snapshot({
      pools: [DEV],
      queues: [q(12, 2, { checks: [branchControl(1, ['refs/heads/main']), branchControl(2, ['*'], false, false, true)] })],
    });
    assert.equal(run(POOL015, snap).findings.length, 0);
  });
});

describe('POOL016 approval anyone (or the requester) can give', () => {
  const contributors = { id: 'g-c', displayName: '[Web]\\Contributors', isContainer: true };
  const releasers = adoGroup('g-rel', 'Releasers', { principalName: '[Web]\\Releasers' });

  it('fires for a broad group by name and, on a sensitive pool, for self-approval', () => {
    const snap = snapshot({ pools: [PROD], queues: [q(11, 1, { checks: [approval(1, [contributors], false)] })] });
    const reasons = run(POOL016, snap, sensitive).findings.map((f) => f.evidence.reason);
    assert.deepEqual(reasons, ['broadApprover', 'requesterCanApprove']);
  });

  it('fires for a group with more members than the threshold; not exactly the threshold; not a trusted approver', () => {
    const identities = { [releasers.id]: releasers };
    const base = snapshot({
      pools: [DEV],
      queues: [q(12, 2, { checks: [approval(1, [{ id: releasers.id, displayName: releasers.displayName }])] })],
    });
    const snap = (count: number) => ({
      ...base,
      identities,
      groupExpansions: {
        [releasers.id]: { groupId: releasers.id, effectiveMemberIds: members('m', count, identities), truncated: false, cycles: [] },
      },
    });
    const threshold = resolvePoolAuditSettings({ broadGroupMemberThreshold: 3 });
    assert.equal(run(POOL016, snap(4), threshold).findings.length, 1);
    assert.equal(run(POOL016, snap(3), threshold).findings.length, 0);
    assert.equal(run(POOL016, snap(4), { ...threshold, trustedApprovers: ['[web]\\releasers'] }).findings.length, 0);
  });

  it('trustedApprovers match the principal name, descriptor or id; a look-alike display name stays broad', () => {
    // An organization group is trusted; a project admin creates `[Web]\Release Approvers` with the same display name.
    const spoof = adoGroup('g-spoof', 'Release Approvers', { principalName: '[Web]\\Release Approvers' });
    const identities = { [spoof.id]: spoof };
    const snap = {
      ...snapshot({ pools: [DEV], queues: [q(12, 2, { checks: [approval(1, [{ id: spoof.id, displayName: spoof.displayName }])] })] }),
      identities,
      groupExpansions: {
        [spoof.id]: { groupId: spoof.id, effectiveMemberIds: members('s', 4, identities), truncated: false, cycles: [] },
      },
    };
    const settings = (trustedApprovers: string[]) => ({ ...resolvePoolAuditSettings({ broadGroupMemberThreshold: 3 }), trustedApprovers });
    assert.equal(run(POOL016, snap, settings(['[contoso]\\Release Approvers'])).findings.length, 1, 'another scope');
    assert.equal(run(POOL016, snap, settings(['Release Approvers'])).findings.length, 1, 'the display name alone');
    assert.equal(run(POOL016, snap, settings(['[web]\\release approvers'])).findings.length, 0, 'its principal name');
    assert.equal(run(POOL016, snap, settings(['[*]\\Release ?pprovers'])).findings.length, 0, 'a pattern');
    assert.equal(run(POOL016, snap, settings(['vssgp.g-spoof'])).findings.length, 0, 'its descriptor');
  });

  it('near miss: self-approval allowed on a pool that is not sensitive; a person as approver', () => {
    const snap = snapshot({ pools: [DEV], queues: [q(12, 2, { checks: [approval(1, [{ id: 'u1', displayName: 'Jane' }], false)] })] });
    assert.equal(run(POOL016, snap, sensitive).findings.length, 0);
  });
});

describe('POOL017 required template from an unprotected branch', () => {
  const key = (ref: string) => branchKey(`${PROJECT.name}/templates`, ref);
  it('fires when no enabled, blocking policy applies to the template branch', () => {
    const snap = snapshot({
      pools: [DEV],
      queues: [q(12, 2, { checks: [template(1, 'refs/heads/release')] })],
      branchPolicies: { [key('refs/heads/release')]: [reviewers(1, false, false)] },
    });
    const [finding] = run(POOL017, snap).findings;
    assert.equal(finding.severity, 'medium');
    assert.equal(finding.evidence.repository, 'Web/templates');
  });

  it('near miss: a blocking policy; a GitHub template; policies not read', () => {
    const snap = snapshot({
      pools: [DEV],
      queues: [
        q(12, 2, { checks: [template(1, 'refs/heads/main'), template(2, 'refs/heads/main', 'github'), template(3, 'refs/heads/x')] }),
      ],
      branchPolicies: { [key('refs/heads/main')]: [{ ...reviewers(0), kind: 'build', typeName: 'Build' }] },
    });
    assert.equal(run(POOL017, snap).findings.length, 0);
  });
});

describe('POOL018 pipeline on a sensitive pool built from a branch without independent review', () => {
  const source = (id: number, repoId: string, type = 'TfsGit'): PipelineSource => ({
    id,
    name: `pipe-${id}`,
    yaml: true,
    repository: { id: repoId, type, name: repoId, defaultBranch: 'refs/heads/main' },
  });
  const snap = (policies: BranchPolicy[], poolId = 1, type = 'TfsGit') =>
    snapshot({
      pools: [PROD, DEV],
      queues: [q(11, poolId, { authorizedPipelineIds: [5] })],
      pipelines: { [pipelineKey(PROJECT.id, 5)]: source(5, 'repo-1', type) },
      branchPolicies: { [branchKey('repo-1', 'refs/heads/main')]: policies },
    });

  it('fires when the author can approve alone, or only build validation applies', () => {
    const [finding] = run(POOL018, snap([reviewers(1, true)]), sensitive).findings;
    assert.equal(finding.resource.kind, 'pipeline');
    assert.equal(finding.resource.name, 'pipe-5');
    assert.equal(finding.evidence.queueName, 'queue-11');
    assert.equal(run(POOL018, snap([{ ...reviewers(0), kind: 'build', typeName: 'Build' }]), sensitive).findings.length, 1);
    assert.equal(run(POOL018, snap([reviewers(1, false, false)]), sensitive).findings.length, 1, 'not blocking');
  });

  it('near miss: one independent reviewer required; a pool that is not sensitive; a GitHub repository', () => {
    assert.equal(run(POOL018, snap([reviewers(1)]), sensitive).findings.length, 0);
    assert.equal(run(POOL018, snap([], 2), sensitive).findings.length, 0);
    assert.equal(run(POOL018, snap([], 1, 'GitHub'), sensitive).findings.length, 0);
  });

  it('a sensitive queue open to all pipelines is reported as not judged, never as clean; an open queue of another pool is not', () => {
    const open = snapshot({
      pools: [PROD, DEV],
      queues: [q(11, 1, { openToAllPipelines: true, checks: [approval(1, [])] }), q(12, 2, { openToAllPipelines: true })],
    });
    assert.equal(run(POOL018, open, sensitive).findings.length, 0, 'no one pipeline to judge');
    const records = pipelineSourceRecords(open, sensitive);
    assert.deepEqual(
      records.map((r) => [r.queue, r.pipelineId, r.status]),
      [['queue-11', null, OPEN_QUEUE_STATUS]],
    );
    const rows = pipelineAccessSection(open, sensitive, []).table!.rows;
    assert.equal(rows[0][5], OPEN_QUEUE_STATUS, 'the verdict does not read "no finding"');
    assert.equal(rows[1][5], 'no finding', 'the same queue on a pool that is not sensitive');
  });

  it('an open sensitive queue that also lists pipelines: those pipelines are still judged', () => {
    const both = snap([]);
    both.queues[0].openToAllPipelines = true;
    assert.equal(run(POOL018, both, sensitive).findings.length, 1);
    assert.deepEqual(
      pipelineSourceRecords(both, sensitive).map((r) => r.status),
      [OPEN_QUEUE_STATUS, 'no independent review'],
    );
  });
});

describe('POOL019 reused agents shared across projects or open to all', () => {
  const other = { id: 'p2', name: 'Api' };
  const queues = [q(11, 1), { ...q(12, 1), projectId: other.id, projectName: other.name }];

  it('fires for a plain self-hosted pool in two projects, and for an elastic pool that keeps machines and is open', () => {
    const elastic = pool(3, 'vmss', { kind: 'elastic', options: ['elasticPool'] });
    const snap = snapshot({
      projects: [PROJECT, other],
      pools: [PROD, elastic],
      queues: [...queues, q(13, 3, { openToAllPipelines: true })],
      elasticPools: { '3': { recycleAfterEachUse: false } },
    });
    assert.deepEqual(
      run(POOL019, snap).findings.map((f) => f.resource.name),
      ['prod-linux', 'vmss'],
    );
  });

  it('near miss: one project and no open access; single-use agents; an elastic pool that recycles; unknown reuse', () => {
    const recycled = pool(3, 'vmss', { kind: 'elastic', options: ['elasticPool'] });
    const mdp = pool(4, 'mdp', { kind: 'agentCloud' });
    const snap = snapshot({
      projects: [PROJECT, other],
      pools: [PROD, pool(2, 'single', { options: ['singleUseAgents'] }), recycled, mdp],
      queues: [
        q(11, 1),
        q(21, 2, { openToAllPipelines: true }),
        q(31, 3, { openToAllPipelines: true }),
        q(41, 4, { openToAllPipelines: true }),
      ],
      elasticPools: { '3': { recycleAfterEachUse: true } },
    });
    const result = run(POOL019, snap);
    assert.equal(result.findings.length, 0);
    assert.ok(!result.evaluated.some((e) => e.resource.name === 'mdp'), 'unknown reuse is not judged');
  });

  const posture = (agentProfile: string) => ({
    resourceId: `/subscriptions/s/x/pools/${agentProfile}`,
    permissionProfile: 'CreatorOnly',
    openAccess: true,
    agentProfile,
  });

  it('near miss: a stateless Managed DevOps Pool open to all pipelines (ARM data), even when it looks self-hosted', () => {
    const stateless = pool(5, 'mdp-linux');
    const cloud = pool(6, 'mdp-cloud', { kind: 'agentCloud' });
    const snap = snapshot({
      projects: [PROJECT, other],
      pools: [stateless, cloud],
      queues: [q(51, 5, { openToAllPipelines: true }), q(61, 6, { openToAllPipelines: true })],
      managedPools: { '5': posture('Stateless'), '6': posture('Stateless') },
    });
    const result = run(POOL019, snap);
    assert.deepEqual(result.findings, []);
    assert.deepEqual(result.evaluated.map((e) => e.resource.name).sort(), ['mdp-cloud', 'mdp-linux'], 'judged, and passed');
  });

  it('fires for a stateful Managed DevOps Pool (ARM data), agent-cloud or not, naming its agent profile', () => {
    const snap = snapshot({
      projects: [PROJECT, other],
      pools: [pool(5, 'mdp-windows'), pool(6, 'mdp-cloud', { kind: 'agentCloud' })],
      queues: [q(51, 5, { openToAllPipelines: true }), q(61, 6, { openToAllPipelines: true })],
      managedPools: { '5': posture('Stateful'), '6': posture('Stateful') },
    });
    const findings = run(POOL019, snap).findings;
    assert.deepEqual(findings.map((f) => f.resource.name).sort(), ['mdp-cloud', 'mdp-windows']);
    for (const finding of findings) {
      assert.equal(finding.evidence.managedPoolAgentProfile, 'Stateful');
      assert.match(finding.message, /Managed DevOps Pool '.*' has stateful agents/);
    }
  });

  it('without ARM data judges as before but says the agent profile was not read', () => {
    const snap = snapshot({ projects: [PROJECT, other], pools: [PROD], queues });
    const [finding] = run(POOL019, snap).findings;
    assert.match(String(finding.evidence.managedPoolAgentProfile), /^not read: .*azureSubscription.*stateless Managed DevOps Pool/);
    const withArm = run(POOL019, { ...snap, managedPools: {} }).findings;
    assert.equal(withArm[0].evidence.managedPoolAgentProfile, undefined, 'ARM read: a pool it does not list is not managed');
  });
});
