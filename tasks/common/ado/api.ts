import { buildUrl, type RestClient } from '../http/client';
import { HttpError } from '../http/errors';
import type { Logger } from '../model/context';

/**
 * Resource area ids used to discover service hosts (the location service, never string rewriting). Each is the
 * `x-ms-vss-resource-area-id` of the area's 7.1 REST specification (MicrosoftDocs/vsts-rest-api-specs):
 * graph `specification/graph/7.1/graph.json`, TokenAdmin `specification/tokenAdmin/7.1/tokenAdmin.json` (the owner of
 * `_apis/tokenadmin/...`; not the 5.x TokenAdministration area `95935461-…`, whose routes are `_apis/tokenadministration`),
 * Identities (IMS) `specification/ims/7.1/identities.json`.
 */
export const AREA_IDS = {
  /** The auditservice host (azure-devops-python-api v7_1 `AuditClient.resource_area_identifier`). */
  audit: '94ff054d-5ee1-413d-9341-3f4a7827de2e',
  graph: 'bb1e7ec9-e901-4b68-999a-de7012b920f8',
  tokenAdmin: 'af68438b-ed04-4407-9eb6-f1dbae3f922e',
  identities: '8a3d49b8-91f0-46ef-b33d-dda338c25db3',
} as const;
export type AreaName = keyof typeof AREA_IDS;

export const API_VERSIONS = {
  distributedTask: '7.1',
  projects: '7.1',
  securityRoles: '7.1-preview.1',
  pipelinePermissions: '7.1-preview.1',
  graph: '7.1-preview.1',
  graphGa: '7.1',
  /** Preview only: the audit log refuses a version without `-preview`. */
  auditLog: '7.1-preview.1',
  tokenAdmin: '7.1',
  identities: '7.1',
  resourceAreas: '7.1-preview.1',
  checks: '7.1-preview.1',
  build: '7.1',
  git: '7.1',
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

  /**
   * URL of a route on another service host (graph, token admin), found through the location service once per run.
   * A definite 404 is a fact about the organization: it is cached (an AreaNotFoundError, logged once) so no later call
   * asks again. Any other failure (429/5xx/reset after the HTTP layer's retries) is not cached: the next call retries.
   */
  async areaUrl(area: AreaName, path: string, query?: Record<string, string | number | boolean | undefined>): Promise<string> {
    let base = this.areaUrls.get(area);
    if (!base) {
      base = this.resolveArea(area);
      this.areaUrls.set(area, base);
      base.catch((error: unknown) => {
        if (error instanceof AreaNotFoundError) this.logger.warn(error.message);
        else this.areaUrls.delete(area);
      });
    }
    return buildUrl(await base, path, query);
  }

  private async resolveArea(area: AreaName): Promise<string> {
    const asked = this.url(`_apis/resourceAreas/${AREA_IDS[area]}`, { 'api-version': API_VERSIONS.resourceAreas });
    const response = await this.client.get<{ locationUrl?: string }>(asked).catch((error: unknown) => {
      if (error instanceof HttpError && error.status === 404) throw new AreaNotFoundError(area, AREA_IDS[area], asked, error);
      throw error;
    });
    const locationUrl = response.body?.locationUrl;
    if (!locationUrl) {
      throw new Error(`The location service of ${this.orgUrl} did not return a URL for the ${area} area (${AREA_IDS[area]})`);
    }
    this.logger.debug(`Area ${area} is served by ${locationUrl}`);
    return locationUrl.endsWith('/') ? locationUrl : `${locationUrl}/`;
  }
}

/** The location service does not know a resource area: nothing of that area can be read in this organization. */
export class AreaNotFoundError extends Error {
  constructor(
    readonly area: AreaName,
    readonly areaId: string,
    readonly url: string,
    cause: HttpError,
  ) {
    super(
      `The location service does not know the ${area} resource area ${areaId} (GET ${url.split('?')[0]} answered HTTP 404` +
        `${cause.code ? `, ${cause.code}` : ''}): nothing of that area can be read in this organization.`,
      { cause },
    );
    this.name = 'AreaNotFoundError';
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
