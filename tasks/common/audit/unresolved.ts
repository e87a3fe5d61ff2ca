import { assignmentsToJudge, resolveIdentity } from './assignments';
import { describeResource } from './evidence';
import { scopeRef } from './refs';
import type { PoolAuditSnapshot } from './snapshot';

/** A role holder graph could not resolve: no rule can classify it, so the report lists it for a human. */
export interface UnresolvedRoleHolder {
  id: string;
  displayName: string;
  /** e.g. "Reader on agent pool 'Default'". */
  roles: string[];
}

/**
 * Role holders whose identity could not be resolved (deleted, or from a directory the organization no longer
 * reaches). Each grant is listed once, at its origin (inherited repeats are dropped as the rules do).
 */
export function unresolvedRoleHolders(snapshot: PoolAuditSnapshot): UnresolvedRoleHolder[] {
  const byId = new Map<string, UnresolvedRoleHolder>();
  for (const row of assignmentsToJudge(snapshot.roleAssignments)) {
    const identity = resolveIdentity(row.identity, snapshot);
    if (!identity.unresolved) continue;
    let holder = byId.get(identity.id);
    if (!holder) {
      holder = { id: identity.id, displayName: identity.displayName, roles: [] };
      byId.set(identity.id, holder);
    }
    const role = `${row.role} on ${describeResource(scopeRef(row, snapshot))}`;
    if (!holder.roles.includes(role)) holder.roles.push(role);
  }
  return [...byId.values()];
}
