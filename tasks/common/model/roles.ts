import type { Identity } from './identity';

/** The four places where agent pool roles are assigned. */
export type RoleScopeKind =
  | 'orgAllPools' // distributedtask.globalagentpoolrole, resource "0"
  | 'orgPool' // distributedtask.agentpoolrole, resource "{poolId}"
  | 'projectAllPools' // distributedtask.globalagentqueuerole, resource "{projectId}"
  | 'projectQueue'; // distributedtask.agentqueuerole, resource "{projectId}_{queueId}"

export const ROLE_SCOPE_IDS: Record<RoleScopeKind, string> = {
  orgAllPools: 'distributedtask.globalagentpoolrole',
  orgPool: 'distributedtask.agentpoolrole',
  projectAllPools: 'distributedtask.globalagentqueuerole',
  projectQueue: 'distributedtask.agentqueuerole',
};

export type RoleName = 'Reader' | 'User' | 'Creator' | 'Service Account' | 'Administrator' | string;

export interface RoleAssignment {
  scope: RoleScopeKind;
  /** The REST resource id of the scope (e.g. "0", "12", "{projectId}_{queueId}"). */
  resourceId: string;
  poolId?: number;
  projectId?: string;
  queueId?: number;
  identity: Identity;
  role: RoleName;
  access: 'assigned' | 'inherited';
}

export interface RoleDefinition {
  scope: string;
  name: RoleName;
  allowPermissions: number;
  denyPermissions: number;
  description?: string;
}
