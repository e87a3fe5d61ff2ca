/**
 * Pure mapping for the two orchestration modes of a scale set (docs/architecture.md, "Scale set orchestration modes").
 * Uniform instances are `Microsoft.Compute/virtualMachineScaleSets/virtualMachines`; Flexible instances are standard
 * `Microsoft.Compute/virtualMachines` whose `properties.virtualMachineScaleSet.id` is the set.
 */
import type { ScaleSetId } from './vmss';

export type OrchestrationMode = 'Uniform' | 'Flexible';

/**
 * `properties.orchestrationMode` of the scale set. Absent = Uniform (the only mode before Flexible existed); any
 * other value is refused rather than guessed, since the wrong API would list or delete the wrong machines.
 */
export function orchestrationModeOf(value: string | undefined, scaleSetId: string): OrchestrationMode {
  if (value === undefined || value === '' || /^uniform$/i.test(value)) return 'Uniform';
  if (/^flexible$/i.test(value)) return 'Flexible';
  throw new Error(`Scale set ${scaleSetId} has orchestration mode '${value}'; Pool Warden supports Uniform and Flexible`);
}

/** One instance as the scaling code sees it, whatever the mode. */
export interface MappedInstance {
  /** Uniform: the VMSS instance id (`"3"`). Flexible: the VM resource name (what `DELETE …/virtualMachines/{name}` takes). */
  instanceId: string;
  name: string;
  /** `properties.osProfile.computerName`: the agent name of a self-managed scale set. */
  computerName: string;
  provisioningState: string;
}

/** A standard VM as `GET …/providers/Microsoft.Compute/virtualMachines` returns it (the fields we read). */
export interface RawVirtualMachine {
  id?: string;
  name: string;
  properties?: {
    provisioningState?: string;
    osProfile?: { computerName?: string };
    virtualMachineScaleSet?: { id?: string };
  };
}

/** The `$filter` the VM list documents for "VMs of this scale set" (VirtualMachines_List, compute 2024-07-01). */
export function scaleSetVmFilter(scaleSetId: string): string {
  return `'virtualMachineScaleSet/id' eq '${scaleSetId}'`;
}

/**
 * The VMs of a Flexible scale set among a VM listing. The server-side `$filter` should already have done this; the
 * check is repeated because a VM of another set (or a stand-alone VM) must never be matched to an agent and deleted.
 * ARM ids compare case-insensitively.
 */
export function flexibleInstances(vms: RawVirtualMachine[], scaleSetId: string): MappedInstance[] {
  const wanted = scaleSetId.toLowerCase();
  return vms
    .filter((vm) => vm.properties?.virtualMachineScaleSet?.id?.toLowerCase() === wanted)
    .map((vm) => ({
      instanceId: vm.name,
      name: vm.name,
      computerName: vm.properties?.osProfile?.computerName ?? '',
      provisioningState: vm.properties?.provisioningState ?? 'Unknown',
    }));
}

/** ARM path (no leading slash) of a VM of a Flexible set: VMs the set creates live in the set's resource group. */
export function flexibleVmPath(set: ScaleSetId, vmName: string): string {
  return `subscriptions/${set.subscriptionId}/resourceGroups/${set.resourceGroup}/providers/Microsoft.Compute/virtualMachines/${encodeURIComponent(vmName)}`;
}

/** ARM path (no leading slash) of the VM listing of the set's resource group. */
export function resourceGroupVmsPath(set: ScaleSetId): string {
  return `subscriptions/${set.subscriptionId}/resourceGroups/${set.resourceGroup}/providers/Microsoft.Compute/virtualMachines`;
}
