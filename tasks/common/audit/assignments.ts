/**
 * Helpers over role assignments: which rows to judge (without repeating one grant once per child scope)
 * and who effectively administers a pool.
 */
import type { ResourceRef } from '../model/finding';
import type { Identity } from '../model/identity';
import type { RoleAssignment, RoleScopeKind } from '../model/roles';
import { isGroup } from './classify';
import { scopeRef } from './refs';
import type { RuleResultBuilder } from './rule';
import type { PoolAuditSnapshot } from './snapshot';

const PARENT_SCOPE: Partial<Record<RoleScopeKind, RoleScopeKind>> = {
  orgPool: 'orgAllPools',
  projectQueue: 'projectAllPools',
};

function projectOf(assignment: RoleAssignment): string {
  return assignment.projectId ?? assignment.resourceId.split('_')[0];
}

function sameOrigin(inherited: RoleAssignment, candidate: RoleAssignment): boolean {
  if (candidate.access !== 'assigned') return false;
  if (candidate.scope !== PARENT_SCOPE[inherited.scope]) return false;
  if (candidate.identity.id !== inherited.identity.id || candidate.role !== inherited.role) return false;
  return inherited.scope === 'orgPool' || projectOf(candidate) === projectOf(inherited);
}

/**
 * The assignments a rule should judge: every assigned row, plus inherited rows whose assigned origin on
 * the parent scope is NOT in the snapshot (e.g. the parent was unreadable). REST repeats a grant on
 * "All agent pools" as an inherited row on every pool; judging those would report one grant N times.
 */
export function assignmentsToJudge(assignments: readonly RoleAssignment[]): RoleAssignment[] {
  return assignments.filter((row) => row.access === 'assigned' || !assignments.some((candidate) => sameOrigin(row, candidate)));
}

/** A role assignment a rule judges, with the resource it grants on and its resolved identity. */
export interface JudgedAssignment {
  row: RoleAssignment;
  resource: ResourceRef;
  identity: Identity;
}

/**
 * The walk every assignment rule makes: each row's resource counts as evaluated (so JUnit shows the passing check),
 * a grant repeated on child scopes is judged once at its origin, and the identity is the snapshot's resolved one.
 */
export function* judgedAssignments(
  rows: readonly RoleAssignment[],
  snapshot: PoolAuditSnapshot,
  out: RuleResultBuilder,
): Generator<JudgedAssignment> {
  const judged = new Set(assignmentsToJudge(rows));
  for (const row of rows) {
    const resource = scopeRef(row, snapshot);
    out.evaluatedOn(resource);
    if (judged.has(row)) yield { row, resource, identity: resolveIdentity(row.identity, snapshot) };
  }
}

/** The snapshot's copy of an identity (richer: state, kind) or the one carried by the assignment. */
export function resolveIdentity(identity: Identity, snapshot: PoolAuditSnapshot): Identity {
  return snapshot.identities[identity.id] ?? identity;
}

/**
 * Administrator rows that govern org pool `poolId`: its own listing (REST includes inherited rows).
 * When the snapshot holds no rows for the pool at all (listing unread), the organization-wide
 * "All agent pools" rows stand in for it, as they are inherited by every pool.
 */
export function orgAdministratorRowsForPool(poolId: number, snapshot: PoolAuditSnapshot): RoleAssignment[] {
  const isPoolRow = (row: RoleAssignment) => row.scope === 'orgPool' && (row.poolId ?? Number(row.resourceId)) === poolId;
  const poolRows = snapshot.roleAssignments.filter(isPoolRow);
  const source = poolRows.length > 0 ? poolRows : snapshot.roleAssignments.filter((row) => row.scope === 'orgAllPools');
  return source.filter((row) => row.role === 'Administrator');
}

export interface EffectiveMembers {
  /** Distinct non-group identity ids. */
  memberIds: string[];
  /** Groups whose membership was not expanded (counted as one member each, see caller). */
  unexpandedGroupIds: string[];
  /** Groups whose expansion hit the depth cap. */
  truncatedGroupIds: string[];
}

/**
 * Effective members behind a set of identities: users as themselves, groups through
 * `snapshot.groupExpansions`. Groups without an expansion are reported as unexpanded.
 * One person is counted once: role rows name people by storage key while group members are known by
 * descriptor, so people are de-duplicated by descriptor when it is known.
 */
export function effectiveMembers(identities: readonly Identity[], snapshot: PoolAuditSnapshot): EffectiveMembers {
  const people = new Map<string, string>(); // descriptor (or id) → id
  const addPerson = (id: string, descriptor: string | undefined) => {
    const key = descriptor ?? id;
    if (!people.has(key)) people.set(key, id);
  };
  const unexpanded = new Set<string>();
  const truncated = new Set<string>();
  for (const identity of identities) {
    const resolved = resolveIdentity(identity, snapshot);
    if (!isGroup(resolved)) {
      addPerson(identity.id, resolved.descriptor ?? identity.descriptor);
      continue;
    }
    const expansion = snapshot.groupExpansions[identity.id];
    if (!expansion) {
      unexpanded.add(identity.id);
      continue;
    }
    if (expansion.truncated) truncated.add(identity.id);
    for (const id of expansion.effectiveMemberIds) addPerson(id, snapshot.identities[id]?.descriptor);
  }
  return { memberIds: [...people.values()], unexpandedGroupIds: [...unexpanded], truncatedGroupIds: [...truncated] };
}
