/** Identities as the audits see them, resolved once per run. */

export type IdentityKind = 'user' | 'entraGroup' | 'azureDevOpsGroup' | 'servicePrincipal' | 'buildService' | 'unknown';

export interface Identity {
  /** Storage key (VSID): what role assignments carry as `identity.id`. */
  id: string;
  /** Graph subject descriptor (e.g. `aad.…`, `vssgp.…`), when it could be resolved. */
  descriptor?: string;
  kind: IdentityKind;
  displayName: string;
  principalName?: string;
  mailAddress?: string;
  origin?: string;
  /** False when the membership state says inactive; undefined when unknown. */
  active?: boolean;
  deletedInOrigin?: boolean;
  /** True when the identity could not be resolved (kept so the audit can say so). */
  unresolved?: boolean;
}

export interface GroupExpansion {
  groupId: string;
  /** Distinct effective (transitive) member identities that are not groups. */
  effectiveMemberIds: string[];
  /** True when the depth cap stopped the walk. */
  truncated: boolean;
  /** Group ids seen twice on one path (membership cycles). */
  cycles: string[];
}
