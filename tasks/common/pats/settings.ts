/** Tunables of the PAT audit. Rules only see a complete `PatAuditSettings` (see `resolvePatAuditSettings`). */
import { DEFAULT_HIGH_PRIVILEGE_SCOPES, DEFAULT_KNOWN_SCOPES, normalizeScope } from './scopes';

/**
 * A token purpose recognised by its name, with the scopes such a token needs. PAT003 does not report a
 * high-privilege scope the matching profile allows; PAT008 reports scopes outside it.
 */
export interface PurposeProfile {
  name: string;
  /** Regex source matched case-insensitively against the token's display name. */
  namePattern: string;
  allowedScopes: string[];
}

export interface PatAuditSettings {
  /** PAT004: lifetime (validTo − validFrom) MORE than this many days fires; exactly this many does not. Default 90. */
  maxLifetimeDays: number;
  /** PAT004 for SSH keys (`isPublic`): their own lifetime limit, same boundary. Default 365. */
  maxSshKeyLifetimeDays: number;
  /**
   * PAT012: group names that make a PAT creation allow list as good as none. Name patterns (docs/patterns.md): without
   * `\\` over the entry's name without its `[scope]\\` prefix, with `\\` over the whole `[scope]\\Group` name.
   */
  broadGroupNames: string[];
  /** PAT005 medium: a live token expiring in at most this many days. Default 7. */
  expiringWithinDays: number;
  /** PAT005 low notice: a live token expiring in at most this many days (and more than expiringWithinDays). Default 30. */
  noticeWithinDays: number;
  /** PAT003: scopes reported as high privilege. Default: the public table's high-privilege scopes. */
  highPrivilegeScopes: string[];
  /** Scopes with a known meaning; anything else is reported by PAT003 as unknown. Default: the public table. */
  knownScopes: string[];
  /**
   * PAT002: instant from which global PATs stop working (Azure DevOps retires them on 2026-12-01).
   * From this instant on (UTC, inclusive) PAT002 is critical instead of high.
   */
  globalPatCutoff: Date;
  /** Token purposes recognised by name. Default: one agent-registration profile. */
  purposeProfiles: PurposeProfile[];
}

/**
 * Agent and deployment-group registration needs Agent Pools (read, manage) or Deployment Group (read, manage).
 * Names like "agent-registration", "pool setup" or "build-agent" are treated as such tokens.
 */
export const AGENT_REGISTRATION_PROFILE: Readonly<PurposeProfile> = Object.freeze({
  name: 'agent-registration',
  namePattern: 'agent|pool|registration',
  allowedScopes: ['vso.agentpools', 'vso.agentpools_manage', 'vso.machinegroup_manage'],
});

/** Groups that hold (nearly) every user of an organization or tenant. */
export const DEFAULT_BROAD_GROUP_NAMES: readonly string[] = Object.freeze([
  'Project Collection Valid Users',
  'Project Valid Users',
  'Contributors',
  'Readers',
  'Everyone',
  'All Users',
  'All Company',
  'Domain Users',
]);

export const GLOBAL_PAT_CUTOFF = new Date('2026-12-01T00:00:00Z');

export const DEFAULT_PAT_AUDIT_SETTINGS: Readonly<PatAuditSettings> = Object.freeze({
  maxLifetimeDays: 90,
  maxSshKeyLifetimeDays: 365,
  broadGroupNames: [...DEFAULT_BROAD_GROUP_NAMES],
  expiringWithinDays: 7,
  noticeWithinDays: 30,
  highPrivilegeScopes: [...DEFAULT_HIGH_PRIVILEGE_SCOPES],
  knownScopes: [...DEFAULT_KNOWN_SCOPES],
  globalPatCutoff: GLOBAL_PAT_CUTOFF,
  purposeProfiles: [{ ...AGENT_REGISTRATION_PROFILE, allowedScopes: [...AGENT_REGISTRATION_PROFILE.allowedScopes] }],
});

/** Fills in defaults; arrays given replace the defaults. Validates numbers and profile patterns. */
export function resolvePatAuditSettings(overrides: Partial<PatAuditSettings> = {}): PatAuditSettings {
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
  const base = DEFAULT_PAT_AUDIT_SETTINGS;
  const settings: PatAuditSettings = {
    ...base,
    highPrivilegeScopes: [...base.highPrivilegeScopes],
    knownScopes: [...base.knownScopes],
    broadGroupNames: [...base.broadGroupNames],
    purposeProfiles: base.purposeProfiles.map((p) => ({ ...p, allowedScopes: [...p.allowedScopes] })),
    ...defined,
  };
  for (const key of ['maxLifetimeDays', 'maxSshKeyLifetimeDays', 'expiringWithinDays', 'noticeWithinDays'] as const) {
    if (!Number.isFinite(settings[key]) || settings[key] < 0) {
      throw new Error(`PAT audit setting '${key}' must be a non-negative number, got ${String(settings[key])}`);
    }
  }
  if (settings.noticeWithinDays < settings.expiringWithinDays) {
    throw new Error(
      `PAT audit setting 'noticeWithinDays' (${settings.noticeWithinDays}) must be ≥ 'expiringWithinDays' (${settings.expiringWithinDays})`,
    );
  }
  if (Number.isNaN(settings.globalPatCutoff.getTime())) {
    throw new Error("PAT audit setting 'globalPatCutoff' is not a valid date");
  }
  for (const profile of settings.purposeProfiles) {
    try {
      new RegExp(profile.namePattern, 'i');
    } catch (error) {
      throw new Error(`Purpose profile '${profile.name}' has an invalid namePattern: ${(error as Error).message}`);
    }
  }
  settings.highPrivilegeScopes = settings.highPrivilegeScopes.map(normalizeScope);
  settings.knownScopes = settings.knownScopes.map(normalizeScope);
  return settings;
}
