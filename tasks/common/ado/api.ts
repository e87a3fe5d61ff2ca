import { buildUrl, type RestClient } from '../http/client';
import type { Logger } from '../model/context';

/** Resource area ids used to discover service hosts (the location service, never string rewriting). */
export const AREA_IDS = {
  graph: 'bb1e7ec9-e901-4b68-999a-de7012b920f8',
  tokenAdmin: '95935461-9e54-44bd-b9fb-04f4dd05d640',
} as const;
export type AreaName = keyof typeof AREA_IDS;

export const API_VERSIONS = {
  distributedTask: '7.1',
  projects: '7.1',
  securityRoles: '7.1-preview.1',
  pipelinePermissions: '7.1-preview.1',
  graph: '7.1-preview.1',
  graphGa: '7.1',
  tokenAdmin: '7.1',
  resourceAreas: '7.1-preview.1',
  workItems: '7.1',
  /** Work item comments are still in preview (SPEC wit/7.1: `api-Version-preview.4`). */
  workItemComments: '7.1-preview.4',
} as const;

/** Everything an Azure DevOps area client needs: the HTTP client and where the organization lives. */
export class AdoApi {
  private readonly areaUrls = new Map<AreaName, Promise<string>>();
  readonly orgUrl: string;

  constructor(
    readonly client: RestClient,
    orgUrl: string,
    readonly logger: Logger,
  ) {
    this.orgUrl = orgUrl.endsWith('/') ? orgUrl : `${orgUrl}/`;
  }

  /** URL of an organization-level route, e.g. `_apis/distributedtask/pools`. */
  url(path: string, query?: Record<string, string | number | boolean | undefined>): string {
    return buildUrl(this.orgUrl, path, query);
  }

  /** URL of a route on another service host (graph, token admin), found through the location service once per run. */
  async areaUrl(area: AreaName, path: string, query?: Record<string, string | number | boolean | undefined>): Promise<string> {
    let base = this.areaUrls.get(area);
    if (!base) {
      base = this.resolveArea(area);
      this.areaUrls.set(area, base);
      // A failed lookup must not be cached for the rest of the run.
      base.catch(() => this.areaUrls.delete(area));
    }
    return buildUrl(await base, path, query);
  }

  private async resolveArea(area: AreaName): Promise<string> {
    const response = await this.client.get<{ locationUrl?: string }>(
      this.url(`_apis/resourceAreas/${AREA_IDS[area]}`, { 'api-version': API_VERSIONS.resourceAreas }),
    );
    const locationUrl = response.body?.locationUrl;
    if (!locationUrl) {
      throw new Error(`The location service of ${this.orgUrl} did not return a URL for the ${area} area (${AREA_IDS[area]})`);
    }
    this.logger.debug(`Area ${area} is served by ${locationUrl}`);
    return locationUrl.endsWith('/') ? locationUrl : `${locationUrl}/`;
  }
}

/** `{count, value}` wrapper of Azure DevOps collections. */
export interface Collection<T> {
  count?: number;
  value?: T[];
}

export function valuesOf<T>(body: Collection<T> | undefined): T[] {
  return body?.value ?? [];
}

/** Splits a comma-joined flags enum (`"elasticPool, singleUseAgents"`) into names. */
export function flagNames(value: string | undefined | null): string[] {
  if (!value) return [];
  return value
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part && part.toLowerCase() !== 'none');
}

/** Parses a REST date; returns undefined for absent or invalid values. */
export function dateOf(value: string | undefined | null): Date | undefined {
  if (!value) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
