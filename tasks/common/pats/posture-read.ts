/** Reads the tenant and organization PAT policies into a `PolicyPosture`; what cannot be read becomes `unknown`. */
import type { AdoApi } from '../ado/api';
import type { HttpError } from '../http/errors';
import { OrgPolicyDataMissingError, readOrgPolicies, type OrgPolicy } from '../ado/org-policies';
import { readTenantPolicy, TENANT_POLICY_NAMES, type TenantPolicy } from '../ado/tenant-policies';
import { POLICY_TITLES, READ_ROLES, type KnownPolicyName, type PolicyPosture, type PolicyStatus } from './posture';
import { isUnreadable, unreadableReason } from './unreadable';

const ORG_POLICY_NAMES = ['Policy.DisablePATCreation', 'Policy.LogAuditEvents'] as const;

function unknown(name: KnownPolicyName, source: PolicyStatus['source'], reason: string): PolicyStatus {
  return { name, title: POLICY_TITLES[name], source, state: 'unknown', reason };
}

/** A policy whose read failed: unknown, with the role that would let the audit identity read it. */
function unread(name: KnownPolicyName, source: PolicyStatus['source'], reason: string): PolicyStatus {
  return { ...unknown(name, source, reason), readRole: READ_ROLES[source] };
}

/** The reason on a lifespan policy that is on but whose day limit the answer lacks (the limit is unknown). */
export const LIMIT_UNKNOWN = 'on, but the answer has no day limit (maxPatLifespanInDays): the limit is unknown, so PAT010 cannot judge it';

export function tenantStatus(policy: TenantPolicy): PolicyStatus {
  const name = `TenantPolicy.${policy.name}` as KnownPolicyName;
  const status: PolicyStatus = { name, title: POLICY_TITLES[name], source: 'tenant', state: policy.enabled ? 'on' : 'off' };
  if (policy.name === 'RestrictPersonalAccessTokenLifespan' && policy.enabled) {
    if (policy.maxLifespanDays !== undefined) status.value = policy.maxLifespanDays;
    // On, but without its day limit PAT010 cannot judge it: reported like a policy that could not be read.
    else status.reason = LIMIT_UNKNOWN;
  }
  return status;
}

export function orgStatus(name: (typeof ORG_POLICY_NAMES)[number], policy: OrgPolicy | undefined): PolicyStatus {
  if (!policy) {
    // The PAT creation policy is offered to Microsoft Entra-backed organizations only.
    return unknown(name, 'organization', "not in the organization's policy data (offered to Microsoft Entra-backed organizations only)");
  }
  const status: PolicyStatus = { name, title: POLICY_TITLES[name], source: 'organization', state: policy.effective ? 'on' : 'off' };
  if (name === 'Policy.DisablePATCreation' && policy.effective)
    status.value = policy.allowList.map((entry) => entry.displayName || entry.objectId);
  return status;
}

/** Every policy PatAudit judges (a handful of requests, sent together; the HTTP layer bounds concurrency). */
export async function readPolicyPosture(ado: AdoApi): Promise<PolicyPosture> {
  let complete = true;
  const policies: PolicyStatus[] = await Promise.all(
    TENANT_POLICY_NAMES.map(async (name) => {
      try {
        const status = tenantStatus(await readTenantPolicy(ado, name));
        if (status.reason) complete = false;
        return status;
      } catch (error) {
        if (!isUnreadable(error)) throw error;
        complete = false;
        return unread(`TenantPolicy.${name}`, 'tenant', unreadableReason(error));
      }
    }),
  );
  try {
    const org = await readOrgPolicies(ado);
    for (const name of ORG_POLICY_NAMES) policies.push(orgStatus(name, org.get(name)));
  } catch (error) {
    // The settings page is a UI route: a refusal may come as a sign-in page or as data without the provider, as well
    // as 401/403/404/405 (which one is not documented), and all of them mean the same: not readable by this identity.
    if (!isUnreadable(error) && !(error instanceof OrgPolicyDataMissingError)) throw error;
    complete = false;
    const reason = error instanceof OrgPolicyDataMissingError ? error.message : unreadableReason(error as HttpError);
    for (const name of ORG_POLICY_NAMES) policies.push(unread(name, 'organization', reason));
  }
  return { complete, policies };
}
