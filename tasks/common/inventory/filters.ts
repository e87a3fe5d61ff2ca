import type { Pool } from '../model/pool';

export const POOL_TYPE_FILTERS = ['all', 'selfHosted', 'elastic', 'hosted', 'deployment'] as const;
export type PoolTypeFilter = (typeof POOL_TYPE_FILTERS)[number];

/**
 * Turns a comma-separated list of wildcard patterns (`*`, `?`) into a matcher; `!pattern` excludes.
 * Matching is case-insensitive, as pool names are in Azure DevOps; wildcards match any character, line breaks too.
 */
export function wildcardMatcher(patterns: string): (name: string) => boolean {
  const parts = patterns
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  // `s`: a wildcard also spans line breaks, or a pool named with a newline would escape `*` (and the audit).
  const toRegex = (pattern: string) =>
    new RegExp(
      `^${pattern
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '.*')
        .replace(/\?/g, '.')}$`,
      'is',
    );
  const include = parts.filter((part) => !part.startsWith('!')).map(toRegex);
  const exclude = parts.filter((part) => part.startsWith('!')).map((part) => toRegex(part.slice(1)));
  return (name) => (include.length === 0 || include.some((re) => re.test(name))) && !exclude.some((re) => re.test(name));
}

export interface PoolFilter {
  poolNameFilter: string;
  poolType: PoolTypeFilter;
  includeHosted: boolean;
}

/** Applies the inventory filters: name patterns, pool type, hosted pools only when asked. */
export function selectPools(pools: Pool[], filter: PoolFilter): Pool[] {
  const nameMatches = wildcardMatcher(filter.poolNameFilter || '*');
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
