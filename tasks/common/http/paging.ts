import type { JsonResponse, RequestOptions, RestClient } from './client';

/**
 * The three paging styles of the services we call. Each yields items page by page so callers can
 * stream instead of holding every page.
 */

/** Graph, projects: `X-MS-ContinuationToken` response header, passed back as `continuationToken=`. */
export function pagesByHeader<T>(client: RestClient, url: string, options: RequestOptions = {}): AsyncGenerator<T[]> {
  return pagesByContinuationToken<T>(client, url, options, (response) => response.header('x-ms-continuationtoken'));
}

/** Token admin: `continuationToken` in the body (null or absent when done), passed back as a query parameter. */
export function pagesByBody<T>(client: RestClient, url: string, options: RequestOptions = {}): AsyncGenerator<T[]> {
  return pagesByContinuationToken<T>(client, url, options, (response) => response.body?.continuationToken);
}

type TokenPage<T> = JsonResponse<{ value?: T[]; continuationToken?: string | null } | undefined>;

/** Pages that hand back a continuation token (read by `tokenOf`), sent again as `continuationToken=` until none. */
async function* pagesByContinuationToken<T>(
  client: RestClient,
  url: string,
  options: RequestOptions,
  tokenOf: (response: TokenPage<T>) => string | null | undefined,
): AsyncGenerator<T[]> {
  let token: string | undefined;
  const seen = new Set<string>();
  do {
    const response: TokenPage<T> = await client.get(url, { ...options, query: { ...options.query, continuationToken: token } });
    yield response.body?.value ?? [];
    token = tokenOf(response) || undefined;
    guardLoop(seen, token, url);
  } while (token);
}

/** ARM: absolute `nextLink` in the body. */
export async function* pagesByNextLink<T>(client: RestClient, url: string, options: RequestOptions = {}): AsyncGenerator<T[]> {
  let next: string | undefined = url;
  let first = true;
  const seen = new Set<string>();
  while (next) {
    const response: { body: { value?: T[]; nextLink?: string | null } } = await client.get(
      next,
      first ? options : { ...options, query: undefined },
    );
    first = false;
    yield response.body?.value ?? [];
    next = response.body?.nextLink || undefined;
    guardLoop(seen, next, url);
  }
}

/** Collects every item of a paged listing. */
export async function collect<T>(pages: AsyncIterable<T[]>): Promise<T[]> {
  const all: T[] = [];
  for await (const page of pages) all.push(...page);
  return all;
}

/** A service that hands back the same continuation token twice would page forever. */
function guardLoop(seen: Set<string>, token: string | undefined, url: string): void {
  if (!token) return;
  if (seen.has(token)) throw new Error(`Paging of ${url} returned the same continuation token twice; stopping to avoid an endless loop`);
  seen.add(token);
}
