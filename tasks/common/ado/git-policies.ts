import { collect, pagesByHeader } from '../http/paging';
import { API_VERSIONS, type AdoApi } from './api';

/** Branch policy type ids (`PolicyType.id`) Pool Warden tells apart. */
export const BRANCH_POLICY_TYPE_IDS = {
  minimumReviewers: 'fa4e907d-c16b-4a4c-9dfa-4906e5d171dd',
  requiredReviewers: 'fd2167ab-b0be-447a-8ec8-39368250530e',
  build: '0609b952-1397-4640-95ec-e00a01b2c241',
  comments: 'c6a1889d-b943-4856-b76f-9e46bb6b0df2',
} as const;

interface RawPolicyConfiguration {
  id: number;
  type?: { id?: string; displayName?: string };
  isEnabled?: boolean;
  isBlocking?: boolean;
  isDeleted?: boolean;
  settings?: {
    minimumApproverCount?: number;
    creatorVoteCounts?: boolean;
    filenamePatterns?: string[];
  };
}

/** A branch policy that applies to a branch, reduced to what Pool Warden judges. */
export interface BranchPolicy {
  id: number;
  kind: 'minimumReviewers' | 'requiredReviewers' | 'build' | 'comments' | 'other';
  typeName: string;
  enabled: boolean;
  blocking: boolean;
  /** Reviewer policies: approvals needed (`minimumApproverCount`). */
  minimumApproverCount?: number;
  /** Reviewer policies: the author's own vote counts (`creatorVoteCounts`). */
  creatorVoteCounts?: boolean;
  /** Required reviewers: limited to some paths (`filenamePatterns`), so not every change needs them. */
  pathFiltered?: boolean;
}

const KINDS = Object.entries(BRANCH_POLICY_TYPE_IDS) as [BranchPolicy['kind'], string][];

function toBranchPolicy(raw: RawPolicyConfiguration): BranchPolicy {
  const typeId = raw.type?.id?.toLowerCase() ?? '';
  const kind = KINDS.find(([, id]) => id === typeId)?.[0] ?? 'other';
  const settings = raw.settings ?? {};
  const policy: BranchPolicy = {
    id: raw.id,
    kind,
    typeName: raw.type?.displayName ?? kind,
    enabled: raw.isEnabled === true,
    blocking: raw.isBlocking === true,
  };
  if (kind === 'minimumReviewers' || kind === 'requiredReviewers') {
    policy.minimumApproverCount = settings.minimumApproverCount ?? (kind === 'requiredReviewers' ? 1 : 0);
    policy.creatorVoteCounts = settings.creatorVoteCounts === true;
  }
  if (kind === 'requiredReviewers') policy.pathFiltered = (settings.filenamePatterns ?? []).length > 0;
  return policy;
}

/**
 * The branch policies that APPLY to one branch of an Azure Repos repository (the service resolves repository-wide,
 * project-wide and prefix scopes when both `repositoryId` and `refName` are given). Deleted policies are dropped.
 */
export async function listBranchPolicies(api: AdoApi, projectId: string, repositoryId: string, refName: string): Promise<BranchPolicy[]> {
  const raw = await collect(
    pagesByHeader<RawPolicyConfiguration>(api.client, api.url(`${encodeURIComponent(projectId)}/_apis/git/policy/configurations`), {
      query: { repositoryId, refName, 'api-version': API_VERSIONS.git },
    }),
  );
  return raw.filter((policy) => policy.isDeleted !== true).map(toBranchPolicy);
}

/** An Azure Repos repository's id and default branch, by name or id (`{project}/_apis/git/repositories/{repo}`). */
export async function getRepository(
  api: AdoApi,
  project: string,
  repository: string,
): Promise<{ id: string; name: string; defaultBranch: string }> {
  const response = await api.client.get<{ id?: string; name?: string; defaultBranch?: string }>(
    api.url(`${encodeURIComponent(project)}/_apis/git/repositories/${encodeURIComponent(repository)}`, {
      'api-version': API_VERSIONS.git,
    }),
  );
  if (!response.body?.id) throw new Error(`Repository '${repository}' of project '${project}' came back without an id`);
  return { id: response.body.id, name: response.body.name ?? repository, defaultBranch: response.body.defaultBranch ?? '' };
}
