/**
 * Recursive group expansion with a depth cap and cycle detection. Each distinct group's direct members are
 * fetched at most ONCE per expander (i.e. per run), also when several expansions ask for the same group at
 * the same time: they share the in-flight promise. How many fetches are in flight is bounded where every request
 * is: by the HTTP layer's RequestGate (a second limiter here would also split the resolver's batched lookups).
 */
import type { GroupExpansion, Identity } from '../model/identity';
import { isGroup } from './classify';

export interface GroupExpanderOptions {
  /** Direct members of the group with this subject descriptor (graph memberships, direction down, depth 1). */
  getMembers(descriptor: string): Promise<Identity[]>;
  /**
   * How many group levels to open: 1 = only the requested group's direct members; nested groups at the
   * cap are not opened and the expansion is marked `truncated`. Must be ≥ 1.
   */
  maxDepth: number;
}

export interface GroupExpander {
  /** Effective (transitive, non-group) members of `group`. Rejects if a fetch fails. */
  expand(group: Identity): Promise<GroupExpansion>;
  /** Every member identity fetched so far, keyed by id (to fill `PoolAuditSnapshot.identities`). */
  knownIdentities(): Record<string, Identity>;
  /** Number of distinct groups fetched so far. */
  fetchedGroupCount(): number;
}

export function createGroupExpander(options: GroupExpanderOptions): GroupExpander {
  if (!Number.isInteger(options.maxDepth) || options.maxDepth < 1) {
    throw new Error(`Group expansion maxDepth must be an integer ≥ 1, got ${String(options.maxDepth)}`);
  }
  const membersByDescriptor = new Map<string, Promise<Identity[]>>();
  const identities: Record<string, Identity> = {};

  function directMembers(descriptor: string): Promise<Identity[]> {
    let pending = membersByDescriptor.get(descriptor);
    if (!pending) {
      pending = options.getMembers(descriptor).then((members) => {
        for (const member of members) identities[member.id] ??= member;
        return members;
      });
      // Cache the promise before it settles so concurrent callers share it.
      membersByDescriptor.set(descriptor, pending);
    }
    return pending;
  }

  async function expand(group: Identity): Promise<GroupExpansion> {
    const memberIds = new Set<string>();
    const cycles = new Set<string>();
    let truncated = false;

    // Depth-first over one path at a time so "seen twice on one path" means a real cycle (A→B→A), while a
    // diamond (A→B→D, A→C→D) is not one. Siblings are walked in parallel; fetches are shared via the cache.
    // Paths hold descriptors: the group being expanded usually carries its storage key as id (from a role
    // assignment) while the same group reached as a member is known by descriptor only.
    const keyOf = (identity: Identity) => identity.descriptor ?? identity.id;
    async function walk(current: Identity, depth: number, path: ReadonlySet<string>): Promise<void> {
      if (!current.descriptor) {
        truncated = true; // a group we cannot address: its members are unknown
        return;
      }
      const members = await directMembers(current.descriptor);
      await Promise.all(
        members.map(async (member) => {
          if (!isGroup(member)) {
            memberIds.add(member.id);
            return;
          }
          if (path.has(keyOf(member))) {
            cycles.add(member.id);
            return;
          }
          if (depth + 1 > options.maxDepth) {
            truncated = true;
            return;
          }
          await walk(member, depth + 1, new Set([...path, keyOf(member)]));
        }),
      );
    }

    await walk(group, 1, new Set([keyOf(group)]));
    return { groupId: group.id, effectiveMemberIds: [...memberIds].sort(), truncated, cycles: [...cycles].sort() };
  }

  return {
    expand,
    knownIdentities: () => ({ ...identities }),
    fetchedGroupCount: () => membersByDescriptor.size,
  };
}
