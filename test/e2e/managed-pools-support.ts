import { SAMPLE_IDS, SAMPLE_MANAGED_IDS, type Emulator, type SeedManagedPool } from '../../emulator';

export const MDP = SAMPLE_MANAGED_IDS;
export const MDP_RG = `/subscriptions/${SAMPLE_IDS.subscriptionId}/resourceGroups/${MDP.resourceGroup}`;
export const LINUX_ID = `${MDP_RG}/providers/Microsoft.DevOpsInfrastructure/pools/${MDP.linux.armName}`;
export const WINDOWS_ID = `${MDP_RG}/providers/Microsoft.DevOpsInfrastructure/pools/${MDP.windows.armName}`;

export function managedPool(emu: Emulator, armName: string): SeedManagedPool {
  const pool = emu.state.org.managedPools?.find((p) => p.name === armName);
  if (!pool) throw new Error(`no managed pool ${armName}`);
  return pool;
}

export function props(emu: Emulator, armName: string): Record<string, any> {
  return managedPool(emu, armName).properties as Record<string, any>;
}

/** Inputs for a ScaleSetAgents run on the sample's Linux Managed DevOps Pool through the AzureRM WIF connection. */
export function onLinux(inputs: Record<string, string | number | boolean>): Record<string, string | number | boolean> {
  return { pool: MDP.linux.adoName, azureSubscription: SAMPLE_IDS.connections.wifArm, ...inputs };
}

export function onWindows(inputs: Record<string, string | number | boolean>): Record<string, string | number | boolean> {
  return { pool: MDP.windows.adoName, azureSubscription: SAMPLE_IDS.connections.wifArm, ...inputs };
}
