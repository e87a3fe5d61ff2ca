/**
 * Tunables of the pool role audit. The policy file (another module) maps onto this plain object;
 * rules only ever see a complete `PoolAuditSettings`, built with `resolvePoolAuditSettings`.
 */
import { DEFAULT_SECRET_PATTERNS } from '../patterns/secrets';

export interface PoolAuditSettings {
  /**
   * A group with MORE effective (transitive, non-group) members than this is "broad" for POOL001, whatever
   * its name. Exactly this many is not broad. Default 50 (ADO Security Scanner's Contributors limit).
   */
  broadGroupMemberThreshold: number;
  /**
   * POOL003 fires when a pool has MORE effective Administrators than this (exactly this many is fine).
   * Default 5.
   */
  maxAdministrators: number;
  /** POOL009: an agent offline for MORE than this many days is stale. Default 14. */
  staleAgentDays: number;
  /** POOL013: a self-hosted pool with no finished job for MORE than this many days is inactive. Default 90. */
  inactivePoolDays: number;
  /**
   * Group names that are broad by definition (POOL001, POOL016). Name patterns (docs/patterns.md): a pattern without
   * `\` matches the group's local name, i.e. the part after the last `\` with any `[Scope]\` prefix dropped, so
   * `[Fabrikam]\Contributors` matches `Contributors`; a pattern with `\` matches the whole scoped name. Default: Contributors, Readers,
   * Project Collection Valid Users, Project Valid Users, Project Collection Build Service Accounts
   * (every pipeline of every project runs as a member of that last one).
   */
  broadGroups: string[];
  /**
   * Identities that may hold Administrator: they never fire POOL002 and are not counted by POOL003.
   * Each entry is a name pattern (docs/patterns.md) matched against an identity's id, descriptor or principal name
   * (`[fabrikam]\Platform Admins`, `jane@contoso.com`), never its display name. An allowed GROUP is not counted by POOL003, nor are its members through that group.
   * Default empty. (Other rules, e.g. POOL005 or POOL012, still apply to these identities.)
   */
  allowedAdministrators: string[];
  /**
   * Pools whose inherited assignments POOL008 reports. Entries are name patterns (patterns/names.ts, docs/patterns.md:
   * `*`, `?`, case-insensitive, whole name), e.g. `prod-*`. Default empty (POOL008 then never fires).
   */
  sensitivePools: string[];
  /**
   * POOL010: regex sources (case-insensitive) matched against agent user capability KEY names, and
   * against values as `pattern=` / `pattern:` assignments (e.g. `Password=` inside a connection string).
   * High-entropy values are flagged on top of these (see `secrets.ts`).
   */
  secretPatterns: string[];
  /**
   * Groups that are never "broad" as check approvers (POOL016), whatever their name or size. Matched like
   * `allowedAdministrators`: name patterns over id, descriptor or principal name (`[fabrikam]\Release Approvers`),
   * never the display name, which a project group can copy. Default empty.
   */
  trustedApprovers: string[];
}

export const DEFAULT_BROAD_GROUPS: readonly string[] = [
  'Contributors',
  'Readers',
  'Project Collection Valid Users',
  'Project Valid Users',
  'Project Collection Build Service Accounts',
];

export { DEFAULT_SECRET_PATTERNS };

export const DEFAULT_POOL_AUDIT_SETTINGS: Readonly<PoolAuditSettings> = Object.freeze({
  broadGroupMemberThreshold: 50,
  maxAdministrators: 5,
  staleAgentDays: 14,
  inactivePoolDays: 90,
  broadGroups: [...DEFAULT_BROAD_GROUPS],
  allowedAdministrators: [],
  sensitivePools: [],
  secretPatterns: [...DEFAULT_SECRET_PATTERNS],
  trustedApprovers: [],
});

/** Fills in defaults for anything not given. Arrays given replace the defaults (they don't merge). */
export function resolvePoolAuditSettings(overrides: Partial<PoolAuditSettings> = {}): PoolAuditSettings {
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
  const settings: PoolAuditSettings = {
    ...DEFAULT_POOL_AUDIT_SETTINGS,
    broadGroups: [...DEFAULT_POOL_AUDIT_SETTINGS.broadGroups],
    allowedAdministrators: [],
    sensitivePools: [],
    secretPatterns: [...DEFAULT_POOL_AUDIT_SETTINGS.secretPatterns],
    trustedApprovers: [],
    ...defined,
  };
  for (const key of ['broadGroupMemberThreshold', 'maxAdministrators', 'staleAgentDays', 'inactivePoolDays'] as const) {
    const value = settings[key];
    if (!Number.isFinite(value) || value < 0) {
      throw new Error(`Pool audit setting '${key}' must be a non-negative number, got ${String(value)}`);
    }
  }
  return settings;
}
