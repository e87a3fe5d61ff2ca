/**
 * Azure DevOps PAT scope vocabulary, from the public OAuth scopes table ("High privilege" column) as summarised
 * in /work/shared/reference/ado-rest-api.md §5d. Scopes not listed here are UNKNOWN, never assumed safe.
 */

/** Scopes that grant everything the owner can do. */
export const FULL_ACCESS_SCOPES: readonly string[] = ['app_token', 'user_impersonation'];

/** Scopes the public table marks high privilege (`vso.agentpools_manage` is allowed for agent-registration tokens by purpose profile). */
export const DEFAULT_HIGH_PRIVILEGE_SCOPES: readonly string[] = [
  'vso.advsec',
  'vso.advsec_write',
  'vso.advsec_manage',
  'vso.agentpools_manage',
  'vso.auditstreams_manage',
  'vso.build_execute',
  'vso.code_write',
  'vso.code_manage',
  'vso.code_full',
  'vso.environment_manage',
  'vso.extension_manage',
  'vso.gallery_publish',
  'vso.gallery_manage',
  'vso.githubconnections_manage',
  'vso.graph_manage',
  'vso.identity_manage',
  'vso.machinegroup_manage',
  'vso.memberentitlementmanagement_write',
  'vso.packaging_write',
  'vso.packaging_manage',
  'vso.pipelineresources_use',
  'vso.pipelineresources_manage',
  'vso.project_manage',
  'vso.release_execute',
  'vso.release_manage',
  'vso.securefiles_read',
  'vso.securefiles_write',
  'vso.securefiles_manage',
  'vso.security_manage',
  'vso.serviceendpoint_manage',
  'vso.taskgroups_manage',
  'vso.tokenadministration',
  'vso.tokens',
  'vso.variablegroups_manage',
];

/** Scopes the public table lists without the high-privilege mark. */
export const LOW_PRIVILEGE_SCOPES: readonly string[] = [
  'vso.agentpools',
  'vso.analytics',
  'vso.auditlog',
  'vso.build',
  'vso.code',
  'vso.code_status',
  'vso.connected_server',
  'vso.dashboards',
  'vso.dashboards_manage',
  'vso.entitlements',
  'vso.extension',
  'vso.extension.data',
  'vso.extension.data_write',
  'vso.gallery',
  'vso.gallery_acquire',
  'vso.githubconnections',
  'vso.graph',
  'vso.hooks',
  'vso.hooks_write',
  'vso.hooks_interact',
  'vso.identity',
  'vso.memberentitlementmanagement',
  'vso.notification',
  'vso.notification_write',
  'vso.notification_manage',
  'vso.notification_diagnostics',
  'vso.packaging',
  'vso.profile',
  'vso.profile_write',
  'vso.project',
  'vso.project_write',
  'vso.release',
  'vso.serviceendpoint',
  'vso.serviceendpoint_query',
  'vso.settings',
  'vso.settings_write',
  'vso.symbols',
  'vso.symbols_write',
  'vso.symbols_manage',
  'vso.taskgroups_read',
  'vso.taskgroups_write',
  'vso.test',
  'vso.test_write',
  'vso.threads_full',
  'vso.variablegroups_read',
  'vso.variablegroups_write',
  'vso.wiki',
  'vso.wiki_write',
  'vso.work',
  'vso.work_write',
  'vso.work_full',
];

/** Every scope with a public definition (full access + high + low). */
export const DEFAULT_KNOWN_SCOPES: readonly string[] = [...FULL_ACCESS_SCOPES, ...DEFAULT_HIGH_PRIVILEGE_SCOPES, ...LOW_PRIVILEGE_SCOPES];

/** Scope comparison is case-insensitive; REST sends lower case. */
export function normalizeScope(scope: string): string {
  return scope.trim().toLowerCase();
}

/** True when the token has full access (`app_token` or `user_impersonation`). */
export function isFullAccess(scopes: readonly string[]): boolean {
  return scopes.some((scope) => FULL_ACCESS_SCOPES.includes(normalizeScope(scope)));
}
