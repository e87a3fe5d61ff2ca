/**
 * Tenant-level PAT policies (Organization settings → Microsoft Entra). Undocumented: the path and the body come from
 * the community module Maester uses (ADOPS `Get-ADOPSTenantPolicy`), which sends no api-version. They live on the
 * vssps host, found through the location service with the graph area (the tenant policy service has no public area).
 */
import type { AdoApi } from './api';

export const TENANT_POLICY_NAMES = [
  'RestrictGlobalPersonalAccessToken',
  'RestrictFullScopePersonalAccessToken',
  'RestrictPersonalAccessTokenLifespan',
  'EnableLeakedPersonalAccessTokenAutoRevocation',
] as const;
export type TenantPolicyName = (typeof TENANT_POLICY_NAMES)[number];

interface RawTenantPolicy {
  name?: string;
  value?: boolean | string | null;
  properties?: Record<string, unknown> | null;
}

/** A tenant policy as read: on/off, the lifespan limit when it has one, the allow list (object ids). */
export interface TenantPolicy {
  name: TenantPolicyName;
  enabled: boolean;
  /** `properties.MaxPatLifespanInDays` (lifespan policy only). */
  maxLifespanDays?: number;
  /** `properties.AllowedUsersAndGroupObjectIds`: a JSON string holding an array, parsed. */
  allowedObjectIds: string[];
}

function booleanOf(value: unknown): boolean {
  return value === true || (typeof value === 'string' && value.trim().toLowerCase() === 'true');
}

function numberOf(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

/** The allow list arrives as a JSON string (`"[]"`); an array is accepted too, anything else reads as empty. */
function objectIdsOf(value: unknown): string[] {
  let list: unknown = value;
  if (typeof value === 'string') {
    try {
      list = JSON.parse(value);
    } catch {
      return [];
    }
  }
  return Array.isArray(list) ? list.map((item) => String(item)) : [];
}

export function mapTenantPolicy(name: TenantPolicyName, raw: RawTenantPolicy | undefined): TenantPolicy {
  const properties = raw?.properties ?? {};
  return {
    name,
    enabled: booleanOf(raw?.value),
    maxLifespanDays: numberOf(properties.MaxPatLifespanInDays),
    allowedObjectIds: objectIdsOf(properties.AllowedUsersAndGroupObjectIds),
  };
}

/** Reads one tenant policy; HTTP failures (401/403/404/405 included) are thrown as `HttpError` for the caller to judge. */
export async function readTenantPolicy(api: AdoApi, name: TenantPolicyName): Promise<TenantPolicy> {
  const url = await api.areaUrl('graph', `_apis/TenantPolicy/Policies/TenantPolicy.${name}`);
  const response = await api.client.get<RawTenantPolicy>(url);
  return mapTenantPolicy(name, response.body);
}
