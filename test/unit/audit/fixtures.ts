/** Small builders for pool audit snapshots (plain data, no REST). */
import type { Identity } from '../../../tasks/common/model/identity';
import type { Agent, Pool } from '../../../tasks/common/model/pool';
import type { RoleAssignment, RoleName } from '../../../tasks/common/model/roles';
import { emptyPoolAuditSnapshot } from '../../../tasks/common/audit/snapshot';
import type { AuditedQueue, PoolAuditSnapshot } from '../../../tasks/common/audit/snapshot';

export const NOW = new Date('2026-06-15T12:00:00.000Z');
export const PROJECT = { id: 'p1', name: 'Web' };

export function pool(id: number, name: string, overrides: Partial<Pool> = {}): Pool {
  return {
    id,
    name,
    kind: 'selfHosted',
    poolType: 'automation',
    isHosted: false,
    options: [],
    size: 1,
    autoProvision: false,
    autoUpdate: true,
    ...overrides,
  };
}

export function hostedPool(id: number, name: string): Pool {
  return pool(id, name, { kind: 'hosted', isHosted: true });
}

export function user(id: string, displayName: string, overrides: Partial<Identity> = {}): Identity {
  return { id, kind: 'user', displayName, descriptor: `aad.${id}`, mailAddress: `${id}@contoso.com`, ...overrides };
}

export function adoGroup(id: string, displayName: string, overrides: Partial<Identity> = {}): Identity {
  return { id, kind: 'azureDevOpsGroup', displayName, descriptor: `vssgp.${id}`, ...overrides };
}

export function orgPoolRow(
  poolId: number,
  identity: Identity,
  role: RoleName,
  access: 'assigned' | 'inherited' = 'assigned',
): RoleAssignment {
  return { scope: 'orgPool', resourceId: String(poolId), poolId, identity, role, access };
}

export function orgAllRow(identity: Identity, role: RoleName): RoleAssignment {
  return { scope: 'orgAllPools', resourceId: '0', identity, role, access: 'assigned' };
}

export function queueRow(
  queueId: number,
  identity: Identity,
  role: RoleName,
  access: 'assigned' | 'inherited' = 'assigned',
): RoleAssignment {
  return {
    scope: 'projectQueue',
    resourceId: `${PROJECT.id}_${queueId}`,
    projectId: PROJECT.id,
    queueId,
    identity,
    role,
    access,
  };
}

export function projectAllRow(identity: Identity, role: RoleName): RoleAssignment {
  return { scope: 'projectAllPools', resourceId: PROJECT.id, projectId: PROJECT.id, identity, role, access: 'assigned' };
}

export function queue(id: number, poolId: number, name: string, openToAllPipelines: boolean | undefined): AuditedQueue {
  return { id, poolId, name, projectId: PROJECT.id, projectName: PROJECT.name, openToAllPipelines };
}

export function agent(id: number, poolId: number, overrides: Partial<Agent> = {}): Agent {
  return { id, name: `agent-${id}`, poolId, status: 'online', enabled: true, ...overrides };
}

/** A snapshot with one project; identities of every assignment are indexed automatically. */
export function snapshot(parts: Partial<PoolAuditSnapshot> = {}): PoolAuditSnapshot {
  const base = { ...emptyPoolAuditSnapshot('fabrikam'), projects: [PROJECT], ...parts };
  const identities = { ...base.identities };
  for (const row of base.roleAssignments) identities[row.identity.id] ??= row.identity;
  return { ...base, identities };
}

/** Ids of `count` users, registered in `identities`. */
export function members(prefix: string, count: number, identities: Record<string, Identity>): string[] {
  return Array.from({ length: count }, (_, i) => {
    const id = `${prefix}${i}`;
    identities[id] = user(id, `User ${prefix}${i}`);
    return id;
  });
}

export const DAY = 86_400_000;
