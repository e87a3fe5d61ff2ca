/**
 * ARM calls for Managed DevOps Pools (`Microsoft.DevOpsInfrastructure/pools`): list, get, PATCH as a long-running
 * operation (`202` + `Location`, polled until `200`), the pool's machines, the subscription's vCPU usages and SKUs.
 */
import { buildUrl, type JsonResponse, type RestClient } from '../http/client';
import { HttpError } from '../http/errors';
import { collect, pagesByNextLink } from '../http/paging';
import type { Clock } from '../model/context';
import { ArmOperationError } from './errors';

/** Default api-version; configurable (`managedPoolsApiVersion`) for regions that lag. */
export const MANAGED_POOLS_API_VERSION = '2025-09-20';
export const MANAGED_POOLS_PROVIDER = 'Microsoft.DevOpsInfrastructure';

export interface ManagedPoolId {
  id: string;
  subscriptionId: string;
  resourceGroup: string;
  name: string;
}

const POOL_ID = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.DevOpsInfrastructure\/pools\/([^/]+)$/i;

/** Parses the ARM id of a Managed DevOps Pool; the error names the input and the expected shape. */
export function parseManagedPoolId(value: string, inputName = 'managedPoolResourceId'): ManagedPoolId {
  const trimmed = value.trim().replace(/\/+$/, '');
  const match = POOL_ID.exec(trimmed);
  if (!match) {
    throw new Error(
      `Input '${inputName}' must be the resource id of a Managed DevOps Pool: ` +
        `/subscriptions/{subscriptionId}/resourceGroups/{resourceGroup}/providers/Microsoft.DevOpsInfrastructure/pools/{name}; got '${value}'`,
    );
  }
  return { id: trimmed, subscriptionId: match[1], resourceGroup: match[2], name: match[3] };
}

export interface ManagedOrganization {
  url: string;
  projects?: string[] | null;
  parallelism?: number | null;
  openAccess?: boolean;
  alias?: string;
}

export interface ManagedPoolProperties {
  provisioningState?: string;
  maximumConcurrency: number;
  organizationProfile?: {
    kind: string;
    organizations?: ManagedOrganization[];
    permissionProfile?: { kind: string; users?: string[]; groups?: string[] };
    alias?: string;
    [key: string]: unknown;
  };
  agentProfile?: {
    kind: string;
    maxAgentLifetime?: string;
    gracePeriodTimeSpan?: string;
    resourcePredictionsProfile?: { kind: string; predictionPreference?: string };
    resourcePredictions?: { timeZone?: string; daysData?: Record<string, number>[] };
    [key: string]: unknown;
  };
  fabricProfile?: {
    kind: string;
    sku?: { name?: string };
    images?: { wellKnownImageName?: string; resourceId?: string; buffer?: string; aliases?: string[] }[];
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

export interface ManagedPoolResource {
  id: string;
  name: string;
  location: string;
  properties: ManagedPoolProperties;
  /** From the `ETag` header (or body) when the service sends one. */
  etag?: string;
}

export interface ManagedMachine {
  name: string;
  status: string;
  image?: string;
}

export interface QuotaUsage {
  /** SKU family, e.g. `standardDADSv5Family`. */
  family: string;
  currentValue: number;
  limit: number;
}

export interface ManagedSku {
  name: string;
  family?: string;
  vCPUs?: number;
}

/** A PATCH refused with 412: someone changed the pool since it was read; re-read and re-plan. */
export class ManagedPoolConflictError extends Error {
  constructor(
    readonly resourceId: string,
    readonly sentEtag: string,
  ) {
    super(`Managed DevOps Pool ${resourceId} changed since it was read (ETag ${sentEtag} no longer current, HTTP 412)`);
    this.name = 'ManagedPoolConflictError';
  }
}

/** A PATCH refused with 409 because another operation on the pool still runs: wait, re-read, retry. */
export class ManagedPoolBusyError extends Error {
  constructor(
    readonly resourceId: string,
    message: string,
  ) {
    super(`Managed DevOps Pool ${resourceId} is busy: ${message}`);
    this.name = 'ManagedPoolBusyError';
  }
}

interface RawPool {
  id: string;
  name: string;
  location: string;
  etag?: string;
  properties: ManagedPoolProperties;
}

export class ManagedPoolClient {
  constructor(
    private readonly client: RestClient,
    private readonly armUrl: string,
    private readonly clock: Clock,
    readonly apiVersion: string = MANAGED_POOLS_API_VERSION,
    private readonly pollIntervalMs = 5_000,
  ) {}

  private url(path: string): string {
    return buildUrl(this.armUrl, path, { 'api-version': this.apiVersion });
  }

  /** The pools of a subscription, or of the given resource groups only (each listing paged by `nextLink`). */
  async list(subscriptionId: string, resourceGroups: string[] = []): Promise<ManagedPoolResource[]> {
    const paths =
      resourceGroups.length > 0
        ? resourceGroups.map((rg) => `subscriptions/${subscriptionId}/resourceGroups/${rg}/providers/${MANAGED_POOLS_PROVIDER}/pools`)
        : [`subscriptions/${subscriptionId}/providers/${MANAGED_POOLS_PROVIDER}/pools`];
    const all: ManagedPoolResource[] = [];
    for (const path of paths) {
      const raw = await collect(pagesByNextLink<RawPool>(this.client, this.url(path)));
      all.push(...raw.map((pool) => toResource(pool)));
    }
    return all;
  }

  async get(resourceId: string): Promise<ManagedPoolResource> {
    const id = parseManagedPoolId(resourceId);
    const response = await this.client.get<RawPool>(this.url(id.id));
    return toResource(response.body, response.header('etag'));
  }

  /**
   * PATCHes `properties` (each sub-object sent whole) with `If-Match` when an ETag is known, and waits for the
   * long-running operation. Throws ManagedPoolConflictError on 412, ManagedPoolBusyError on 409 and
   * ArmOperationError when the operation fails; returns the pool as the service reports it at the end.
   */
  async update(resourceId: string, properties: Partial<ManagedPoolProperties>, etag?: string): Promise<ManagedPoolResource> {
    const id = parseManagedPoolId(resourceId);
    const response = await this.client.send<RawPool | { error?: { code?: string; message?: string } }>('PATCH', this.url(id.id), {
      body: { properties },
      headers: etag ? { 'If-Match': etag } : {},
      // The same PATCH twice has the same effect: safe to retry on 5xx.
      idempotent: true,
      allowStatuses: [409, 412],
    });
    if (response.status === 412) {
      const now = await this.get(resourceId);
      // A retried PATCH that went through the first time changed the ETag itself: that is success.
      if (response.attempts > 1 && sameValues(properties, now.properties)) return now;
      throw new ManagedPoolConflictError(id.id, etag ?? '');
    }
    if (response.status === 409) {
      const error = (response.body as { error?: { code?: string; message?: string } })?.error;
      throw new ManagedPoolBusyError(id.id, `${error?.code ?? 'Conflict'}: ${error?.message ?? 'no details'}`);
    }
    if (response.status === 202) return this.awaitOperation(response, id, `Updating Managed DevOps Pool ${id.name}`);
    return toResource(response.body as RawPool, response.header('etag'));
  }

  async listMachines(resourceId: string): Promise<ManagedMachine[]> {
    const id = parseManagedPoolId(resourceId);
    const raw = await collect(
      pagesByNextLink<{ name: string; properties?: { status?: string; image?: string } }>(this.client, this.url(`${id.id}/resources`)),
    );
    return raw.map((machine) => ({
      name: machine.name,
      status: machine.properties?.status ?? 'Unknown',
      image: machine.properties?.image,
    }));
  }

  async usages(subscriptionId: string, location: string): Promise<QuotaUsage[]> {
    const path = `subscriptions/${subscriptionId}/providers/${MANAGED_POOLS_PROVIDER}/locations/${location}/usages`;
    const raw = await collect(
      pagesByNextLink<{ name?: { value?: string }; currentValue?: number; limit?: number }>(this.client, this.url(path)),
    );
    return raw.map((usage) => ({ family: usage.name?.value ?? '', currentValue: usage.currentValue ?? 0, limit: usage.limit ?? 0 }));
  }

  async skus(subscriptionId: string, location: string): Promise<ManagedSku[]> {
    const path = `subscriptions/${subscriptionId}/providers/${MANAGED_POOLS_PROVIDER}/locations/${location}/skus`;
    const raw = await collect(
      pagesByNextLink<{ name: string; properties?: { family?: string; capabilities?: { name: string; value: string }[] } }>(
        this.client,
        this.url(path),
      ),
    );
    return raw.map((sku) => {
      const vcpus = sku.properties?.capabilities?.find((c) => c.name === 'vCPUs')?.value;
      return { name: sku.name, family: sku.properties?.family, vCPUs: vcpus === undefined ? undefined : Number(vcpus) };
    });
  }

  /** Polls `Location` (honouring `Retry-After`) until `200`; an error status there is the operation's failure. */
  private async awaitOperation(first: JsonResponse<unknown>, id: ManagedPoolId, what: string): Promise<ManagedPoolResource> {
    let location = first.header('location');
    if (!location) return this.get(id.id);
    let retryAfter = first.header('retry-after');
    for (;;) {
      const seconds = Number(retryAfter);
      await this.clock.sleep(retryAfter !== undefined && Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : this.pollIntervalMs);
      let poll: JsonResponse<RawPool | { error?: { code?: string; message?: string } } | undefined>;
      try {
        poll = await this.client.get(location, { allowStatuses: [400, 409, 422] });
      } catch (error) {
        if (error instanceof HttpError && error.status >= 400 && error.status !== 404) {
          throw new ArmOperationError(error.code ?? `HTTP ${error.status}`, error.serviceMessage ?? error.message, what);
        }
        throw error;
      }
      if (poll.status >= 400) {
        const failure = (poll.body as { error?: { code?: string; message?: string } })?.error;
        throw new ArmOperationError(failure?.code ?? `HTTP ${poll.status}`, failure?.message ?? 'no details', what);
      }
      if (poll.status === 202) {
        location = poll.header('location') ?? location;
        retryAfter = poll.header('retry-after');
        continue;
      }
      const body = poll.body as RawPool | undefined;
      return body?.properties ? toResource(body, poll.header('etag')) : this.get(id.id);
    }
  }
}

function toResource(raw: RawPool, etagHeader?: string): ManagedPoolResource {
  return {
    id: raw.id,
    name: raw.name,
    location: raw.location,
    properties: raw.properties ?? { maximumConcurrency: 0 },
    etag: raw.etag ?? etagHeader,
  };
}

function sameValues(sent: Partial<ManagedPoolProperties>, now: ManagedPoolProperties): boolean {
  return Object.entries(sent).every(([key, value]) => JSON.stringify(value) === JSON.stringify(now[key]));
}
