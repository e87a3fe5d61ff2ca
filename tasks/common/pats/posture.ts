/**
 * What the organization's PAT policies say, as read (or not) by PatAudit. A policy that could not be read is
 * `unknown` with the reason: rules never pass or fail on it, and the posture is then incomplete.
 */

export type PolicyState = 'on' | 'off' | 'unknown';
export type PolicySource = 'tenant' | 'organization';

export interface PolicyStatus {
  /** Service name of the policy, e.g. `TenantPolicy.RestrictFullScopePersonalAccessToken`, `Policy.LogAuditEvents`. */
  name: string;
  /** The name the settings page shows. */
  title: string;
  source: PolicySource;
  state: PolicyState;
  /** Extra value the policy carries (lifespan limit in days, allow list names), when read. */
  value?: number | string[];
  /** Why the state is unknown (HTTP status and service message, or what the answer lacked). */
  reason?: string;
  /** Set when the read failed: what would let the audit identity read it. */
  readRole?: string;
}

export interface PolicyPosture {
  /** False when some policy could not be read (access refused, not found); its state is then `unknown`. */
  complete: boolean;
  policies: PolicyStatus[];
}

export const POLICY_TITLES = {
  'TenantPolicy.RestrictGlobalPersonalAccessToken': 'Restrict global personal access token creation',
  'TenantPolicy.RestrictFullScopePersonalAccessToken': 'Restrict full-scoped personal access token creation',
  'TenantPolicy.RestrictPersonalAccessTokenLifespan': 'Enforce maximum personal access token lifespan',
  'TenantPolicy.EnableLeakedPersonalAccessTokenAutoRevocation': 'Automatic revocation of leaked personal access tokens',
  'Policy.DisablePATCreation': 'Restrict personal access token creation',
  'Policy.LogAuditEvents': 'Log audit events',
} as const;
export type KnownPolicyName = keyof typeof POLICY_TITLES;

/** Who can let the audit identity read each part (the read permission is not public: see the PAT README). */
export const READ_ROLES: Record<PolicySource | 'auditLog', string> = {
  tenant:
    'the Microsoft Entra role "Azure DevOps Administrator" (tenant policies; whether a service principal can hold it for this is not documented)',
  organization: 'Project Collection Administrators (organization policies)',
  auditLog: 'the organization permission "View audit log" (or Project Collection Administrators)',
};

export function policyOf(posture: PolicyPosture, name: KnownPolicyName): PolicyStatus | undefined {
  return posture.policies.find((policy) => policy.name === name);
}
