/**
 * Approvals and checks, pipelines, repositories and branch policies of the sample organization: each of POOL014–POOL019
 * fires somewhere and has a near miss next to it (see tasks/common/audit/README.md). Dates relative to `now`.
 */
import type { SAMPLE_IDS } from './sample-org';
import type { OrgSeed, SeedCheckConfiguration, SeedPipelinePermission } from './seed';

/** Fixed ids of the planted pipelines, repositories and checks, for tests to name. */
export const SAMPLE_CHECK_IDS = {
  pipelines: { platformCi: 5, platformDeploy: 7, githubTools: 9, platformNightly: 11 },
  repositories: {
    platformApp: 'a7000000-0000-4000-8000-000000000001',
    infra: 'a7000000-0000-4000-8000-000000000002',
    templates: 'a7000000-0000-4000-8000-000000000003',
  },
  checks: {
    platformApproval: 1,
    platformBranchControl: 2,
    platformTemplate: 3,
    elasticLooseBranchControl: 4,
    linuxReleaseTemplate: 5,
    selfManagedDisabledApproval: 6,
    websiteBroadApproval: 7,
    paymentsBusinessHours: 8,
  },
} as const;

const APPROVAL = { id: '8c6f20a7-a545-4486-9777-f762fafe0d4d', name: 'Approval' };
const TASK_CHECK = { id: 'fe1de3ee-a436-41b4-bb20-f6eb4cb879a7', name: 'Task Check' };
const EXTENDS_CHECK = { id: '4020e66e-b0f3-47e1-bc88-48f3cc59b5f3', name: 'ExtendsCheck' };
const BRANCH_CONTROL_REF = { id: '86b05a0c-73e6-4f7d-b3cf-e38f3b39a75b', name: 'evaluatebranchProtection', version: '0.0.1' };
const BUSINESS_HOURS_REF = { id: '445fde2f-6c39-441c-807f-8a59ff2e075f', name: 'evaluateBusinessHours', version: '0.0.1' };
const MINIMUM_REVIEWERS = { id: 'fa4e907d-c16b-4a4c-9dfa-4906e5d171dd', name: 'Minimum number of reviewers' };
const BUILD_VALIDATION = { id: '0609b952-1397-4640-95ec-e00a01b2c241', name: 'Build' };

type Ids = typeof SAMPLE_IDS;
type PipelineAccessSeed = Required<Pick<OrgSeed, 'checkConfigurations' | 'buildDefinitions' | 'repositories' | 'branchPolicies'>> & {
  pipelinePermissions: SeedPipelinePermission[];
};

export function samplePipelineAccess(ids: Ids, at: (days: number) => string): PipelineAccessSeed {
  const P = ids.projects;
  const Q = ids.queues;
  const R = SAMPLE_CHECK_IDS.repositories;
  const C = SAMPLE_CHECK_IDS.checks;
  const pl = SAMPLE_CHECK_IDS.pipelines;
  const check = (
    id: number,
    projectId: string,
    queueId: number,
    type: { id: string; name: string },
    settings: Record<string, unknown>,
    extra: Partial<SeedCheckConfiguration> = {},
  ): SeedCheckConfiguration => ({
    id,
    projectId,
    resourceType: 'queue',
    resourceId: String(queueId),
    typeId: type.id,
    typeName: type.name,
    settings,
    timeout: 43200,
    createdById: ids.users.carol,
    createdOn: at(-40),
    ...extra,
  });
  const branchControl = (allowedBranches: string, verify: boolean) => ({
    displayName: 'Branch control',
    definitionRef: BRANCH_CONTROL_REF,
    inputs: { allowedBranches, ensureProtectionOfBranch: String(verify), ...(verify ? { allowUnknownStatusBranch: 'false' } : {}) },
    retryInterval: 5,
    linkedVariableGroup: null,
  });
  const approval = (approverIds: string[], requesterCannotBeApprover: boolean) => ({
    approvers: approverIds.map((id) => ({ id })),
    blockedApprovers: [],
    executionOrder: 'anyOrder',
    minRequiredApprovers: 1,
    instructions: 'Check the change before it runs on our agents.',
    requesterCannotBeApprover,
  });
  const template = (repositoryRef: string) => ({
    extendsChecks: [
      { repositoryType: 'git', repositoryName: 'Platform/pipeline-templates', repositoryRef, templatePath: 'templates/secure.yml' },
    ],
  });
  const policy = (
    id: number,
    type: { id: string; name: string },
    repositoryId: string,
    refName: string,
    settings: Record<string, unknown>,
    isBlocking = true,
  ) => ({
    id,
    projectId: P.platform,
    typeId: type.id,
    typeDisplayName: type.name,
    isEnabled: true,
    isBlocking,
    settings: { ...settings, scope: [{ repositoryId, refName, matchKind: 'Exact' as const }] },
  });
  const authorize = (projectId: string, queueId: number, pipelineIds: number[]): SeedPipelinePermission => ({
    projectId,
    queueId,
    pipelines: pipelineIds.map((id) => ({ id, authorized: true, authorizedById: ids.users.carol, authorizedOn: at(-25) })),
  });

  return {
    checkConfigurations: [
      // Near misses: an approval by a small group that the requester cannot give, a strict branch control, a template
      // from a protected branch (and one from GitHub, not checked).
      check(C.platformApproval, P.platform, Q.platformDefault, APPROVAL, approval([ids.groups.platformAdmins], true)),
      check(C.platformBranchControl, P.platform, Q.platformDefault, TASK_CHECK, branchControl('refs/heads/main', true)),
      check(C.platformTemplate, P.platform, Q.platformDefault, EXTENDS_CHECK, {
        extendsChecks: [
          ...template('refs/heads/main').extendsChecks,
          {
            repositoryType: 'github',
            repositoryName: 'contoso/pipeline-templates',
            repositoryRef: 'refs/heads/main',
            templatePath: 'ci.yml',
          },
        ],
      }),
      // POOL015: any feature branch, protection not verified.
      check(
        C.elasticLooseBranchControl,
        P.platform,
        Q.platformElastic,
        TASK_CHECK,
        branchControl('refs/heads/main, refs/heads/feature/*', false),
      ),
      // POOL017: the template's release branch has a policy, but not a blocking one.
      check(C.linuxReleaseTemplate, P.platform, Q.platformLinux, EXTENDS_CHECK, template('refs/heads/release')),
      // POOL014 on a queue whose only approval is disabled.
      check(C.selfManagedDisabledApproval, P.platform, Q.platformSelfManaged, APPROVAL, approval([ids.users.alice], true), {
        isDisabled: true,
      }),
      // POOL016: Contributors may approve (and, were the pool sensitive, the requester too).
      check(C.websiteBroadApproval, P.website, Q.websiteDefault, APPROVAL, approval([ids.groups.websiteContributors], false)),
      check(C.paymentsBusinessHours, P.payments, Q.paymentsDefault, TASK_CHECK, {
        displayName: 'Office hours only',
        definitionRef: BUSINESS_HOURS_REF,
        inputs: { businessDays: 'Monday,Tuesday,Wednesday,Thursday,Friday', timeZone: 'UTC', startTime: '07:00', endTime: '18:00' },
        retryInterval: 5,
      }),
    ],
    buildDefinitions: [
      {
        id: pl.platformCi,
        projectId: P.platform,
        name: 'platform-ci',
        path: '\\',
        processType: 2,
        yamlFilename: 'azure-pipelines.yml',
        repository: { id: R.platformApp, type: 'TfsGit', name: 'platform-app', defaultBranch: 'refs/heads/main' },
      },
      {
        id: pl.platformDeploy,
        projectId: P.platform,
        name: 'platform-deploy',
        path: '\\deploy',
        processType: 2,
        yamlFilename: 'deploy.yml',
        repository: { id: R.infra, type: 'TfsGit', name: 'infra', defaultBranch: 'refs/heads/main' },
      },
      {
        id: pl.githubTools,
        projectId: P.platform,
        name: 'tools-github',
        path: '\\',
        processType: 2,
        yamlFilename: 'azure-pipelines.yml',
        repository: { id: 'contoso/tools', type: 'GitHub', name: 'contoso/tools', defaultBranch: 'refs/heads/main' },
      },
      {
        id: pl.platformNightly,
        projectId: P.platform,
        name: 'platform-nightly',
        path: '\\',
        processType: 2,
        yamlFilename: 'nightly.yml',
        repository: { id: R.platformApp, type: 'TfsGit', name: 'platform-app', defaultBranch: 'refs/heads/main' },
      },
    ],
    repositories: [
      { id: R.platformApp, projectId: P.platform, name: 'platform-app', defaultBranch: 'refs/heads/main' },
      { id: R.infra, projectId: P.platform, name: 'infra', defaultBranch: 'refs/heads/main' },
      { id: R.templates, projectId: P.platform, name: 'pipeline-templates', defaultBranch: 'refs/heads/main' },
    ],
    branchPolicies: [
      // platform-app@main: two reviewers, the author's vote does not count (POOL018 near miss).
      policy(101, MINIMUM_REVIEWERS, R.platformApp, 'refs/heads/main', { minimumApproverCount: 2, creatorVoteCounts: false }),
      // infra@main: build validation, and a reviewer policy the author can satisfy alone (POOL018 fires).
      policy(102, BUILD_VALIDATION, R.infra, 'refs/heads/main', { buildDefinitionId: pl.platformCi, queueOnSourceUpdateOnly: true }),
      policy(103, MINIMUM_REVIEWERS, R.infra, 'refs/heads/main', { minimumApproverCount: 1, creatorVoteCounts: true }),
      // pipeline-templates: main protected, release only advisory (POOL017).
      policy(104, MINIMUM_REVIEWERS, R.templates, 'refs/heads/main', { minimumApproverCount: 1, creatorVoteCounts: false }),
      policy(105, MINIMUM_REVIEWERS, R.templates, 'refs/heads/release', { minimumApproverCount: 1, creatorVoteCounts: false }, false),
    ],
    pipelinePermissions: [
      authorize(P.platform, Q.platformElastic, [pl.platformCi]),
      authorize(P.platform, Q.platformSelfManaged, [pl.platformNightly]),
    ],
  };
}
