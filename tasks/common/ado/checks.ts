import { isAccessDenied, HttpError } from '../http/errors';
import {
  CHECK_TYPE_IDS,
  TASK_CHECK_DEFINITION_IDS,
  type CheckApprover,
  type CheckKind,
  type QueueCheck,
  type RequiredTemplate,
} from '../model/checks';
import { API_VERSIONS, valuesOf, type AdoApi, type Collection } from './api';

/** `CheckConfiguration` as the service sends it with `$expand=settings` (approvalsAndChecks 7.1, preview). */
interface RawCheckConfiguration {
  id: number;
  type?: { id?: string; name?: string };
  resource?: { type?: string; id?: string; name?: string };
  isDisabled?: boolean;
  settings?: {
    displayName?: string;
    definitionRef?: { id?: string; name?: string; version?: string };
    inputs?: Record<string, string | undefined>;
    approvers?: { id?: string; displayName?: string; uniqueName?: string; descriptor?: string; isContainer?: boolean }[];
    minRequiredApprovers?: number;
    requesterCannotBeApprover?: boolean;
    extendsChecks?: Partial<RequiredTemplate>[];
  };
}

/** The queue a batch of checks is asked for (project queue id, not pool id). */
export interface QueueResource {
  id: number;
  name: string;
}

const KIND_BY_DEFINITION: Record<string, CheckKind> = {
  [TASK_CHECK_DEFINITION_IDS.branchControl]: 'branchControl',
  [TASK_CHECK_DEFINITION_IDS.businessHours]: 'businessHours',
  [TASK_CHECK_DEFINITION_IDS.invokeRestApi]: 'invokeRestApi',
  [TASK_CHECK_DEFINITION_IDS.azureFunction]: 'azureFunction',
};

function kindOf(raw: RawCheckConfiguration): CheckKind {
  const typeId = raw.type?.id?.toLowerCase();
  if (typeId === CHECK_TYPE_IDS.approval) return 'approval';
  if (typeId === CHECK_TYPE_IDS.requiredTemplate) return 'requiredTemplate';
  if (typeId === CHECK_TYPE_IDS.exclusiveLock) return 'exclusiveLock';
  if (typeId === CHECK_TYPE_IDS.taskCheck) return KIND_BY_DEFINITION[raw.settings?.definitionRef?.id?.toLowerCase() ?? ''] ?? 'other';
  return 'other';
}

const isTrue = (value: string | undefined) => value?.trim().toLowerCase() === 'true';

/** Maps one raw configuration; exported for unit tests of the mapping. */
export function toQueueCheck(raw: RawCheckConfiguration): QueueCheck {
  const kind = kindOf(raw);
  const settings = raw.settings ?? {};
  const check: QueueCheck = {
    id: raw.id,
    kind,
    displayName: settings.displayName ?? raw.type?.name ?? `check ${raw.id}`,
    disabled: raw.isDisabled === true,
  };
  if (kind === 'approval') {
    check.approval = {
      approvers: (settings.approvers ?? []).map((a): CheckApprover => ({
        id: a.id ?? '',
        displayName: a.displayName ?? a.uniqueName ?? a.id ?? '',
        uniqueName: a.uniqueName,
        descriptor: a.descriptor,
        isContainer: a.isContainer,
      })),
      minRequiredApprovers: settings.minRequiredApprovers ?? 0,
      requesterCannotBeApprover: settings.requesterCannotBeApprover === true,
    };
  }
  if (kind === 'branchControl') {
    const inputs = settings.inputs ?? {};
    const ensure = isTrue(inputs.ensureProtectionOfBranch);
    check.branchControl = {
      allowedBranches: (inputs.allowedBranches ?? '')
        .split(',')
        .map((branch) => branch.trim())
        .filter(Boolean),
      ensureProtectionOfBranch: ensure,
      // Only meaningful (and only sent) when verification is on.
      allowUnknownStatusBranch: ensure && isTrue(inputs.allowUnknownStatusBranch),
    };
  }
  if (kind === 'requiredTemplate') {
    check.requiredTemplates = (settings.extendsChecks ?? []).map((t) => ({
      repositoryType: t.repositoryType ?? '',
      repositoryName: t.repositoryName ?? '',
      repositoryRef: t.repositoryRef ?? '',
      templatePath: t.templatePath ?? '',
    }));
  }
  return check;
}

function checksUrl(api: AdoApi, projectId: string, path: string, query: Record<string, string | number | undefined> = {}): string {
  return api.url(`${encodeURIComponent(projectId)}/_apis/pipelines/checks/${path}`, {
    ...query,
    $expand: 'settings',
    'api-version': API_VERSIONS.checks,
  });
}

/** Statuses that mean "this form of the call is not accepted here": try the per-resource GET instead. */
const BATCH_REFUSED = new Set([400, 403, 404, 405]);

/**
 * The checks of several queues of one project: one batch `POST checks/queryconfigurations` for all of them;
 * only when the service refuses the batch, one `GET checks/configurations?resourceType=queue&resourceId=` per queue.
 * Returns checks by queue id; a queue whose per-resource read failed is in `failed` with its error.
 */
export async function readQueueChecks(
  api: AdoApi,
  projectId: string,
  queues: readonly QueueResource[],
): Promise<{ byQueue: Map<number, QueueCheck[]>; failed: Map<number, unknown> }> {
  const byQueue = new Map<number, QueueCheck[]>(queues.map((queue) => [queue.id, []]));
  const failed = new Map<number, unknown>();
  if (queues.length === 0) return { byQueue, failed };
  try {
    const response = await api.client.send<Collection<RawCheckConfiguration>>('POST', checksUrl(api, projectId, 'queryconfigurations'), {
      body: queues.map((queue) => ({ type: 'queue', id: String(queue.id), name: queue.name })),
      idempotent: true,
    });
    for (const raw of valuesOf(response.body)) addTo(byQueue, raw);
    return { byQueue, failed };
  } catch (error) {
    if (!(error instanceof HttpError) || !BATCH_REFUSED.has(error.status)) throw error;
    api.logger.debug(`Batch check query refused (${error.message}); reading checks queue by queue`);
  }
  for (const queue of queues) {
    try {
      const response = await api.client.get<Collection<RawCheckConfiguration>>(
        checksUrl(api, projectId, 'configurations', { resourceType: 'queue', resourceId: queue.id }),
      );
      for (const raw of valuesOf(response.body)) addTo(byQueue, raw);
    } catch (error) {
      if (!isAccessDenied(error) && !(error instanceof HttpError && error.status === 404)) throw error;
      byQueue.delete(queue.id);
      failed.set(queue.id, error);
    }
  }
  return { byQueue, failed };
}

function addTo(byQueue: Map<number, QueueCheck[]>, raw: RawCheckConfiguration): void {
  if (raw.resource?.type?.toLowerCase() !== 'queue') return;
  byQueue.get(Number(raw.resource.id))?.push(toQueueCheck(raw));
}

/** What a branch control check added by remediation allows. */
export interface BranchControlSpec {
  allowedBranches: string[];
}

/**
 * Adds a branch control check to a queue that only lets the given branches through and verifies their
 * protection (`ensureProtectionOfBranch`), refusing branches of unknown protection status.
 */
export async function addBranchControlCheck(api: AdoApi, projectId: string, queue: QueueResource, spec: BranchControlSpec): Promise<void> {
  await api.client.send(
    'POST',
    api.url(`${encodeURIComponent(projectId)}/_apis/pipelines/checks/configurations`, {
      'api-version': API_VERSIONS.checks,
    }),
    {
      body: {
        type: { id: CHECK_TYPE_IDS.taskCheck, name: 'Task Check' },
        settings: {
          displayName: 'Branch control',
          definitionRef: { id: TASK_CHECK_DEFINITION_IDS.branchControl, name: 'evaluatebranchProtection', version: '0.0.1' },
          inputs: {
            allowedBranches: spec.allowedBranches.join(', '),
            ensureProtectionOfBranch: 'true',
            allowUnknownStatusBranch: 'false',
          },
          retryInterval: 5,
        },
        resource: { type: 'queue', id: String(queue.id), name: queue.name },
        timeout: 1440,
      },
    },
  );
}
