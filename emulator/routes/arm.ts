import { authorizeArm } from '../auth';
import {
  armError,
  armIfMatchFailed,
  armMissingApiVersion,
  armResourceNotFound,
  json,
  type RouteContext,
  type RouteResponse,
} from '../http';
import type { Route } from '../router';
import { startArmOperation } from './arm-operation';
import { armPage } from './arm-page';
import type { SeedScaleSet, SeedVmssInstance } from '../seed';
import type { ArmOperation, EmulatorState } from '../state';

const API_VERSIONS = new Set(['2024-07-01', '2024-03-01', '2023-09-01', '2023-07-01', '2024-11-01']);

function etag(set: SeedScaleSet): string {
  return `"${set.etagVersion}"`;
}

function vmssShape(state: EmulatorState, set: SeedScaleSet): Record<string, unknown> {
  const busy = set.instances.some((i) => i.provisioningState === 'Creating' || i.provisioningState === 'Deleting');
  return {
    name: set.name,
    id: state.scaleSetId(set),
    type: 'Microsoft.Compute/virtualMachineScaleSets',
    location: set.location,
    tags: set.managedByAzureDevOps ? { __AzureDevOpsElasticPool: 'true' } : {},
    sku: { name: set.skuName, tier: 'Standard', capacity: set.capacity },
    etag: etag(set),
    properties: {
      singlePlacementGroup: false,
      orchestrationMode: set.orchestrationMode,
      // Uniform only: Flexible sets have no overprovisioning and (in this model) no upgrade policy (compute docs,
      // flexible-virtual-machine-scale-sets-migration-resources.md).
      ...(set.orchestrationMode === 'Uniform' ? { upgradePolicy: { mode: 'Manual' } } : {}),
      scaleInPolicy: { rules: ['Default'], forceDeletion: false },
      virtualMachineProfile: {
        osProfile: {
          computerNamePrefix: set.computerNamePrefix,
          adminUsername: 'azureuser',
          linuxConfiguration: { disablePasswordAuthentication: true },
        },
        storageProfile: { imageReference: { publisher: 'Canonical', offer: 'ubuntu-24_04-lts', sku: 'server', version: 'latest' } },
      },
      provisioningState: busy ? 'Updating' : 'Succeeded',
      ...(set.orchestrationMode === 'Uniform' ? { overprovision: false, doNotRunExtensionsOnOverprovisionedVMs: false } : {}),
      uniqueId: `00000000-0000-4000-8000-${set.name
        .padEnd(12, '0')
        .slice(0, 12)
        .replace(/[^0-9a-f]/gi, '0')}`,
      platformFaultDomainCount: 1,
      timeCreated: '2025-03-01T10:00:00.0000000+00:00',
    },
  };
}

function instanceShape(state: EmulatorState, set: SeedScaleSet, inst: SeedVmssInstance): Record<string, unknown> {
  return {
    name: `${set.name}_${inst.instanceId}`,
    id: `${state.scaleSetId(set)}/virtualMachines/${inst.instanceId}`,
    type: 'Microsoft.Compute/virtualMachineScaleSets/virtualMachines',
    location: set.location,
    instanceId: inst.instanceId,
    sku: { name: set.skuName, tier: 'Standard' },
    properties: {
      latestModelApplied: true,
      vmId: `0000${inst.instanceId.padStart(4, '0')}-0000-4000-8000-000000000000`,
      hardwareProfile: {},
      osProfile: { computerName: inst.computerName, adminUsername: 'azureuser' },
      provisioningState: inst.provisioningState,
    },
  };
}

/** 400 for a missing or unknown compute api-version, as ARM answers it; undefined when the version is known. */
export function apiVersionError(ctx: RouteContext): RouteResponse | undefined {
  const apiVersion = ctx.query['api-version'];
  if (!apiVersion) {
    return armMissingApiVersion();
  }
  if (!API_VERSIONS.has(apiVersion)) {
    return armError(
      400,
      'NoRegisteredProviderFound',
      `No registered resource provider found for location and API version '${apiVersion}'.`,
    );
  }
  return undefined;
}

function load(ctx: RouteContext): { set?: SeedScaleSet; error?: RouteResponse } {
  const versionError = apiVersionError(ctx);
  if (versionError) return { error: versionError };
  const { sub, rg, name } = ctx.params;
  const set = ctx.state.scaleSet(sub, rg, name);
  if (!set) {
    return { error: armResourceNotFound('Microsoft.Compute/virtualMachineScaleSets', name, rg) };
  }
  return { set };
}

function vmssScope(ctx: RouteContext): string {
  return `/subscriptions/${ctx.params.sub}/resourceGroups/${ctx.params.rg}/providers/Microsoft.Compute/virtualMachineScaleSets/${ctx.params.name}`;
}

/**
 * The VMSS-VM API does not serve Flexible sets: their instances are standard VMs (compute docs,
 * virtual-machine-scale-sets/orchestration-modes-api-comparison.md). Code and wording as ARM answers it
 * (quoted in kubernetes/kubernetes#91097 and hashicorp/nomad-autoscaler#1096).
 */
function refuseFlexible(set: SeedScaleSet, operation: string): RouteResponse | undefined {
  if (set.orchestrationMode !== 'Flexible') return undefined;
  return armError(400, 'OperationNotAllowed', `Operation '${operation}' is not allowed on Virtual Machine Scale Set '${set.name}'.`);
}

/**
 * Starts an LRO; its effect runs when the scheduler fires or at the second poll, whichever is first. A failed
 * operation leaves the instances it touched in provisioning state `Failed`, as Azure does.
 */
export function startOperation(ctx: RouteContext, set: SeedScaleSet, effect: () => void, touched: SeedVmssInstance[] = []): ArmOperation {
  return startArmOperation(ctx, set, 'arm operation', (failed) => {
    if (!failed) effect();
    else for (const inst of touched) inst.provisioningState = 'Failed';
  });
}

export function operationHeaders(ctx: RouteContext, op: ArmOperation): Record<string, string> {
  const url = `${ctx.baseUrl}/_arm/subscriptions/${op.subscriptionId}/providers/Microsoft.Compute/locations/${op.location}/operations/${op.id}?api-version=2024-07-01`;
  return { 'Azure-AsyncOperation': url, Location: `${url}&monitor=true`, 'Retry-After': '0' };
}

/** Registers an agent for a new instance (self-managed: agent name = computer name), online after a delay. */
function registerAgent(state: EmulatorState, set: SeedScaleSet, inst: SeedVmssInstance): void {
  if (set.linkedPoolId === undefined || set.managedByAzureDevOps) return;
  const poolId = set.linkedPoolId;
  const existing = state.pool(poolId)?.agents.find((a) => a.name.toLowerCase() === inst.computerName.toLowerCase());
  const agent = existing ?? state.addAgent(poolId, { name: inst.computerName, status: 'offline' });
  state.clock.schedule(state.timings.agentOnlineDelayMs, `agent ${agent.name} online`, () => {
    if (state.agent(poolId, agent.id) && set.instances.some((i) => i.instanceId === inst.instanceId))
      state.setAgentStatus(poolId, agent.id, 'online');
  });
}

export function instancesGone(state: EmulatorState, set: SeedScaleSet, gone: SeedVmssInstance[]): void {
  set.instances = set.instances.filter((i) => !gone.includes(i));
  set.capacity = set.instances.length;
  set.etagVersion++;
  if (set.linkedPoolId === undefined) return;
  for (const inst of gone) {
    const agent = state.pool(set.linkedPoolId)?.agents.find((a) => a.name.toLowerCase() === inst.computerName.toLowerCase());
    if (agent) state.setAgentStatus(set.linkedPoolId, agent.id, 'offline');
  }
}

function computerName(set: SeedScaleSet, instanceId: number): string {
  return `${set.computerNamePrefix}${instanceId.toString(36).padStart(6, '0')}`;
}

function getVmss(ctx: RouteContext): RouteResponse {
  const { set, error } = load(ctx);
  if (error) return error;
  const denied = authorizeArm(ctx.state, ctx.caller!, vmssScope(ctx), 'Microsoft.Compute/virtualMachineScaleSets/read', false);
  if (denied) return denied;
  return json(200, vmssShape(ctx.state, set!), { ETag: etag(set!) });
}

function patchVmss(ctx: RouteContext): RouteResponse {
  const { set, error } = load(ctx);
  if (error) return error;
  const denied = authorizeArm(ctx.state, ctx.caller!, vmssScope(ctx), 'Microsoft.Compute/virtualMachineScaleSets/write', true);
  if (denied) return denied;
  const stale = armIfMatchFailed(ctx, etag(set!));
  if (stale) return stale;
  const capacity = (ctx.body as { sku?: { capacity?: unknown } } | undefined)?.sku?.capacity;
  if (capacity !== undefined && (!Number.isInteger(capacity) || (capacity as number) < 0 || (capacity as number) > 1000)) {
    return armError(400, 'InvalidParameter', "The value of parameter 'sku.capacity' is invalid.", {});
  }
  const target = capacity as number | undefined;
  const s = set!;
  s.etagVersion++;
  let effect = () => {};
  let touched: SeedVmssInstance[] = [];
  if (target !== undefined && target > s.instances.length) {
    const maxId = Math.max(-1, ...s.instances.map((i) => Number(i.instanceId)));
    const created: SeedVmssInstance[] = [];
    for (let n = 1; n <= target - s.instances.length; n++) {
      const instanceId = maxId + n;
      created.push({ instanceId: String(instanceId), computerName: computerName(s, instanceId), provisioningState: 'Creating' });
    }
    s.instances.push(...created);
    touched = created;
    effect = () => {
      for (const inst of created) {
        inst.provisioningState = 'Succeeded';
        registerAgent(ctx.state, s, inst);
      }
    };
  } else if (target !== undefined && target < s.instances.length) {
    // Default scale-in policy: highest instance ids go first.
    const victims = [...s.instances].sort((a, b) => Number(b.instanceId) - Number(a.instanceId)).slice(0, s.instances.length - target);
    for (const v of victims) v.provisioningState = 'Deleting';
    touched = victims;
    effect = () => instancesGone(ctx.state, s, victims);
  }
  if (target !== undefined) s.capacity = target;
  const op = startOperation(ctx, s, effect, touched);
  return json(200, vmssShape(ctx.state, s), { ETag: etag(s), ...operationHeaders(ctx, op) });
}

function listInstances(pageSize: () => number) {
  return (ctx: RouteContext): RouteResponse => {
    const { set, error } = load(ctx);
    if (error) return error;
    const denied = authorizeArm(
      ctx.state,
      ctx.caller!,
      vmssScope(ctx),
      'Microsoft.Compute/virtualMachineScaleSets/virtualMachines/read',
      false,
    );
    if (denied) return denied;
    const flexible = refuseFlexible(set!, 'VirtualMachineScaleSets.virtualMachines.GET');
    if (flexible) return flexible;
    const ordered = [...set!.instances].sort((a, b) => Number(a.instanceId) - Number(b.instanceId));
    const next = (skip: number) =>
      `${ctx.baseUrl}/_arm${vmssScope(ctx)}/virtualMachines?api-version=${ctx.query['api-version']}&$skiptoken=${skip}`;
    const page = armPage(ctx, ordered, pageSize(), next, 'absent');
    return json(200, { ...page, value: page.value.map((i) => instanceShape(ctx.state, set!, i)) });
  };
}

function deleteInstances(ctx: RouteContext): RouteResponse {
  const { set, error } = load(ctx);
  if (error) return error;
  const denied = authorizeArm(ctx.state, ctx.caller!, vmssScope(ctx), 'Microsoft.Compute/virtualMachineScaleSets/delete/action', true);
  if (denied) return denied;
  // Stricter than the docs on purpose: orchestration-modes-api-comparison.md says the batch delete serves Flexible
  // sets but not which ids it takes there (a Flexible VM has no instance id). Pool Warden deletes Flexible VMs one
  // by one through the VM API; refusing here makes a regression to VMSS instance ids fail the tests.
  const flexible = refuseFlexible(set!, 'VirtualMachineScaleSets.deleteInstances.POST');
  if (flexible) return flexible;
  const ids = (ctx.body as { instanceIds?: unknown } | undefined)?.instanceIds;
  if (!Array.isArray(ids) || ids.length === 0) {
    return armError(400, 'InvalidParameter', "The value of parameter 'instanceIds' is invalid.");
  }
  const s = set!;
  const victims: SeedVmssInstance[] = [];
  for (const id of ids.map(String)) {
    const inst = s.instances.find((i) => i.instanceId === id);
    if (!inst)
      return armError(400, 'InvalidParameter', `The provided instanceId ${id} is not an active Virtual Machine Scale Set VM instanceId.`);
    victims.push(inst);
  }
  for (const v of victims) v.provisioningState = 'Deleting';
  s.etagVersion++;
  const op = startOperation(ctx, s, () => instancesGone(ctx.state, s, victims), victims);
  return { status: 202, headers: operationHeaders(ctx, op) };
}

function getInstance(ctx: RouteContext): RouteResponse {
  const { set, error } = load(ctx);
  if (error) return error;
  const denied = authorizeArm(
    ctx.state,
    ctx.caller!,
    `${vmssScope(ctx)}/virtualMachines/${ctx.params.instanceId}`,
    'Microsoft.Compute/virtualMachineScaleSets/virtualMachines/read',
    false,
  );
  if (denied) return denied;
  const flexible = refuseFlexible(set!, 'VirtualMachineScaleSets.virtualMachines.GET');
  if (flexible) return flexible;
  const inst = set!.instances.find((i) => i.instanceId === ctx.params.instanceId);
  if (!inst) {
    return armError(
      404,
      'NotFound',
      `The entity was not found in this Azure location. Virtual Machine Scale Set VM '${ctx.params.instanceId}' was not found.`,
    );
  }
  return json(200, instanceShape(ctx.state, set!, inst));
}

function getOperation(ctx: RouteContext): RouteResponse {
  const op = ctx.state.operations.get(ctx.params.operationId);
  if (!op || op.subscriptionId.toLowerCase() !== ctx.params.sub.toLowerCase()) {
    return armError(404, 'NotFound', `The operation '${ctx.params.operationId}' was not found.`);
  }
  // Polling needs read rights on the subscription / a resource group, or being the one who started it.
  if (op.startedByObjectId !== ctx.caller?.identityId) {
    const denied = authorizeArm(
      ctx.state,
      ctx.caller!,
      `/subscriptions/${op.subscriptionId}`,
      'Microsoft.Compute/locations/operations/read',
      false,
    );
    if (denied) return denied;
  }
  op.polls++;
  if (op.polls >= 2) op.complete();
  return json(
    200,
    {
      startTime: op.startTime,
      ...(op.endTime ? { endTime: op.endTime } : {}),
      status: op.status,
      ...(op.error ? { error: op.error } : {}),
      name: op.id,
    },
    op.status === 'InProgress' ? { 'Retry-After': '0' } : {},
  );
}

/** ARM: VMSS get/patch/instances/delete and operation status (the VMs of Flexible sets: arm-vms.ts). */
export function armRoutes(pageSize: () => number): Route[] {
  const vmss = '/_arm/subscriptions/:sub/resourceGroups/:rg/providers/Microsoft.Compute/virtualMachineScaleSets/:name';
  const r = (method: string, template: string, resource: string, handler: Route['handler']): Route => ({
    method,
    service: 'arm',
    template,
    area: 'Microsoft.Compute',
    resource,
    handler,
  });
  return [
    r('GET', vmss, 'virtualMachineScaleSets', getVmss),
    r('PATCH', vmss, 'virtualMachineScaleSets', patchVmss),
    r('GET', `${vmss}/virtualMachines`, 'virtualMachines', listInstances(pageSize)),
    r('GET', `${vmss}/virtualMachines/:instanceId`, 'virtualMachines', getInstance),
    r('POST', `${vmss}/delete`, 'virtualMachineScaleSets', deleteInstances),
    r(
      'GET',
      '/_arm/subscriptions/:sub/providers/Microsoft.Compute/locations/:location/operations/:operationId',
      'operations',
      getOperation,
    ),
  ];
}
