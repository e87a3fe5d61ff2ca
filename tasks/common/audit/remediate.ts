import type { AdoApi } from '../ado/api';
import { addBranchControlCheck } from '../ado/checks';
import { closeQueueToAllPipelines } from '../ado/pipeline-permissions';
import { updatePool } from '../ado/pools';
import { roleScopes, setRoleAssignment, type RoleScope } from '../ado/security-roles';
import type { Logger } from '../model/context';
import type { Finding } from '../model/finding';
import type { Outcome } from '../policy/outcome';
import type { RoleScopeKind } from '../model/roles';

/** Rules with a safe automatic fix. */
export const REMEDIABLE_RULES = ['POOL001', 'POOL006', 'POOL007', 'POOL014'];

/** Where no branch is given and no authorized pipeline's default branch is known. */
export const FALLBACK_BRANCH = 'refs/heads/main';

export interface RemediationOptions {
  /** `remediateBranches`: branches the added branch control check allows (POOL014); empty = the default branch. */
  branches?: readonly string[];
}

export interface RemediationAction {
  ruleId: string;
  kind: 'downgradeRoleToReader' | 'closeOpenAccess' | 'disableAutoProvision' | 'addBranchControl';
  target: string;
  before: string;
  after: string;
  /** Set after execution. */
  status?: 'planned' | 'done' | 'failed';
  error?: string;
  apply(ado: AdoApi): Promise<void>;
}

/** The exact changes that would fix the chosen rules' unexempted findings (nothing for inherited grants). */
export function planRemediation(
  findings: readonly Finding[],
  rules: readonly string[],
  options: RemediationOptions = {},
): RemediationAction[] {
  const actions: RemediationAction[] = [];
  const seen = new Set<string>();
  for (const finding of findings) {
    if (finding.exemption || !rules.includes(finding.ruleId)) continue;
    const action = actionFor(finding, options);
    if (!action) continue;
    const key = `${action.kind}:${action.target}`;
    if (seen.has(key)) continue;
    seen.add(key);
    actions.push(action);
  }
  return actions;
}

function actionFor(finding: Finding, options: RemediationOptions): RemediationAction | undefined {
  const e = finding.evidence;
  switch (finding.ruleId) {
    case 'POOL001': {
      // Inherited rows are fixed where they are assigned; the rule reports the origin.
      if (e.access !== 'assigned' || typeof e.scope !== 'string' || typeof e.resourceId !== 'string' || typeof e.identityId !== 'string')
        return undefined;
      const scope = scopeOf(e.scope as RoleScopeKind, e.resourceId);
      const identityId = e.identityId;
      const who = finding.principal?.displayName ?? identityId;
      return {
        ruleId: finding.ruleId,
        kind: 'downgradeRoleToReader',
        target: `${who} on ${finding.resource.kind} '${finding.resource.name}'`,
        before: String(e.role),
        after: 'Reader',
        apply: (ado) => setRoleAssignment(ado, scope, identityId, 'Reader'),
      };
    }
    case 'POOL006': {
      const projectId = finding.resource.parent?.id;
      const queueId = Number(e.queueId);
      if (!projectId || !Number.isInteger(queueId)) return undefined;
      return {
        ruleId: finding.ruleId,
        kind: 'closeOpenAccess',
        target: `queue '${finding.resource.name}' in project '${finding.resource.parent?.name}'`,
        before: 'open to all pipelines',
        after: 'only authorized pipelines',
        apply: (ado) => closeQueueToAllPipelines(ado, projectId, queueId),
      };
    }
    case 'POOL007': {
      const poolId = Number(finding.resource.id);
      if (!Number.isInteger(poolId)) return undefined;
      return {
        ruleId: finding.ruleId,
        kind: 'disableAutoProvision',
        target: `pool '${finding.resource.name}'`,
        before: 'auto-provision queues in every project',
        after: 'no auto-provisioning',
        apply: async (ado) => {
          await updatePool(ado, poolId, { autoProvision: false });
        },
      };
    }
    case 'POOL014': {
      // Only on sensitive pools: elsewhere the right branches are a team's call, so the finding says what to do.
      const projectId = finding.resource.parent?.id;
      const queueId = Number(e.queueId);
      if (e.sensitivePool !== true || !projectId || !Number.isInteger(queueId)) return undefined;
      const known = String(e.pipelineDefaultBranches ?? '')
        .split(',')
        .map((branch) => branch.trim())
        .filter(Boolean);
      const branches = options.branches?.length ? [...options.branches] : known.length > 0 ? known : [FALLBACK_BRANCH];
      const queue = { id: queueId, name: finding.resource.name };
      return {
        ruleId: finding.ruleId,
        kind: 'addBranchControl',
        target: `queue '${finding.resource.name}' in project '${finding.resource.parent?.name}'`,
        before: 'no branch control or approval check',
        after: `branch control check allowing ${branches.join(', ')} with branch protection verified`,
        apply: (ado) => addBranchControlCheck(ado, projectId, queue, { allowedBranches: branches }),
      };
    }
    default:
      return undefined;
  }
}

function scopeOf(kind: RoleScopeKind, resourceId: string): RoleScope {
  switch (kind) {
    case 'orgAllPools':
      return roleScopes.orgAllPools();
    case 'orgPool':
      return roleScopes.orgPool(Number(resourceId));
    case 'projectAllPools':
      return roleScopes.projectAllPools(resourceId);
    case 'projectQueue': {
      const [projectId, queueId] = resourceId.split('_');
      return roleScopes.projectQueue(projectId, Number(queueId));
    }
  }
}

/** Applies the actions one by one; a failure is recorded and the rest still run. */
export async function executeRemediation(ado: AdoApi, actions: RemediationAction[], logger: Logger): Promise<void> {
  for (const action of actions) {
    try {
      await action.apply(ado);
      action.status = 'done';
      logger.info(`Fixed (${action.ruleId}): ${action.target}: ${action.before} → ${action.after}`);
    } catch (error) {
      action.status = 'failed';
      action.error = (error as Error).message;
      logger.warn(`Could not fix (${action.ruleId}) ${action.target}: ${action.error}`);
    }
  }
}

/** Plain records of the actions for the report (functions stripped). */
export function remediationRecords(actions: RemediationAction[]): Omit<RemediationAction, 'apply'>[] {
  return actions.map(({ apply: _apply, ...record }) => record);
}

/**
 * A fix that was asked for and did not happen fails the task, whatever the findings say (as a failed revocation
 * does in PatAudit): otherwise a pipeline that relies on remediation would go on as if the pool were fixed.
 */
export function withRemediationFailures(outcome: Outcome, actions: readonly RemediationAction[]): Outcome {
  const failed = actions.filter((action) => action.status === 'failed');
  if (failed.length === 0) return outcome;
  const first = failed[0];
  return {
    result: 'Failed',
    reason: `Remediation failed for ${failed.length} of ${actions.length} fixes; first: ${first.ruleId} ${first.target}: ${first.error ?? 'unknown error'}`,
  };
}
