/**
 * Approvals and checks on a project agent queue: plain shapes and their descriptions, shared by the inventory
 * (which shows them) and the role audit (which judges them).
 * Check kinds are told apart by `type.id` and, for task checks, `settings.definitionRef.id`; never by display name,
 * which users rename.
 */

export const CHECK_TYPE_IDS = {
  approval: '8c6f20a7-a545-4486-9777-f762fafe0d4d',
  taskCheck: 'fe1de3ee-a436-41b4-bb20-f6eb4cb879a7',
  requiredTemplate: '4020e66e-b0f3-47e1-bc88-48f3cc59b5f3',
  exclusiveLock: '2ef31ad6-baa0-403a-8b45-2cbc9b4e5563',
} as const;

/** `settings.definitionRef.id` of the task checks Pool Warden recognises. */
export const TASK_CHECK_DEFINITION_IDS = {
  branchControl: '86b05a0c-73e6-4f7d-b3cf-e38f3b39a75b',
  businessHours: '445fde2f-6c39-441c-807f-8a59ff2e075f',
  invokeRestApi: '9c3e8943-130d-4c78-ac63-8af81df62dfb',
  azureFunction: '537fdb7a-a601-4537-aa70-92645a2b5ce4',
} as const;

export type CheckKind =
  'approval' | 'branchControl' | 'businessHours' | 'requiredTemplate' | 'invokeRestApi' | 'azureFunction' | 'exclusiveLock' | 'other';

export interface CheckApprover {
  id: string;
  displayName: string;
  uniqueName?: string;
  descriptor?: string;
  isContainer?: boolean;
}

export interface RequiredTemplate {
  /** `git` = Azure Repos; `github`, `bitbucket`, … are outside the organization. */
  repositoryType: string;
  /** `project/repo` or `repo` (then the check's project). */
  repositoryName: string;
  repositoryRef: string;
  templatePath: string;
}

/** One check configuration on a queue, reduced to what Pool Warden shows and judges. */
export interface QueueCheck {
  id: number;
  kind: CheckKind;
  /** `settings.displayName` of task checks, else `type.name` (for people only; never used to classify). */
  displayName: string;
  /** `isDisabled`: a disabled check does not run, so it counts as absent. */
  disabled: boolean;
  approval?: {
    approvers: CheckApprover[];
    /** `minRequiredApprovers` (0 or absent = all approvers). */
    minRequiredApprovers: number;
    requesterCannotBeApprover: boolean;
  };
  branchControl?: {
    /** `allowedBranches` split on commas and trimmed; `*` = any branch. */
    allowedBranches: string[];
    ensureProtectionOfBranch: boolean;
    allowUnknownStatusBranch: boolean;
  };
  requiredTemplates?: RequiredTemplate[];
}

/** The checks that run (disabled ones count as absent). */
export function activeChecks(checks: readonly QueueCheck[] | undefined): QueueCheck[] {
  return (checks ?? []).filter((check) => !check.disabled);
}

/** "open to all pipelines", "2 pipelines", "none", "unknown": who may use the queue, in a table cell. */
export function describePipelineAccess(access: { openToAllPipelines: boolean | undefined; authorizedPipelineIds?: number[] }): string {
  if (access.openToAllPipelines === undefined) return 'unknown (not readable)';
  if (access.openToAllPipelines) return 'open to all pipelines';
  const count = access.authorizedPipelineIds?.length ?? 0;
  return count === 0 ? 'no pipeline' : `${count} pipeline${count === 1 ? '' : 's'}`;
}

/** One short phrase per active check, e.g. "approval", "branch control (refs/heads/main)"; disabled checks are named as such. */
export function describeChecks(checks: readonly QueueCheck[] | undefined): string {
  if (checks === undefined) return 'unknown (not readable)';
  if (checks.length === 0) return 'none';
  return checks.map(describeCheck).join('; ');
}

function describeCheck(check: QueueCheck): string {
  const label = CHECK_LABELS[check.kind];
  const detail =
    check.kind === 'branchControl' && check.branchControl
      ? ` (${check.branchControl.allowedBranches.join(', ') || 'no branch'})`
      : check.kind === 'other'
        ? ` (${check.displayName})`
        : '';
  return `${label}${detail}${check.disabled ? ' [disabled]' : ''}`;
}

const CHECK_LABELS: Record<CheckKind, string> = {
  approval: 'approval',
  branchControl: 'branch control',
  businessHours: 'business hours',
  requiredTemplate: 'required template',
  invokeRestApi: 'REST API',
  azureFunction: 'Azure Function',
  exclusiveLock: 'exclusive lock',
  other: 'other',
};
