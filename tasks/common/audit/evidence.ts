/** Evidence and wording shared by the assignment-based rules. */
import type { Finding, ResourceRef } from '../model/finding';
import type { RoleAssignment } from '../model/roles';
import { scopeLabel } from './refs';

/** Plain facts about one role assignment. */
export function assignmentEvidence(row: RoleAssignment): Finding['evidence'] {
  return {
    scope: row.scope,
    scopeDescription: scopeLabel(row.scope),
    resourceId: row.resourceId,
    role: row.role,
    access: row.access,
    identityId: row.identity.id,
  };
}

/** "agent pool 'linux' ", "queue 'linux' in project 'Web'", "organization 'fabrikam' (All agent pools)". */
export function describeResource(resource: ResourceRef): string {
  switch (resource.kind) {
    case 'organization':
      return `organization '${resource.name}' (All agent pools)`;
    case 'project':
      return `project '${resource.name}' (All agent pools)`;
    case 'pool':
      return `agent pool '${resource.name}'`;
    case 'queue':
      return `agent pool '${resource.name}' in project '${resource.parent?.name ?? '?'}'`;
    case 'agent':
      return `agent '${resource.name}' in pool '${resource.parent?.name ?? '?'}'`;
    default:
      return `${resource.kind} '${resource.name}'`;
  }
}
