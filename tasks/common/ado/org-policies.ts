/**
 * Organization policies (Organization settings → Policies), read through the settings page's data provider
 * (`_settings/organizationPolicy?__rt=fps&__ver=2`, as ADOPS `Get-ADOPSOrganizationPolicy` does). Undocumented; the
 * `_apis/OrganizationPolicy/Policies/{name}` route is reported to answer 405 to GET, so it is not used.
 */
import type { AdoApi } from './api';

export const ORG_POLICY_DATA_PROVIDER = 'ms.vss-admin-web.organization-policies-data-provider';

interface RawPolicy {
  name?: string;
  value?: unknown;
  effectiveValue?: unknown;
  isValueUndefined?: boolean;
  properties?: Record<string, unknown> | null;
}

interface RawSettingsPage {
  fps?: { dataProviders?: { data?: Record<string, { policies?: Record<string, { policy?: RawPolicy }[] | undefined> } | undefined> } };
}

/** One organization policy: `effective` prefers `effectiveValue` (what applies) over `value` (what was set here). */
export interface OrgPolicy {
  name: string;
  effective: boolean;
  /** Category of the settings page (`security`, `privacy`, `applicationConnection`, `user`). */
  category: string;
  /** `properties.allowedUsersAndGroupObjectIds` display names and object ids (PAT creation allow list). */
  allowList: { displayName: string; objectId: string }[];
  isAllowListEnabled?: boolean;
}

/** The response had no policy data (e.g. an HTML page or another data provider): nothing can be judged. */
export class OrgPolicyDataMissingError extends Error {
  constructor(url: string) {
    super(`${url} answered without the ${ORG_POLICY_DATA_PROVIDER} data`);
    this.name = 'OrgPolicyDataMissingError';
  }
}

function booleanOf(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && /^(true|false)$/i.test(value.trim())) return value.trim().toLowerCase() === 'true';
  return undefined;
}

export function mapOrgPolicies(body: RawSettingsPage | undefined, url: string): Map<string, OrgPolicy> {
  const data = body?.fps?.dataProviders?.data?.[ORG_POLICY_DATA_PROVIDER];
  if (!data?.policies) throw new OrgPolicyDataMissingError(url);
  const policies = new Map<string, OrgPolicy>();
  for (const [category, items] of Object.entries(data.policies)) {
    for (const item of items ?? []) {
      const raw = item.policy;
      if (!raw?.name) continue;
      const properties = raw.properties ?? {};
      const list = Array.isArray(properties.allowedUsersAndGroupObjectIds) ? properties.allowedUsersAndGroupObjectIds : [];
      policies.set(raw.name, {
        name: raw.name,
        effective: booleanOf(raw.effectiveValue) ?? booleanOf(raw.value) ?? false,
        category,
        allowList: list.map((entry: { displayName?: unknown; objectId?: unknown }) => ({
          displayName: String(entry?.displayName ?? ''),
          objectId: String(entry?.objectId ?? ''),
        })),
        isAllowListEnabled: booleanOf(properties.isAllowListEnabled),
      });
    }
  }
  return policies;
}

/** Every organization policy by name (`Policy.LogAuditEvents` …). HTTP failures are thrown as `HttpError`. */
export async function readOrgPolicies(api: AdoApi): Promise<Map<string, OrgPolicy>> {
  const url = api.url('_settings/organizationPolicy', { __rt: 'fps', __ver: 2 });
  const response = await api.client.get<RawSettingsPage>(url);
  return mapOrgPolicies(response.body, url);
}
