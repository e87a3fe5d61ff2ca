/**
 * Work item tracking (SPEC `wit/7.1/workItemTracking.json`): the states of a work item type, a flat WIQL query,
 * work items by id, create and update with a JSON Patch document, and comments (preview only).
 */
import { API_VERSIONS, valuesOf, type AdoApi, type Collection } from './api';

export interface WorkItemTypeState {
  name: string;
  /** `Proposed` | `InProgress` | `Resolved` | `Completed` | `Removed` (processes may add none of their own). */
  category: string;
}

export interface WorkItemRecord {
  id: number;
  rev: number;
  fields: Record<string, unknown>;
}

/** One JSON Patch operation on a work item field (`/fields/System.Title`). */
export interface FieldPatch {
  op: 'add' | 'replace' | 'remove';
  path: string;
  value?: unknown;
}

/** The service takes at most 200 ids per work items request. */
export const MAX_IDS_PER_REQUEST = 200;

const JSON_PATCH = { 'Content-Type': 'application/json-patch+json' };

function projectUrl(api: AdoApi, project: string, path: string, query: Record<string, string | number | undefined>): string {
  return api.url(`${encodeURIComponent(project)}/_apis/wit/${path}`, query);
}

/** The states of a work item type in a project's process, each with its category. */
export async function getWorkItemTypeStates(api: AdoApi, project: string, type: string): Promise<WorkItemTypeState[]> {
  const response = await api.client.get<Collection<WorkItemTypeState>>(
    projectUrl(api, project, `workitemtypes/${encodeURIComponent(type)}/states`, { 'api-version': API_VERSIONS.workItems }),
  );
  return valuesOf(response.body);
}

/** Ids a flat WIQL query returns, at most `top`. */
export async function queryWorkItemIds(api: AdoApi, project: string, wiql: string, top: number): Promise<number[]> {
  const response = await api.client.send<{ workItems?: { id: number }[] }>(
    'POST',
    projectUrl(api, project, 'wiql', { $top: top, 'api-version': API_VERSIONS.workItems }),
    { body: { query: wiql }, idempotent: true },
  );
  return (response.body?.workItems ?? []).map((item) => item.id);
}

/** Work items by id with only the given fields, in requests of at most 200 ids. */
export async function getWorkItems(
  api: AdoApi,
  project: string,
  ids: readonly number[],
  fields: readonly string[],
): Promise<WorkItemRecord[]> {
  const result: WorkItemRecord[] = [];
  for (let start = 0; start < ids.length; start += MAX_IDS_PER_REQUEST) {
    const chunk = ids.slice(start, start + MAX_IDS_PER_REQUEST);
    const response = await api.client.get<Collection<WorkItemRecord>>(
      projectUrl(api, project, 'workitems', { ids: chunk.join(','), fields: fields.join(','), 'api-version': API_VERSIONS.workItems }),
    );
    result.push(...valuesOf(response.body));
  }
  return result;
}

/** Creates a work item of `type` from field patches (never retried: a repeat would create a second one). */
export async function createWorkItem(api: AdoApi, project: string, type: string, patch: readonly FieldPatch[]): Promise<WorkItemRecord> {
  const response = await api.client.send<WorkItemRecord>(
    'POST',
    projectUrl(api, project, `workitems/$${encodeURIComponent(type)}`, { 'api-version': API_VERSIONS.workItems }),
    { body: patch, headers: JSON_PATCH },
  );
  return response.body;
}

/** Updates fields of a work item (setting the same values again changes nothing, so it may be retried). */
export async function updateWorkItem(api: AdoApi, project: string, id: number, patch: readonly FieldPatch[]): Promise<WorkItemRecord> {
  const response = await api.client.send<WorkItemRecord>(
    'PATCH',
    projectUrl(api, project, `workitems/${id}`, { 'api-version': API_VERSIONS.workItems }),
    { body: patch, headers: JSON_PATCH, idempotent: true },
  );
  return response.body;
}

/** Adds a comment (markdown or HTML text) to a work item's discussion. */
export async function addWorkItemComment(api: AdoApi, project: string, id: number, text: string): Promise<void> {
  await api.client.send('POST', projectUrl(api, project, `workItems/${id}/comments`, { 'api-version': API_VERSIONS.workItemComments }), {
    body: { text },
  });
}
