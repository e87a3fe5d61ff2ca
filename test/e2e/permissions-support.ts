/** The runs of each task the permissions check makes, and how it reads the grants they used. */
import { SAMPLE_IDS, type Emulator, type RecordedRequest } from '../emulator';
import { SELF_MANAGED_SCALE_SET_ID } from './chaos-support';
import { wifDevOpsInputs } from './support';

export type TaskName = 'PoolInventory' | 'ScaleSetAgents' | 'PoolRoleAudit' | 'PatAudit';

export interface PermissionRun {
  task: TaskName;
  mode: string;
  /** Write mode: the task is allowed (and expected) to change something. */
  writes: boolean;
  inputs(emu: Emulator): Record<string, string>;
}

const wif = wifDevOpsInputs;
const arm = { azureSubscription: SAMPLE_IDS.connections.wifArm };

export const PERMISSION_RUNS: PermissionRun[] = [
  { task: 'PoolInventory', mode: 'read', writes: false, inputs: (emu) => ({ ...wif(emu), includeHosted: 'true', includeCapabilities: 'true' }) },
  // Signed in through the Azure Resource Manager connection the inventory also reads the scale sets behind pools.
  { task: 'PoolInventory', mode: 'read through ARM connection', writes: false, inputs: (emu) => ({ connectionType: 'azureRM', ...arm, organizationUrl: emu.orgUrl }) },
  { task: 'ScaleSetAgents', mode: 'dry run', writes: false, inputs: (emu) => ({ ...wif(emu), pool: 'vmss-elastic', action: 'remove', count: '1', dryRun: 'true' }) },
  { task: 'ScaleSetAgents', mode: 'dry run (self-managed)', writes: false, inputs: (emu) => ({ ...wif(emu), ...arm, pool: 'vmss-selfmanaged', scaleSetResourceId: SELF_MANAGED_SCALE_SET_ID, action: 'remove', count: '1', dryRun: 'true' }) },
  { task: 'ScaleSetAgents', mode: 'remove (elastic)', writes: true, inputs: (emu) => ({ ...wif(emu), pool: 'vmss-elastic', action: 'remove', count: '1' }) },
  { task: 'ScaleSetAgents', mode: 'configure (elastic)', writes: true, inputs: (emu) => ({ ...wif(emu), pool: 'vmss-elastic', action: 'configure', standbyAgents: '2' }) },
  { task: 'ScaleSetAgents', mode: 'removeOffline', writes: true, inputs: (emu) => ({ ...wif(emu), pool: 'linux-selfhosted', action: 'removeOffline', offlineForHours: '24' }) },
  { task: 'ScaleSetAgents', mode: 'remove (self-managed)', writes: true, inputs: (emu) => ({ ...wif(emu), ...arm, pool: 'vmss-selfmanaged', scaleSetResourceId: SELF_MANAGED_SCALE_SET_ID, action: 'remove', count: '1' }) },
  { task: 'ScaleSetAgents', mode: 'add (self-managed)', writes: true, inputs: (emu) => ({ ...wif(emu), ...arm, pool: 'vmss-selfmanaged', scaleSetResourceId: SELF_MANAGED_SCALE_SET_ID, action: 'add', count: '1', onlineTimeoutMinutes: '1' }) },
  { task: 'PoolRoleAudit', mode: 'read', writes: false, inputs: (emu) => ({ ...wif(emu), failOnSeverity: 'none' }) },
  { task: 'PoolRoleAudit', mode: 'remediate', writes: true, inputs: (emu) => ({ ...wif(emu), failOnSeverity: 'none', remediate: 'true' }) },
  { task: 'PatAudit', mode: 'read', writes: false, inputs: (emu) => ({ ...wif(emu), includeSshKeys: 'true', failOnSeverity: 'none' }) },
  { task: 'PatAudit', mode: 'revoke', writes: true, inputs: (emu) => ({ ...wif(emu), revoke: 'violations', failOnSeverity: 'none' }) },
];

/**
 * What a run needed, in the vocabulary of the README: the Azure DevOps grant of every route it called (from the
 * emulator's route table) and `arm:read` / `arm:write` for Azure Resource Manager calls. Sign-in calls need none.
 */
export function grantsUsed(requests: readonly RecordedRequest[]): Set<string> {
  const used = new Set<string>();
  for (const request of requests) {
    if (request.grant) used.add(request.grant);
    if (request.service === 'arm' && request.status > 0 && request.status !== 404) used.add(request.write ? 'arm:write' : 'arm:read');
  }
  return used;
}
