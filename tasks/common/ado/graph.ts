import { pagesByHeader } from '../http/paging';
import type { Identity, IdentityKind } from '../model/identity';
import { API_VERSIONS, valuesOf, type AdoApi, type Collection } from './api';

/** GraphSubject / GraphUser / GraphGroup fields we read. */
export interface RawGraphSubject {
  descriptor: string;
  displayName?: string;
  principalName?: string;
  mailAddress?: string;
  origin?: string;
  originId?: string;
  subjectKind?: string;
  domain?: string;
  metaType?: string;
  isDeletedInOrigin?: boolean;
}

/** Kind of an identity from its subject descriptor prefix (and subjectKind as a fallback). */
export function identityKindOf(subject: Pick<RawGraphSubject, 'descriptor' | 'subjectKind'>): IdentityKind {
  const prefix = subject.descriptor.split('.')[0].toLowerCase();
  switch (prefix) {
    case 'aad':
    case 'msa':
    case 'imp':
      return 'user';
    case 'svc':
      return 'buildService';
    case 'aadgp':
      return 'entraGroup';
    case 'vssgp':
      return 'azureDevOpsGroup';
    case 'aadsp':
      return 'servicePrincipal';
  }
  switch (subject.subjectKind) {
    case 'user':
      return 'user';
    case 'group':
      return 'azureDevOpsGroup';
    case 'servicePrincipal':
      return 'servicePrincipal';
    default:
      return 'unknown';
  }
}

export function identityFromSubject(subject: RawGraphSubject, storageKey: string): Identity {
  return {
    id: storageKey,
    descriptor: subject.descriptor,
    kind: identityKindOf(subject),
    displayName: subject.displayName ?? subject.principalName ?? subject.descriptor,
    principalName: subject.principalName,
    mailAddress: subject.mailAddress,
    origin: subject.origin,
    deletedInOrigin: subject.isDeletedInOrigin,
  };
}

/** Users of the organization, page by page (header continuation tokens), so callers can stream. */
export async function* userPages(api: AdoApi, subjectTypes = 'aad,msa'): AsyncGenerator<RawGraphSubject[]> {
  const url = await api.areaUrl('graph', '_apis/graph/users');
  yield* pagesByHeader<RawGraphSubject>(api.client, url, { query: { subjectTypes, 'api-version': API_VERSIONS.graph } });
}

/** Subject descriptor of a storage key (the `identity.id` of role assignments); undefined when unknown. */
export async function descriptorOf(api: AdoApi, storageKey: string): Promise<string | undefined> {
  const url = await api.areaUrl('graph', `_apis/graph/descriptors/${encodeURIComponent(storageKey)}`, {
    'api-version': API_VERSIONS.graphGa,
  });
  const response = await api.client.get<{ value?: string }>(url, { allowStatuses: [404] });
  return response.status === 404 ? undefined : response.body?.value;
}

/**
 * Looks up many subjects in one request (the service caps a batch; callers chunk). Accepts subject descriptors and
 * legacy identity descriptors (memberships list some members by the latter); each answer carries its subject descriptor.
 */
export async function lookupSubjects(api: AdoApi, descriptors: string[]): Promise<Map<string, RawGraphSubject>> {
  const url = await api.areaUrl('graph', '_apis/graph/subjectlookup', { 'api-version': API_VERSIONS.graph });
  const response = await api.client.send<{ value?: Record<string, RawGraphSubject> }>('POST', url, {
    body: { lookupKeys: descriptors.map((descriptor) => ({ descriptor })) },
    // A lookup changes nothing: safe to repeat after a 5xx.
    idempotent: true,
  });
  // Keyed by the descriptor asked for (subject or legacy); a key left unanswered is an unresolved subject.
  return new Map(Object.entries(response.body?.value ?? {}));
}

/** Direct members (depth 1: the only depth the service supports) of a group. */
export async function memberDescriptors(api: AdoApi, groupDescriptor: string): Promise<string[]> {
  const url = await api.areaUrl('graph', `_apis/graph/Memberships/${encodeURIComponent(groupDescriptor)}`, {
    direction: 'down',
    depth: 1,
    'api-version': API_VERSIONS.graph,
  });
  const response = await api.client.get<Collection<{ containerDescriptor: string; memberDescriptor: string }>>(url);
  return valuesOf(response.body).map((membership) => membership.memberDescriptor);
}

/** Whether a subject is active in the organization; undefined when the service does not know it. */
export async function isActive(api: AdoApi, descriptor: string): Promise<boolean | undefined> {
  const url = await api.areaUrl('graph', `_apis/graph/membershipstates/${encodeURIComponent(descriptor)}`, {
    'api-version': API_VERSIONS.graph,
  });
  const response = await api.client.get<{ active?: boolean }>(url, { allowStatuses: [404] });
  return response.status === 404 ? undefined : response.body?.active;
}
