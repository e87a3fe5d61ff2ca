import { API_VERSIONS, valuesOf, type AdoApi, type Collection } from './api';

interface RawIdentity {
  id?: string;
  subjectDescriptor?: string;
}

/** Storage keys compare without dashes and case: the service takes `81fa6389…` and answers `81fa6389-0872-…`. */
function keyOf(storageKey: string): string {
  return storageKey.replace(/-/g, '').toLowerCase();
}

/**
 * Subject descriptors of many storage keys (the `identity.id` of role assignments) in one request, through the
 * Identities (IMS) area: `GET _apis/identities?identityIds=a,b&queryMembership=None` (ims/7.1/identities.json). The
 * service answers `null` for ids it cannot resolve; those are absent from the map.
 */
export async function subjectDescriptorsOf(api: AdoApi, storageKeys: string[]): Promise<Map<string, string>> {
  const url = await api.areaUrl('identities', '_apis/identities', {
    identityIds: storageKeys.join(','),
    queryMembership: 'None',
    'api-version': API_VERSIONS.identities,
  });
  const response = await api.client.get<Collection<RawIdentity | null>>(url);
  const byKey = new Map<string, string>();
  for (const identity of valuesOf(response.body)) {
    if (identity?.id && identity.subjectDescriptor) byKey.set(keyOf(identity.id), identity.subjectDescriptor);
  }
  const found = new Map<string, string>();
  for (const storageKey of storageKeys) {
    const descriptor = byKey.get(keyOf(storageKey));
    if (descriptor) found.set(storageKey, descriptor);
  }
  return found;
}
