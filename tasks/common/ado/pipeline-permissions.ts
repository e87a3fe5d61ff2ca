import { API_VERSIONS, type AdoApi } from './api';

interface RawPipelinePermissions {
  resource?: { type: string; id: string };
  allPipelines?: { authorized?: boolean } | null;
  pipelines?: { id: number; authorized?: boolean }[];
}

export interface QueuePipelinePermissions {
  /** `allPipelines` is omitted by the service unless "grant access to all pipelines" is on. */
  openToAllPipelines: boolean;
  authorizedPipelineIds: number[];
}

function url(api: AdoApi, projectId: string, queueId: number): string {
  return api.url(`${encodeURIComponent(projectId)}/_apis/pipelines/pipelinePermissions/queue/${queueId}`, {
    'api-version': API_VERSIONS.pipelinePermissions,
  });
}

export async function getQueuePipelinePermissions(api: AdoApi, projectId: string, queueId: number): Promise<QueuePipelinePermissions> {
  const response = await api.client.get<RawPipelinePermissions>(url(api, projectId, queueId));
  return {
    openToAllPipelines: response.body?.allPipelines?.authorized === true,
    authorizedPipelineIds: (response.body?.pipelines ?? []).filter((p) => p.authorized).map((p) => p.id),
  };
}

/** Turns "grant access to all pipelines" off for a queue (pipelines keep their explicit authorizations). */
export async function closeQueueToAllPipelines(api: AdoApi, projectId: string, queueId: number): Promise<void> {
  await api.client.send('PATCH', url(api, projectId, queueId), {
    body: { resource: { type: 'queue', id: String(queueId) }, allPipelines: { authorized: false } },
    idempotent: true,
  });
}
