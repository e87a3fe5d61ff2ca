import { collect, pagesByHeader } from '../http/paging';
import type { Project, Queue } from '../model/pool';
import { API_VERSIONS, valuesOf, type AdoApi, type Collection } from './api';

interface RawProject {
  id: string;
  name: string;
  state?: string;
}

interface RawQueue {
  id: number;
  name: string;
  projectId: string;
  pool?: { id: number; name?: string };
}

/** All well-formed projects (header continuation tokens). */
export async function listProjects(api: AdoApi): Promise<Project[]> {
  const raw = await collect(
    pagesByHeader<RawProject>(api.client, api.url('_apis/projects'), {
      query: { stateFilter: 'wellFormed', $top: 500, 'api-version': API_VERSIONS.projects },
    }),
  );
  return raw.map((project) => ({ id: project.id, name: project.name }));
}

/** The agent queues of one project (each maps to an organization pool). */
export async function listQueues(api: AdoApi, project: Project): Promise<Queue[]> {
  const response = await api.client.get<Collection<RawQueue>>(
    api.url(`${encodeURIComponent(project.id)}/_apis/distributedtask/queues`, { 'api-version': API_VERSIONS.distributedTask }),
  );
  return valuesOf(response.body)
    .filter((queue) => queue.pool)
    .map((queue) => ({
      id: queue.id,
      name: queue.name,
      projectId: queue.projectId ?? project.id,
      projectName: project.name,
      poolId: queue.pool!.id,
    }));
}
