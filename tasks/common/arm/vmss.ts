import { buildUrl, type JsonResponse, type RestClient } from '../http/client';
import { collect, pagesByNextLink } from '../http/paging';
import type { Clock } from '../model/context';
import type { ScaleSetInfo, ScaleSetPort } from '../model/scale-set-ports';
import { ArmOperationError, EtagConflictError } from './errors';
import {
  flexibleInstances,
  flexibleVmPath,
  orchestrationModeOf,
  resourceGroupVmsPath,
  scaleSetVmFilter,
  type OrchestrationMode,
  type RawVirtualMachine,
} from './orchestration';

export const ARM_API_VERSION = '2024-07-01';

export interface ScaleSetId {
  id: string;
  subscriptionId: string;
  resourceGroup: string;
  name: string;
}

const SCALE_SET_ID =
  /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Compute\/virtualMachineScaleSets\/([^/]+)$/i;

/** Parses an ARM resource id of a VM scale set; the error names the input and the expected shape. */
export function parseScaleSetId(value: string, inputName = 'scaleSetResourceId'): ScaleSetId {
  const trimmed = value.trim().replace(/\/+$/, '');
  const match = SCALE_SET_ID.exec(trimmed);
  if (!match) {
    throw new Error(
      `Input '${inputName}' must be the resource id of a virtual machine scale set: ` +
        `/subscriptions/{subscriptionId}/resourceGroups/{resourceGroup}/providers/Microsoft.Compute/virtualMachineScaleSets/{name}; got '${value}'`,
    );
  }
  return { id: trimmed, subscriptionId: match[1], resourceGroup: match[2], name: match[3] };
}

/** Tag Azure DevOps puts on the scale set of a scale set pool it manages (an elastic pool). */
export const AZURE_DEVOPS_POOL_TAG = '__AzureDevOpsElasticPool';

export interface ScaleSetState {
  name: string;
  capacity: number;
  etag: string;
  provisioningState: string;
  orchestrationMode?: string;
  location?: string;
  skuName?: string;
}

export interface ScaleSetInstance {
  instanceId: string;
  name: string;
  computerName: string;
  provisioningState: string;
}

interface RawScaleSet {
  name: string;
  location?: string;
  etag?: string;
  tags?: Record<string, string>;
  sku?: { name?: string; capacity?: number };
  properties?: { provisioningState?: string; orchestrationMode?: string };
}

interface RawInstance {
  instanceId: string;
  name: string;
  properties?: { provisioningState?: string; osProfile?: { computerName?: string } };
}

/**
 * ARM calls for scale sets that Pool Warden manages itself (never for Azure DevOps-managed elastic pools). Instances
 * are listed and deleted through the API of the set's orchestration mode (docs/architecture.md, "Scale set
 * orchestration modes"); capacity is `sku.capacity` with `If-Match` in both.
 */
export class ScaleSetClient implements ScaleSetPort {
  /**
   * Orchestration mode per scale set id, from the first read of the set. The mode is fixed when a set is created and
   * cannot change, so one read per run is enough; the promise is kept so a listing started alongside that read waits
   * for it instead of reading the set again.
   */
  private readonly modes = new Map<string, Promise<OrchestrationMode>>();

  constructor(
    private readonly client: RestClient,
    private readonly armUrl: string,
    private readonly clock: Clock,
    private readonly pollIntervalMs = 5_000,
  ) {}

  private url(id: ScaleSetId, suffix = ''): string {
    return buildUrl(this.armUrl, `${id.id}${suffix}`, { 'api-version': ARM_API_VERSION });
  }

  get(resourceId: string): Promise<ScaleSetInfo & ScaleSetState> {
    const id = parseScaleSetId(resourceId);
    const read = this.read(id);
    const key = id.id.toLowerCase();
    if (!this.modes.has(key)) {
      const mode = read.then((state) => orchestrationModeOf(state.orchestrationMode, id.id));
      // A failed read is not a mode: the next call reads again (and the caller of `get` sees the error).
      mode.catch(() => this.modes.delete(key));
      this.modes.set(key, mode);
    }
    return read;
  }

  private async read(id: ScaleSetId): Promise<ScaleSetInfo & ScaleSetState> {
    const response = await this.client.get<RawScaleSet>(this.url(id));
    const raw = response.body;
    return {
      name: raw.name,
      capacity: raw.sku?.capacity ?? 0,
      etag: raw.etag ?? response.header('etag') ?? '',
      provisioningState: raw.properties?.provisioningState ?? 'Unknown',
      managedByAzureDevOps: Object.keys(raw.tags ?? {}).some((tag) => tag.toLowerCase() === AZURE_DEVOPS_POOL_TAG.toLowerCase()),
      orchestrationMode: raw.properties?.orchestrationMode,
      location: raw.location,
      skuName: raw.sku?.name,
    };
  }

  /**
   * Sets `sku.capacity` only if the scale set still has the ETag we planned from; throws
   * EtagConflictError when someone else changed it in between (the caller re-reads and re-plans).
   * A 412 on a retry may be our own first attempt having gone through (it changed the ETag): when the scale set
   * now has the capacity we asked for, that is success, not a conflict (re-planning would add the delta twice).
   */
  async setCapacity(resourceId: string, capacity: number, etag: string): Promise<void> {
    const id = parseScaleSetId(resourceId);
    const response = await this.client.send('PATCH', this.url(id), {
      body: { sku: { capacity } },
      headers: etag ? { 'If-Match': etag } : {},
      idempotent: true,
      allowStatuses: [412],
    });
    if (response.status === 412) {
      if (response.attempts > 1 && (await this.get(resourceId)).capacity === capacity) return;
      throw new EtagConflictError(id.id, etag);
    }
    await this.awaitOperation(response, `Setting the capacity of scale set ${id.name} to ${capacity}`);
  }

  /** The set's orchestration mode (read once per run, see `modes`). */
  private async orchestrationMode(resourceId: string): Promise<OrchestrationMode> {
    const id = parseScaleSetId(resourceId);
    const known = this.modes.get(id.id.toLowerCase());
    if (known) return known;
    await this.get(resourceId);
    return this.modes.get(id.id.toLowerCase()) as Promise<OrchestrationMode>;
  }

  /**
   * Uniform: the VMSS-VM list (`…/virtualMachineScaleSets/{name}/virtualMachines`). Flexible: that API refuses the set,
   * so the standard VM list of the set's resource group, filtered to the set (`$filter='virtualMachineScaleSet/id' eq …`).
   */
  async listInstances(resourceId: string): Promise<ScaleSetInstance[]> {
    const id = parseScaleSetId(resourceId);
    if ((await this.orchestrationMode(resourceId)) === 'Flexible') return this.listFlexibleVms(id);
    const raw = await collect(pagesByNextLink<RawInstance>(this.client, this.url(id, '/virtualMachines')));
    return raw.map((instance) => ({
      instanceId: instance.instanceId,
      name: instance.name,
      computerName: instance.properties?.osProfile?.computerName ?? '',
      provisioningState: instance.properties?.provisioningState ?? 'Unknown',
    }));
  }

  private async listFlexibleVms(id: ScaleSetId): Promise<ScaleSetInstance[]> {
    // encodeURIComponent (spaces as %20, as the Azure SDKs send them) rather than form encoding (`+`).
    const url = `${buildUrl(this.armUrl, resourceGroupVmsPath(id), { 'api-version': ARM_API_VERSION })}&$filter=${encodeURIComponent(scaleSetVmFilter(id.id))}`;
    const vms = await collect(pagesByNextLink<RawVirtualMachine>(this.client, url));
    return flexibleInstances(vms, id.id);
  }

  /**
   * Deletes specific instances and waits until Azure finished. Uniform: `POST …/delete` with the instance ids (not
   * `/deleteInstances`). Flexible: `DELETE …/virtualMachines/{name}` per VM, the standard VM API the Flexible docs
   * point to (docs/architecture.md says why not the batch call).
   */
  async deleteInstances(resourceId: string, instanceIds: string[]): Promise<void> {
    if (instanceIds.length === 0) return;
    const id = parseScaleSetId(resourceId);
    if ((await this.orchestrationMode(resourceId)) === 'Flexible') {
      for (const vmName of instanceIds) await this.deleteFlexibleVm(id, vmName);
      return;
    }
    const response = await this.client.send('POST', this.url(id, '/delete'), {
      body: { instanceIds },
      // Deleting the same instances twice has the same effect: safe to retry on 5xx.
      idempotent: true,
    });
    await this.awaitOperation(response, `Deleting instances ${instanceIds.join(', ')} of scale set ${id.name}`);
  }

  private async deleteFlexibleVm(id: ScaleSetId, vmName: string): Promise<void> {
    const url = buildUrl(this.armUrl, flexibleVmPath(id, vmName), { 'api-version': ARM_API_VERSION });
    // Deleting a VM twice has the same effect (ARM answers 204 once it is gone): safe to retry on 5xx.
    const response = await this.client.send('DELETE', url, { idempotent: true });
    await this.awaitOperation(response, `Deleting VM ${vmName} of scale set ${id.name}`);
  }

  /** Polls `Azure-AsyncOperation` (or `Location`) until the operation ends, honouring `Retry-After`. */
  private async awaitOperation(response: JsonResponse<unknown>, what: string): Promise<void> {
    const statusUrl = response.header('azure-asyncoperation') ?? (response.status === 202 ? response.header('location') : undefined);
    if (!statusUrl) return;
    let retryAfter = Number(response.header('retry-after'));
    for (;;) {
      await this.clock.sleep(Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : this.pollIntervalMs);
      const poll = await this.client.get<{ status?: string; error?: { code?: string; message?: string } }>(statusUrl, {
        allowStatuses: [202],
      });
      const status = poll.body?.status ?? (poll.status === 202 ? 'InProgress' : 'Succeeded');
      if (/^succeeded$/i.test(status)) return;
      if (/^(failed|canceled|cancelled)$/i.test(status)) {
        throw new ArmOperationError(poll.body?.error?.code ?? status, poll.body?.error?.message ?? 'no details', what);
      }
      retryAfter = Number(poll.header('retry-after'));
    }
  }
}
