/**
 * Identity classification from what REST gives us (kind, descriptor prefix, names). Names are the
 * weakest signal and are only used where nothing better exists.
 */
import type { Identity } from '../model/identity';
import { compileNamePattern, matchesGroupNamePattern } from '../patterns/names';

/** Graph subject descriptor prefixes (`<prefix>.<base64>`). */
const GROUP_DESCRIPTOR_PREFIXES = ['vssgp.', 'aadgp.'];
const USER_DESCRIPTOR_PREFIXES = ['aad.', 'msa.'];
const BUILD_SERVICE_DESCRIPTOR_PREFIX = 'svc.';

// `Project Collection Build Service (fabrikam)` and `{Project} Build Service (fabrikam)`.
const BUILD_SERVICE_NAME = /^.+ Build Service \([^()]+\)$/i;

function descriptorStartsWith(identity: Identity, prefixes: readonly string[]): boolean {
  const descriptor = identity.descriptor?.toLowerCase();
  return descriptor !== undefined && prefixes.some((prefix) => descriptor.startsWith(prefix));
}

/**
 * The name of a group without its scope prefix: `[Fabrikam]\Contributors` → `Contributors`,
 * `fabrikam\Project Collection Valid Users` → `Project Collection Valid Users`. Trimmed.
 */
export function localGroupName(name: string): string {
  const lastSlash = name.lastIndexOf('\\');
  return (lastSlash >= 0 ? name.slice(lastSlash + 1) : name).trim();
}

/** True for Azure DevOps and Entra groups (by kind, or by descriptor when the kind is unknown). */
export function isGroup(identity: Identity): boolean {
  if (identity.kind === 'azureDevOpsGroup' || identity.kind === 'entraGroup') return true;
  if (identity.kind !== 'unknown') return false;
  return descriptorStartsWith(identity, GROUP_DESCRIPTOR_PREFIXES);
}

/** True for an Azure DevOps (not Entra) group: the only kind whose built-in names mean something. */
function isAzureDevOpsGroup(identity: Identity): boolean {
  return identity.kind === 'azureDevOpsGroup' || (identity.kind === 'unknown' && descriptorStartsWith(identity, ['vssgp.']));
}

/**
 * True when the identity is an Azure DevOps group named by a `broadGroupNames` pattern (patterns/names.ts; see
 * `matchesGroupNamePattern`). Entra groups are never broad by name (an Entra group that happens to be called
 * "Readers" is judged by its member count instead); `Team Contributors` is not `Contributors`. The display name counts
 * here on purpose: a name match only ever adds a finding, so a group renamed to look broad cannot hide anything.
 */
export function isBroadGroupByName(identity: Identity, broadGroupNames: readonly string[]): boolean {
  if (!isAzureDevOpsGroup(identity)) return false;
  return [identity.displayName, identity.principalName]
    .filter((name): name is string => typeof name === 'string' && name.length > 0)
    .some((name) => matchesGroupNamePattern(name, broadGroupNames));
}

/**
 * True for pipeline build identities: `Project Collection Build Service ({org})`,
 * `{Project} Build Service ({org})`, kind `buildService`, or an `svc.` descriptor.
 * The group `Project Collection Build Service Accounts` is a group, not a build service.
 */
export function isBuildService(identity: Identity): boolean {
  if (isGroup(identity)) return false;
  if (identity.kind === 'buildService') return true;
  if (descriptorStartsWith(identity, [BUILD_SERVICE_DESCRIPTOR_PREFIX])) return true;
  return BUILD_SERVICE_NAME.test(identity.displayName.trim());
}

/** True for a person: kind `user` (or an `aad.`/`msa.` descriptor when unknown) that is not a build service. */
export function isIndividualUser(identity: Identity): boolean {
  if (isGroup(identity) || isBuildService(identity)) return false;
  if (identity.kind === 'user') return true;
  return identity.kind === 'unknown' && descriptorStartsWith(identity, USER_DESCRIPTOR_PREFIXES);
}

/** True when the directory says the identity is inactive or deleted. Unknown state is not inactive. */
export function isInactiveOrDeleted(identity: Identity): boolean {
  return identity.active === false || identity.deletedInOrigin === true;
}

/**
 * True when a name pattern (patterns/names.ts) matches the identity's principal name (`[fabrikam]\Release Approvers`,
 * `[Web]\Contributors`, a person's sign-in name), its subject descriptor or its storage key. For allow lists whose
 * match SILENCES a rule (`allowedAdministrators`, `trustedApprovers`), so never the display name: anyone who may
 * create a group in a project can give it the display name of a trusted group (`[Web]\Release Approvers` is not
 * `[fabrikam]\Release Approvers`), and people choose their own display names.
 */
export function identityMatchesTrusted(identity: Identity, patterns: readonly string[]): boolean {
  if (patterns.length === 0) return false;
  const keys = [identity.id, identity.descriptor, identity.principalName].filter(
    (key): key is string => typeof key === 'string' && key.length > 0,
  );
  return patterns.some((pattern) => {
    const matches = compileNamePattern(pattern);
    return keys.some((key) => matches(key));
  });
}
