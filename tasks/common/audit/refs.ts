/** Resource and principal references for pool audit findings, built the same way by every rule. */
import type { PrincipalRef, ResourceRef } from '../model/finding';
import type { Identity } from '../model/identity';
import type { Agent, Pool } from '../model/pool';
import type { RoleAssignment, RoleScopeKind } from '../model/roles';
import type { AuditedQueue, PoolAuditSnapshot } from './snapshot';

export function poolRef(pool: Pool): ResourceRef {
  return { kind: 'pool', id: String(pool.id), name: pool.name };
}

/** The name of the queue's project: from the queue, else from the snapshot's projects, else its id. */
export function queueProjectName(queue: AuditedQueue, snapshot: PoolAuditSnapshot): string {
  return queue.projectName ?? snapshot.projects.find((p) => p.id === queue.projectId)?.name ?? queue.projectId;
}

export function queueRef(queue: AuditedQueue, snapshot: PoolAuditSnapshot): ResourceRef {
  const projectName = queueProjectName(queue, snapshot);
  return {
    kind: 'queue',
    id: String(queue.id),
    name: queue.name,
    parent: { kind: 'project', id: queue.projectId, name: projectName },
  };
}

export function agentRef(agent: Agent, pool: Pool): ResourceRef {
  return {
    kind: 'agent',
    id: String(agent.id),
    name: agent.name,
    parent: { kind: 'pool', id: String(pool.id), name: pool.name },
  };
}

export function principalRef(identity: Identity): PrincipalRef {
  const ref: PrincipalRef = { id: identity.id, displayName: identity.displayName, kind: identity.kind };
  if (identity.principalName) ref.principalName = identity.principalName;
  if (identity.mailAddress) ref.mailAddress = identity.mailAddress;
  return ref;
}

const SCOPE_LABELS: Record<RoleScopeKind, string> = {
  orgAllPools: 'organization › All agent pools',
  orgPool: 'organization › agent pool',
  projectAllPools: 'project › All agent pools',
  projectQueue: 'project › agent pool (queue)',
};

/** Human label of a role scope kind, for evidence. */
export function scopeLabel(scope: RoleScopeKind): string {
  return SCOPE_LABELS[scope];
}

function projectIdOf(assignment: RoleAssignment): string {
  return assignment.projectId ?? assignment.resourceId.split('_')[0];
}

function queueIdOf(assignment: RoleAssignment): number | undefined {
  if (assignment.queueId !== undefined) return assignment.queueId;
  const tail = assignment.resourceId.split('_')[1];
  return tail === undefined ? undefined : Number(tail);
}

/** The resource an assignment's scope stands for: organization, pool, project or queue. */
export function scopeRef(assignment: RoleAssignment, snapshot: PoolAuditSnapshot): ResourceRef {
  switch (assignment.scope) {
    case 'orgAllPools':
      return { kind: 'organization', id: snapshot.organization, name: snapshot.organization };
    case 'orgPool': {
      const poolId = assignment.poolId ?? Number(assignment.resourceId);
      const pool = snapshot.pools.find((p) => p.id === poolId);
      return pool ? poolRef(pool) : { kind: 'pool', id: String(poolId), name: `pool ${poolId}` };
    }
    case 'projectAllPools': {
      const projectId = projectIdOf(assignment);
      const project = snapshot.projects.find((p) => p.id === projectId);
      return { kind: 'project', id: projectId, name: project?.name ?? projectId };
    }
    case 'projectQueue': {
      const queueId = queueIdOf(assignment);
      const projectId = projectIdOf(assignment);
      const queue = snapshot.queues.find((q) => q.id === queueId && q.projectId === projectId);
      if (queue) return queueRef(queue, snapshot);
      const project = snapshot.projects.find((p) => p.id === projectId);
      return {
        kind: 'queue',
        id: String(queueId),
        name: `queue ${queueId}`,
        parent: { kind: 'project', id: projectId, name: project?.name ?? projectId },
      };
    }
  }
}
