/**
 * ARM: the standard VMs (`Microsoft.Compute/virtualMachines`) that are the instances of Flexible scale sets — list,
 * get and delete. The VMSS routes (arm.ts) refuse the VMSS-VM API for those sets.
 */
import { authorizeArm } from '../auth';
import { armError, armResourceNotFound, json, type RouteContext, type RouteResponse } from '../http';
import type { Route } from '../router';
import { armPage } from './arm-page';
import type { SeedScaleSet, SeedVmssInstance } from '../seed';
import type { EmulatorState } from '../state';
import { apiVersionError, instancesGone, operationHeaders, startOperation } from './arm';

function rgScope(ctx: RouteContext): string {
  return `/subscriptions/${ctx.params.sub}/resourceGroups/${ctx.params.rg}`;
}

function vmId(set: SeedScaleSet, vmName: string): string {
  return `/subscriptions/${set.subscriptionId}/resourceGroups/${set.resourceGroup}/providers/Microsoft.Compute/virtualMachines/${vmName}`;
}

/** A VM of a Flexible set as `Microsoft.Compute/virtualMachines` returns it (model view; instance view on `$expand`). */
function vmShape(state: EmulatorState, set: SeedScaleSet, inst: SeedVmssInstance, withInstanceView: boolean): Record<string, unknown> {
  const name = state.flexibleVmName(set, inst);
  return {
    name,
    id: vmId(set, name),
    type: 'Microsoft.Compute/virtualMachines',
    location: set.location,
    properties: {
      vmId: `0000${inst.instanceId.padStart(4, '0')}-0000-4000-8000-00000000f1e0`,
      hardwareProfile: { vmSize: set.skuName },
      virtualMachineScaleSet: { id: state.scaleSetId(set) },
      osProfile: { computerName: inst.computerName, adminUsername: 'azureuser' },
      provisioningState: inst.provisioningState,
      timeCreated: '2025-03-01T10:00:00.0000000+00:00',
      ...(withInstanceView
        ? {
            instanceView: {
              computerName: inst.computerName,
              statuses: [
                { code: `ProvisioningState/${inst.provisioningState.toLowerCase()}`, level: 'Info' },
                { code: 'PowerState/running', level: 'Info', displayStatus: 'VM running' },
              ],
            },
          }
        : {}),
    },
  };
}

const SCALE_SET_FILTER = /^\s*'virtualMachineScaleSet\/id'\s+eq\s+'([^']+)'\s*$/i;

/**
 * VirtualMachines_List of a resource group. `$filter` takes only the documented form
 * (`'virtualMachineScaleSet/id' eq '{scale set id}'`) and `$expand=instanceView` only with it (compute swagger,
 * virtualMachine.json 2024-07-01); anything else is refused rather than ignored.
 */
function listVms(pageSize: () => number) {
  return (ctx: RouteContext): RouteResponse => {
    const versionError = apiVersionError(ctx);
    if (versionError) return versionError;
    const denied = authorizeArm(ctx.state, ctx.caller!, rgScope(ctx), 'Microsoft.Compute/virtualMachines/read', false);
    if (denied) return denied;
    const filter = ctx.query.$filter;
    const expand = ctx.query.$expand;
    const scaleSetFilter = filter === undefined ? undefined : SCALE_SET_FILTER.exec(filter)?.[1];
    if (filter !== undefined && !scaleSetFilter) {
      return armError(400, 'InvalidParameter', `The value '${filter}' of parameter '$filter' is invalid.`);
    }
    if (expand !== undefined && (expand.toLowerCase() !== 'instanceview' || !scaleSetFilter)) {
      return armError(
        400,
        'InvalidParameter',
        `The value '${expand}' of parameter '$expand' is invalid: only 'instanceView' is allowed, and only with a valid $filter.`,
      );
    }
    const vms = ctx.state
      .flexibleVms(ctx.params.sub, ctx.params.rg)
      .filter((vm) => !scaleSetFilter || ctx.state.scaleSetId(vm.set).toLowerCase() === scaleSetFilter.toLowerCase())
      .sort((a, b) => a.name.localeCompare(b.name));
    // Query as ARM writes it: `$` kept literal, values percent-encoded.
    const next = (skip: number) =>
      `${ctx.baseUrl}/_arm${rgScope(ctx)}/providers/Microsoft.Compute/virtualMachines?` +
      [
        `api-version=${encodeURIComponent(ctx.query['api-version'])}`,
        ...(filter !== undefined ? [`$filter=${encodeURIComponent(filter)}`] : []),
        ...(expand !== undefined ? [`$expand=${encodeURIComponent(expand)}`] : []),
        `$skiptoken=${skip}`,
      ].join('&');
    const page = armPage(ctx, vms, pageSize(), next, 'absent');
    return json(200, { ...page, value: page.value.map((vm) => vmShape(ctx.state, vm.set, vm.inst, expand !== undefined)) });
  };
}

function findVm(ctx: RouteContext) {
  return ctx.state.flexibleVms(ctx.params.sub, ctx.params.rg).find((vm) => vm.name.toLowerCase() === ctx.params.vmName.toLowerCase());
}

function getVm(ctx: RouteContext): RouteResponse {
  const versionError = apiVersionError(ctx);
  if (versionError) return versionError;
  const scope = `${rgScope(ctx)}/providers/Microsoft.Compute/virtualMachines/${ctx.params.vmName}`;
  const denied = authorizeArm(ctx.state, ctx.caller!, scope, 'Microsoft.Compute/virtualMachines/read', false);
  if (denied) return denied;
  const vm = findVm(ctx);
  if (!vm) {
    return armResourceNotFound('Microsoft.Compute/virtualMachines', ctx.params.vmName, ctx.params.rg);
  }
  const expand = ctx.query.$expand;
  if (expand !== undefined && !['instanceview', 'userdata'].includes(expand.toLowerCase())) {
    return armError(400, 'InvalidParameter', `The value '${expand}' of parameter '$expand' is invalid.`);
  }
  return json(200, vmShape(ctx.state, vm.set, vm.inst, expand?.toLowerCase() === 'instanceview'));
}

/**
 * VirtualMachines_Delete: 202 + Azure-AsyncOperation/Location while it runs; 204 when there is no such VM (a DELETE
 * of what is already gone succeeds, as ARM deletes do). A VM of a Flexible set leaves the set: capacity drops by one.
 */
function deleteVm(ctx: RouteContext): RouteResponse {
  const versionError = apiVersionError(ctx);
  if (versionError) return versionError;
  const scope = `${rgScope(ctx)}/providers/Microsoft.Compute/virtualMachines/${ctx.params.vmName}`;
  const denied = authorizeArm(ctx.state, ctx.caller!, scope, 'Microsoft.Compute/virtualMachines/delete', true);
  if (denied) return denied;
  const vm = findVm(ctx);
  if (!vm) return { status: 204, headers: {} };
  const { set, inst } = vm;
  inst.provisioningState = 'Deleting';
  set.etagVersion++;
  const op = startOperation(ctx, set, () => instancesGone(ctx.state, set, [inst]), [inst]);
  return { status: 202, headers: operationHeaders(ctx, op) };
}

/** VirtualMachines_List / _Get / _Delete of a resource group. */
export function armVmRoutes(pageSize: () => number): Route[] {
  const vms = '/_arm/subscriptions/:sub/resourceGroups/:rg/providers/Microsoft.Compute/virtualMachines';
  const r = (method: string, template: string, handler: Route['handler']): Route => ({
    method,
    service: 'arm',
    template,
    area: 'Microsoft.Compute',
    resource: 'virtualMachines',
    handler,
  });
  return [r('GET', vms, listVms(pageSize)), r('GET', `${vms}/:vmName`, getVm), r('DELETE', `${vms}/:vmName`, deleteVm)];
}
