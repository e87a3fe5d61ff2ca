import { API_VERSIONS, type AdoApi } from './api';

/** `BuildDefinition` fields Pool Warden reads (build 7.1). */
interface RawBuildDefinition {
  id: number;
  name?: string;
  path?: string;
  process?: { type?: number; yamlFilename?: string };
  repository?: { id?: string; type?: string; name?: string; defaultBranch?: string };
}

/** Where a pipeline's code comes from. */
export interface PipelineSource {
  id: number;
  name: string;
  /** True for YAML pipelines (`process.type` 2). */
  yaml: boolean;
  repository: {
    id: string;
    /** `TfsGit` = Azure Repos; `GitHub`, `Bitbucket`, `TfsVersionControl`, … otherwise. */
    type: string;
    name: string;
    /** e.g. `refs/heads/main`; empty when the definition has none. */
    defaultBranch: string;
  };
}

/** One pipeline (build definition) of a project, with its repository and default branch. */
export async function getPipelineSource(api: AdoApi, projectId: string, definitionId: number): Promise<PipelineSource> {
  const response = await api.client.get<RawBuildDefinition>(
    api.url(`${encodeURIComponent(projectId)}/_apis/build/definitions/${definitionId}`, { 'api-version': API_VERSIONS.build }),
  );
  const raw = response.body;
  if (!raw || typeof raw.id !== 'number') throw new Error(`Build definition ${definitionId} of project ${projectId} came back empty`);
  const repository = raw.repository ?? {};
  return {
    id: raw.id,
    name: raw.name ?? `pipeline ${raw.id}`,
    yaml: raw.process?.type === 2,
    repository: {
      id: repository.id ?? '',
      type: repository.type ?? '',
      name: repository.name ?? '',
      defaultBranch: repository.defaultBranch ?? '',
    },
  };
}
