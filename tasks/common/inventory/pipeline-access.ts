/**
 * Who may use each queue of a self-hosted pool and the checks on it, shown by the inventory without judging
 * (PoolRoleAudit judges the same facts). One check batch per project; pipeline permissions one request per queue.
 */
import type { AdoApi } from '../ado/api';
import { readQueueChecks } from '../ado/checks';
import { getQueuePipelinePermissions } from '../ado/pipeline-permissions';
import { mapConcurrent } from '../http/gate';
import type { QueueCheck } from '../model/checks';
import type { Queue } from '../model/pool';
import type { InventoryQueueAccess, InventoryReport } from './report';

/** Key of a queue in the map `readPipelineAccess` returns. */
export const queueAccessKey = (queue: Pick<Queue, 'projectId' | 'id'>) => `${queue.projectId}_${queue.id}`;

export async function readPipelineAccess(
  ado: AdoApi,
  queues: readonly Queue[],
  concurrency: number,
  missing: InventoryReport['missing'],
): Promise<Map<string, InventoryQueueAccess>> {
  const note = (scope: string) => (error: unknown) => {
    missing.push({ scope, reason: (error as Error).message });
    return undefined;
  };
  const byProject = new Map<string, Queue[]>();
  for (const queue of queues) byProject.set(queue.projectId, [...(byProject.get(queue.projectId) ?? []), queue]);
  const checks = new Map<string, QueueCheck[]>();
  const [permissions] = await Promise.all([
    mapConcurrent(queues, concurrency, (queue) =>
      getQueuePipelinePermissions(ado, queue.projectId, queue.id).catch(
        note(`pipeline permissions of queue ${queue.name} in project ${queue.projectName ?? queue.projectId}`),
      ),
    ),
    mapConcurrent([...byProject.entries()], concurrency, async ([projectId, projectQueues]) => {
      const project = projectQueues[0].projectName ?? projectId;
      const read = await readQueueChecks(ado, projectId, projectQueues).catch(note(`checks of the agent pools of project ${project}`));
      for (const queue of projectQueues) {
        const failure = read?.failed.get(queue.id);
        if (failure) note(`checks of queue ${queue.name} in project ${project}`)(failure);
        const found = read?.byQueue.get(queue.id);
        if (found) checks.set(queueAccessKey(queue), found);
      }
    }),
  ]);
  const access = new Map<string, InventoryQueueAccess>();
  queues.forEach((queue, index) => {
    const permission = permissions[index];
    const queueChecks = checks.get(queueAccessKey(queue));
    access.set(queueAccessKey(queue), {
      openToAllPipelines: permission ? permission.openToAllPipelines : null,
      authorizedPipelineIds: permission ? permission.authorizedPipelineIds : null,
      checks: queueChecks
        ? queueChecks.map((check) => ({
            id: check.id,
            kind: check.kind,
            displayName: check.displayName,
            disabled: check.disabled,
            ...(check.branchControl ? { allowedBranches: check.branchControl.allowedBranches } : {}),
          }))
        : null,
    });
  });
  return access;
}
