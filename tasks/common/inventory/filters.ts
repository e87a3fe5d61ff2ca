import type { Pool } from '../model/pool';
import { nameFilter } from '../patterns/names';

export const POOL_TYPE_FILTERS = ['all', 'selfHosted', 'elastic', 'hosted', 'deployment'] as const;
export type PoolTypeFilter = (typeof POOL_TYPE_FILTERS)[number];

export interface PoolFilter {
  poolNameFilter: string;
  poolType: PoolTypeFilter;
  includeHosted: boolean;
}

/** Applies the inventory filters: name patterns, pool type, hosted pools only when asked. */
export function selectPools(pools: Pool[], filter: PoolFilter): Pool[] {
  const nameMatches = nameFilter(filter.poolNameFilter || '*');
  return pools.filter((pool) => {
    if (!nameMatches(pool.name)) return false;
    if (pool.isHosted && !filter.includeHosted && filter.poolType !== 'hosted') return false;
    switch (filter.poolType) {
      case 'all':
        return true;
      case 'hosted':
        return pool.kind === 'hosted';
      case 'elastic':
        return pool.kind === 'elastic';
      case 'selfHosted':
        return pool.kind === 'selfHosted' && pool.poolType === 'automation';
      case 'deployment':
        return pool.poolType === 'deployment';
    }
  });
}
