import type { MarkdownSection } from '../report';
import type { PoolAuditSnapshot } from './snapshot';

/** "Who holds Administrator where": one row per assigned Administrator grant, broadest scopes first. */
export function administratorsSection(snapshot: PoolAuditSnapshot): MarkdownSection {
  const order = { orgAllPools: 0, orgPool: 1, projectAllPools: 2, projectQueue: 3 } as const;
  const pools = new Map(snapshot.pools.map((pool) => [String(pool.id), pool.name]));
  const projects = new Map(snapshot.projects.map((project) => [project.id, project.name]));
  const rows = snapshot.roleAssignments
    .filter((row) => row.role === 'Administrator' && row.access === 'assigned')
    .sort((a, b) => order[a.scope] - order[b.scope])
    .map((row) => {
      const where =
        row.scope === 'orgAllPools'
          ? 'All agent pools (organization)'
          : row.scope === 'orgPool'
            ? `pool ${pools.get(row.resourceId) ?? row.resourceId}`
            : row.scope === 'projectAllPools'
              ? `All agent pools in ${projects.get(row.resourceId) ?? row.resourceId}`
              : `queue ${row.queueId ?? ''} in ${projects.get(row.projectId ?? '') ?? row.projectId ?? ''}`;
      const identity = snapshot.identities[row.identity.id] ?? row.identity;
      const members = snapshot.groupExpansions[identity.id]?.effectiveMemberIds.length;
      return [where, identity.displayName, identity.kind, members ?? ''];
    });
  return { title: 'Who holds Administrator', table: { headers: ['Where', 'Identity', 'Kind', 'Effective members'], rows } };
}
