/**
 * The Managed DevOps Pool posture of audited pools: `permissionProfile`, `openAccess` and the agent profile kind
 * (stateless or stateful, for POOL019) of the `Microsoft.DevOpsInfrastructure/pools` resource serving each pool. Read only; a refused listing is reported as
 * unreadable (the audit is then incomplete), never as "no managed pools".
 */
import { adoPoolNameOf, organizationEntry } from '../arm/managed-pool-join';
import type { ManagedPoolClient } from '../arm/managed-pools';
import type { MarkdownSection } from '../report';
import type { ManagedPoolPosture, PoolAuditSnapshot } from './snapshot';

export interface ManagedPostureSource {
  client: Pick<ManagedPoolClient, 'list'>;
  subscriptionId: string;
  resourceGroups: string[];
}

export async function readManagedPosture(source: ManagedPostureSource, snapshot: PoolAuditSnapshot): Promise<void> {
  let pools;
  try {
    pools = await source.client.list(source.subscriptionId, source.resourceGroups);
  } catch (error) {
    const where = source.resourceGroups.length > 0 ? `resource groups ${source.resourceGroups.join(', ')} of ` : '';
    snapshot.unreadable.push({
      scope: `Managed DevOps Pools of ${where}subscription ${source.subscriptionId}`,
      reason: (error as Error).message,
    });
    return;
  }
  const byName = new Map(snapshot.pools.map((pool) => [pool.name.toLowerCase(), pool]));
  const posture: Record<string, ManagedPoolPosture> = {};
  for (const resource of pools) {
    const org = organizationEntry(resource, snapshot.organization);
    const pool = org && byName.get(adoPoolNameOf(resource, org).toLowerCase());
    if (!pool || !org) continue;
    posture[String(pool.id)] = {
      resourceId: resource.id,
      permissionProfile: resource.properties.organizationProfile?.permissionProfile?.kind ?? 'CreatorOnly',
      openAccess: org.openAccess === true,
      agentProfile: resource.properties.agentProfile?.kind,
    };
  }
  snapshot.managedPools = posture;
}

/** Report rows: one per managed pool. */
export function managedPostureRecords(
  snapshot: PoolAuditSnapshot,
): { pool: string; resourceId: string; permissionProfile: string; openAccess: boolean; agentProfile?: string }[] {
  return Object.entries(snapshot.managedPools ?? {}).map(([id, posture]) => ({
    pool: snapshot.pools.find((pool) => String(pool.id) === id)?.name ?? id,
    ...posture,
  }));
}

export function managedPostureSection(snapshot: PoolAuditSnapshot): MarkdownSection | undefined {
  if (!snapshot.managedPools) return undefined;
  const rows = managedPostureRecords(snapshot);
  return {
    title: 'Managed DevOps Pools',
    paragraphs: [
      rows.length === 0
        ? 'No audited pool is a Managed DevOps Pool.'
        : 'Set by the service when it created each pool: `permissionProfile: Inherit` turns on inheritance from "All agent pools"; open access lets every pipeline use the pool.',
    ],
    table:
      rows.length > 0
        ? {
            headers: ['Pool', 'Permission profile', 'Open access', 'Agents', 'Resource'],
            rows: rows.map((r) => [r.pool, r.permissionProfile, r.openAccess ? 'yes' : 'no', r.agentProfile ?? 'unknown', r.resourceId]),
          }
        : undefined,
  };
}
