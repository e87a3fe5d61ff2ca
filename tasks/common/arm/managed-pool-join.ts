/** How a Managed DevOps Pool is matched to the Azure DevOps organization and pool it serves. */
import type { ManagedOrganization, ManagedPoolResource } from './managed-pools';

/**
 * The organization name an Azure DevOps URL names: `{org}` of `https://{org}.visualstudio.com`, else the first path
 * segment (`https://dev.azure.com/{org}`, and any other host that serves organizations under a path).
 */
export function organizationNameOf(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    const host = /^([^.]+)\.visualstudio\.com$/i.exec(parsed.hostname);
    if (host) return host[1].toLowerCase();
    return parsed.pathname.split('/').filter(Boolean)[0]?.toLowerCase();
  } catch {
    return undefined;
  }
}

/** The organization entry of a pool that names the audited organization, if any. */
export function organizationEntry(pool: ManagedPoolResource, orgName: string): ManagedOrganization | undefined {
  const profile = pool.properties.organizationProfile;
  if (profile?.kind !== 'AzureDevOps') return undefined;
  return profile.organizations?.find((org) => organizationNameOf(org.url) === orgName.toLowerCase());
}

/** The Azure DevOps pool name a managed pool has in the organization. */
export function adoPoolNameOf(pool: ManagedPoolResource, org: ManagedOrganization): string {
  return org.alias || pool.properties.organizationProfile?.alias || pool.name;
}

/** The managed pool that serves `adoPoolName` in organization `orgName`, among the pools listed. */
export function servingPool(pools: ManagedPoolResource[], orgName: string, adoPoolName: string): ManagedPoolResource | undefined {
  return pools.find((pool) => {
    const org = organizationEntry(pool, orgName);
    return org !== undefined && adoPoolNameOf(pool, org).toLowerCase() === adoPoolName.toLowerCase();
  });
}
