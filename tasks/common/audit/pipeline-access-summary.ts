/** The "Who can run code on each self-hosted pool" table and the list of pipeline branches looked at (POOL018). */
import { describeChecks, describePipelineAccess } from '../model/checks';
import type { Finding } from '../model/finding';
import type { MarkdownSection } from '../report';
import { requiresIndependentReview, selfHostedQueues } from './queue-access';
import type { PoolAuditSettings } from './settings';
import { branchKey, pipelineKey, type PoolAuditSnapshot } from './snapshot';

const ACCESS_RULES = new Set(['POOL014', 'POOL015', 'POOL016', 'POOL017', 'POOL018', 'POOL019']);

/** One row per self-hosted queue: who may use it, the checks on it, and what POOL014–POOL019 said. */
export function pipelineAccessSection(
  snapshot: PoolAuditSnapshot,
  settings: Pick<PoolAuditSettings, 'sensitivePools'>,
  findings: readonly Finding[],
): MarkdownSection {
  const rows = selfHostedQueues(snapshot, settings).map(({ queue, pool, sensitive }) => {
    const project = queue.projectName ?? queue.projectId;
    const rules = findings
      .filter((f) => ACCESS_RULES.has(f.ruleId))
      .filter((f) =>
        f.resource.kind === 'pool'
          ? f.resource.id === String(pool.id)
          : f.evidence.queueId === queue.id && f.resource.parent?.id === queue.projectId,
      )
      .map((f) => `${f.ruleId}${f.exemption ? ' (exempted)' : ''}`);
    const unread = queue.openToAllPipelines === undefined || queue.checks === undefined;
    const verdicts = rules.length > 0 ? [...new Set(rules)] : unread ? ['unknown (not readable)'] : [];
    // POOL018 cannot bound the branches of an open sensitive queue: say so rather than let "no finding" read as clean.
    if (sensitive && queue.openToAllPipelines === true) verdicts.push(OPEN_QUEUE_STATUS);
    const verdict = verdicts.length > 0 ? verdicts.join('; ') : 'no finding';
    return [
      `${pool.name}${sensitive ? ' (sensitive)' : ''}`,
      project,
      queue.name,
      describePipelineAccess(queue),
      describeChecks(queue.checks),
      verdict,
    ];
  });
  return {
    title: 'Who can run code on each self-hosted pool',
    paragraphs: [
      'Per project queue of a self-hosted pool: the pipelines that may use it, the checks a run must pass (disabled checks ' +
        'are shown as such and count as absent), and the findings of POOL014–POOL019.',
    ],
    table: { headers: ['Pool', 'Project', 'Queue', 'Pipelines', 'Checks', 'Verdict'], rows },
  };
}

/** What POOL018 says of a sensitive queue open to all pipelines: any pipeline of the project may use it, from any branch. */
export const OPEN_QUEUE_STATUS = 'open to all pipelines: branches not judged';

export interface PipelineSourceRecord {
  /** Null for the record of a queue open to all pipelines (no one pipeline). */
  pipelineId: number | null;
  pipeline: string;
  project: string;
  pool: string;
  queue: string;
  repository: string;
  branch: string;
  status: 'independent review required' | 'no independent review' | string;
}

/**
 * Every pipeline authorized on a sensitive pool and what was found about its branch; other repository types are "not
 * checked". A sensitive queue open to all pipelines gets one record of its own (OPEN_QUEUE_STATUS): every pipeline of the
 * project, present or future, may use it, so its branches cannot be listed, and the report must not read as clean.
 */
export function pipelineSourceRecords(
  snapshot: PoolAuditSnapshot,
  settings: Pick<PoolAuditSettings, 'sensitivePools'>,
): PipelineSourceRecord[] {
  const records: PipelineSourceRecord[] = [];
  for (const { queue, pool, sensitive } of selfHostedQueues(snapshot, settings)) {
    if (!sensitive) continue;
    if (queue.openToAllPipelines === true) {
      records.push({
        pipelineId: null,
        pipeline: 'all pipelines of the project',
        project: queue.projectName ?? queue.projectId,
        pool: pool.name,
        queue: queue.name,
        repository: '',
        branch: '',
        status: OPEN_QUEUE_STATUS,
      });
    }
    for (const id of queue.authorizedPipelineIds ?? []) {
      const source = snapshot.pipelines?.[pipelineKey(queue.projectId, id)];
      const base = { pipelineId: id, project: queue.projectName ?? queue.projectId, pool: pool.name, queue: queue.name };
      if (!source) {
        records.push({ ...base, pipeline: `pipeline ${id}`, repository: '', branch: '', status: 'unknown (definition not readable)' });
        continue;
      }
      const { type, id: repositoryId, name, defaultBranch } = source.repository;
      const record = { ...base, pipeline: source.name, repository: name, branch: defaultBranch };
      if (type !== 'TfsGit') {
        records.push({ ...record, status: `not checked (${type || 'unknown'} repository)` });
        continue;
      }
      const policies = snapshot.branchPolicies?.[branchKey(repositoryId, defaultBranch)];
      records.push({
        ...record,
        status:
          policies === undefined
            ? 'unknown (branch policies not readable)'
            : policies.some(requiresIndependentReview)
              ? 'independent review required'
              : 'no independent review',
      });
    }
  }
  return records;
}
