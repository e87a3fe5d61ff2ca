import { parseManagedPoolInputs, type ManagedPoolInputs } from '../inputs/managed-pools';
import { readBoolean, readInteger, readString, InputError, type InputReader } from '../inputs/read';
import { parseCommonAuditInputs, type CommonAuditInputs } from '../inputs/audit-common';
import { POOL_RULE_IDS } from './catalog';
import { REMEDIABLE_RULES } from './remediate';

// The inputs both audits take are parsed in inputs/audit-common.ts (the PAT audit shares them).
export { parseCommonAuditInputs, type CommonAuditInputs };

export interface PoolAuditInputs extends CommonAuditInputs {
  broadGroupMemberThreshold?: number;
  maxAdministrators?: number;
  staleAgentDays?: number;
  inactivePoolDays?: number;
  poolNameFilter: string;
  remediate: boolean;
  remediateRules: string[];
  managedPools: ManagedPoolInputs;
  /** Branches the branch control check added for POOL014 allows; empty = the pipelines' default branch. */
  remediateBranches: string[];
}

/** Parses every PoolRoleAudit input; errors name the input and the allowed values. */
export function parsePoolAuditInputs(read: InputReader, collectionUri?: string): PoolAuditInputs {
  const remediateRules = readString(read, 'remediateRules', { default: REMEDIABLE_RULES.join(',') })
    .split(',')
    .map((id) => id.trim().toUpperCase())
    .filter(Boolean);
  for (const id of remediateRules) {
    if (!(POOL_RULE_IDS as readonly string[]).includes(id))
      throw new InputError('remediateRules', `names unknown rule '${id}'; allowed: ${REMEDIABLE_RULES.join(', ')}.`);
    if (!REMEDIABLE_RULES.includes(id))
      throw new InputError(
        'remediateRules',
        `names rule '${id}', which has no safe automatic fix; allowed: ${REMEDIABLE_RULES.join(', ')}.`,
      );
  }
  return {
    ...parseCommonAuditInputs(read, collectionUri),
    broadGroupMemberThreshold: readInteger(read, 'broadGroupMemberThreshold', { min: 0, max: 1_000_000 }),
    maxAdministrators: readInteger(read, 'maxAdministrators', { min: 0, max: 10_000 }),
    staleAgentDays: readInteger(read, 'staleAgentDays', { min: 0, max: 3650 }),
    inactivePoolDays: readInteger(read, 'inactivePoolDays', { min: 0, max: 3650 }),
    poolNameFilter: readString(read, 'poolNameFilter', { default: '*' }),
    remediate: readBoolean(read, 'remediate', false),
    remediateRules,
    managedPools: parseManagedPoolInputs(read),
    remediateBranches: parseBranches(readString(read, 'remediateBranches', { default: '' })),
  };
}

/** `refs/heads/main, release/*` → full ref names; `*` is refused (it would allow every branch, see POOL015). */
function parseBranches(text: string): string[] {
  const branches = text
    .split(',')
    .map((branch) => branch.trim())
    .filter(Boolean)
    .map((branch) => (branch.startsWith('refs/') ? branch : `refs/heads/${branch}`));
  for (const branch of branches) {
    if (branch === 'refs/heads/*' || branch === '*' || /\s/.test(branch))
      throw new InputError(
        'remediateBranches',
        `has '${branch}'; allowed: comma-separated branch names or refs such as refs/heads/main or release/* (not '*' alone).`,
      );
  }
  return branches;
}
