import type { RouteContext } from '../http';

/**
 * One page of an ARM list: `$skiptoken` (an offset here, opaque to clients) picks where it starts; `nextLink(skip)`
 * is the URL of the next page. On the last page `nextLink` is `null` or left out, as each provider writes it.
 */
export function armPage<T>(
  ctx: RouteContext,
  items: readonly T[],
  pageSize: number,
  nextLink: (skip: number) => string,
  lastPage: 'null' | 'absent',
): { value: T[]; nextLink?: string | null } {
  const skip = Number(ctx.query.$skiptoken ?? 0) || 0;
  const value = items.slice(skip, skip + pageSize);
  if (skip + pageSize < items.length) return { value, nextLink: nextLink(skip + pageSize) };
  return lastPage === 'null' ? { value, nextLink: null } : { value };
}
