import type { AdoApi } from '../ado/api';
import { descriptorOf, identityFromSubject, isActive, lookupSubjects, memberDescriptors } from '../ado/graph';
import { subjectDescriptorsOf } from '../ado/identities';
import type { Identity } from '../model/identity';
import { createBatcher, memoize } from './batcher';

/** Resolves identities and group members through graph, each distinct identity once per run. */
export interface IdentityResolver {
  /** From a role assignment's identity (storage key + display data) to a classified identity. */
  byStorageKey(partial: Identity): Promise<Identity>;
  /** From a subject descriptor (group members) to a classified identity. */
  byDescriptor(descriptor: string): Promise<Identity>;
  /** Direct members of a group, resolved. */
  members(group: Identity): Promise<Identity[]>;
  /** Adds membership state (active) to a user or service principal. */
  withActivity(identity: Identity): Promise<Identity>;
}

const LOOKUP_BATCH = 100;
/** Storage keys per identities request: 50 GUIDs keep the query string under 2 KB. */
const IDENTITY_BATCH = 50;

export function createIdentityResolver(api: AdoApi): IdentityResolver {
  const lookup = createBatcher((descriptors: string[]) => lookupSubjects(api, descriptors), LOOKUP_BATCH);
  // Role holders often come without a descriptor (as in the official role assignment example): their storage keys are
  // resolved many per request through the Identities area; one the batch cannot resolve (or a failed batch) falls back
  // to graph's one-key `descriptors/{storageKey}`.
  const identityBatch = createBatcher((keys: string[]) => subjectDescriptorsOf(api, keys), IDENTITY_BATCH);
  const descriptorFor = memoize(async (storageKey: string) => {
    const batched = await identityBatch(storageKey).catch((error: unknown) => {
      api.logger.debug(`Identities lookup of ${storageKey} failed (${(error as Error).message}); asking graph`);
      return undefined;
    });
    return batched ?? descriptorOf(api, storageKey);
  });
  const activity = memoize((descriptor: string) => isActive(api, descriptor));
  const membersOf = memoize((descriptor: string) => memberDescriptors(api, descriptor));

  const byDescriptor = memoize(async (descriptor: string): Promise<Identity> => {
    const subject = await lookup(descriptor);
    if (!subject) return { id: descriptor, descriptor, kind: 'unknown', displayName: descriptor, unresolved: true };
    // Members found through groups are known by descriptor only; their subject descriptor is their id here. A member
    // listed by legacy identity descriptor (as in the official membership examples) comes back from the lookup with
    // its subject descriptor, so it is one identity however it was reached.
    return identityFromSubject(subject, subject.descriptor || descriptor);
  });

  const byStorageKey = memoize(async (key: string): Promise<Identity | undefined> => {
    const descriptor = await descriptorFor(key);
    if (!descriptor) return undefined;
    const resolved = await byDescriptor(descriptor);
    return { ...resolved, id: key };
  });

  return {
    async byStorageKey(partial) {
      const resolved = partial.descriptor
        ? { ...(await byDescriptor(partial.descriptor)), id: partial.id }
        : await byStorageKey(partial.id);
      if (!resolved || resolved.unresolved) return { ...partial, kind: 'unknown', unresolved: true };
      return resolved;
    },
    byDescriptor,
    async members(group) {
      if (!group.descriptor) return [];
      const descriptors = await membersOf(group.descriptor);
      return Promise.all(descriptors.map((descriptor) => byDescriptor(descriptor)));
    },
    async withActivity(identity) {
      if (!identity.descriptor || (identity.kind !== 'user' && identity.kind !== 'servicePrincipal')) return identity;
      return { ...identity, active: await activity(identity.descriptor) };
    },
  };
}
