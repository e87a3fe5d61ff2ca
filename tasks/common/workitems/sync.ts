/**
 * Follow-up work items end to end: read the type's states and the open work items an earlier run filed (one bounded
 * WIQL query by tag), plan, then create, update and close them one by one. Any refusal is recorded per work item;
 * nothing here changes the audit's result.
 */
import type { AdoApi } from '../ado/api';
import {
  addWorkItemComment,
  createWorkItem,
  getWorkItems,
  getWorkItemTypeStates,
  queryWorkItemIds,
  updateWorkItem,
  type FieldPatch,
  type WorkItemRecord,
  type WorkItemTypeState,
} from '../ado/work-items';
import { HttpError } from '../http/errors';
import type { Finding, RuleInfo } from '../model/finding';
import type { Logger } from '../model/context';
import { toLogLine } from '../report/escape';
import { groupFindings, type Grouping } from './groups';
import type { WorkItemInputs } from './inputs';
import { planWorkItems, type ExistingItem, type PlannedAction } from './plan';

/** What the feature needs from work item tracking, bound to one project. */
export interface WorkItemPort {
  states(type: string): Promise<WorkItemTypeState[]>;
  query(wiql: string, top: number): Promise<number[]>;
  get(ids: readonly number[], fields: readonly string[]): Promise<WorkItemRecord[]>;
  create(type: string, patch: readonly FieldPatch[]): Promise<WorkItemRecord>;
  update(id: number, patch: readonly FieldPatch[]): Promise<WorkItemRecord>;
  comment(id: number, text: string): Promise<void>;
}

export function adoWorkItemPort(api: AdoApi, project: string): WorkItemPort {
  return {
    states: (type) => getWorkItemTypeStates(api, project, type),
    query: (wiql, top) => queryWorkItemIds(api, project, wiql, top),
    get: (ids, fields) => getWorkItems(api, project, ids, fields),
    create: (type, patch) => createWorkItem(api, project, type, patch),
    update: (id, patch) => updateWorkItem(api, project, id, patch),
    comment: (id, text) => addWorkItemComment(api, project, id, text),
  };
}

export type WorkItemStatus = 'done' | 'planned' | 'refused' | 'failed' | 'deferred';

export interface WorkItemResult {
  action: PlannedAction['kind'];
  id?: number;
  key: string;
  title: string;
  findings: number;
  status: WorkItemStatus;
  error?: string;
}

export interface WorkItemSync {
  mode: WorkItemInputs['mode'];
  project: string;
  dryRun: boolean;
  results: WorkItemResult[];
  notes: string[];
  /** Set when the work items could not be read at all (nothing was planned or written). */
  error?: string;
  created: number;
  updated: number;
  closed: number;
}

/** Most open work items read back per run (one WIQL query); more are reported, never silently duplicated. */
export const MAX_EXISTING = 1000;
/** Most writes per run: a first run over a large organization files the rest on the next runs. */
export const MAX_WRITES = 500;

export interface SyncOptions {
  inputs: WorkItemInputs;
  task: string;
  organization: string;
  rules: readonly RuleInfo[];
  grouping: Grouping;
  complete: boolean;
  /** Rules this run could not judge: their listed findings are carried, never resolved (see `planWorkItems`). */
  notJudgedRules?: ReadonlySet<string>;
  dryRun: boolean;
  logger: Logger;
}

export async function syncWorkItems(port: WorkItemPort, findings: readonly Finding[], options: SyncOptions): Promise<WorkItemSync> {
  const { inputs } = options;
  const sync: WorkItemSync = {
    mode: inputs.mode,
    project: inputs.project,
    dryRun: options.dryRun,
    results: [],
    notes: [],
    created: 0,
    updated: 0,
    closed: 0,
  };
  const scopeTag = `pw-${options.task}-${options.organization}`.toLowerCase().replace(/[^a-z0-9-]+/g, '-');
  let completed: string | undefined;
  let existing: ExistingItem[];
  try {
    const states = await port.states(inputs.type);
    // The process decides what "closed" is called (Closed, Done, …): never a hard-coded name.
    completed = states.find((state) => state.category === 'Completed')?.name;
    const finished = states.filter((state) => state.category === 'Completed' || state.category === 'Removed').map((state) => state.name);
    if (!completed) sync.notes.push(`Work item type '${inputs.type}' has no state in the Completed category: no work item is closed.`);
    const ids = await port.query(openItemsQuery(inputs, scopeTag, finished), MAX_EXISTING);
    if (ids.length >= MAX_EXISTING)
      sync.notes.push(
        `More than ${MAX_EXISTING} open work items carry the tag ${scopeTag}: only the first ${MAX_EXISTING} are kept in step.`,
      );
    existing = (await port.get(ids, ['System.Title', 'System.Tags', 'System.Description'])).flatMap(toExisting);
  } catch (error) {
    sync.error = `Could not read work items of project '${inputs.project}': ${(error as Error).message}`;
    return sync;
  }

  const groups = groupFindings(findings, {
    mode: inputs.mode === 'none' ? 'perFinding' : inputs.mode,
    task: options.task,
    organization: options.organization,
    minSeverity: inputs.severity,
    grouping: options.grouping,
  });
  const plan = planWorkItems(groups, existing, {
    task: options.task,
    organization: options.organization,
    rules: options.rules,
    assignToOwner: inputs.assignToOwner,
    complete: options.complete,
    ...(options.notJudgedRules ? { notJudgedRules: options.notJudgedRules } : {}),
  });
  sync.notes.push(...plan.notes);
  const log = options.logger;
  log.info(
    `${options.dryRun ? 'Dry run: would' : 'Work items: will'} create ${count(plan.actions, 'create')}, update ${count(plan.actions, 'update')} and close ${count(plan.actions, 'close')} in project ${inputs.project}:`,
  );
  let writes = 0;
  for (const action of plan.actions) {
    log.info(`  ${action.kind} ${'id' in action ? `#${action.id} ` : ''}${toLogLine(action.title)} (${action.findings} findings)`);
    const result: WorkItemResult = {
      action: action.kind,
      key: action.key,
      title: action.title,
      findings: action.findings,
      status: 'planned',
    };
    if ('id' in action) result.id = action.id;
    sync.results.push(result);
    if (options.dryRun) continue;
    if (writes >= MAX_WRITES || (action.kind === 'close' && !completed)) {
      result.status = 'deferred';
      continue;
    }
    writes++;
    try {
      await execute(port, action, { inputs, scopeTag, completed, result });
      result.status = 'done';
      if (action.kind === 'create') sync.created++;
      else if (action.kind === 'update') sync.updated++;
      else sync.closed++;
    } catch (error) {
      result.status = error instanceof HttpError && [401, 403].includes(error.status) ? 'refused' : 'failed';
      result.error = (error as Error).message;
      log.warn(`Work item ${action.kind} ${result.id ? `#${result.id} ` : ''}${result.status}: ${toLogLine(result.error)}`);
    }
  }
  if (writes >= MAX_WRITES) sync.notes.push(`At most ${MAX_WRITES} work items are written per run; the rest follow on the next run.`);
  return sync;
}

async function execute(
  port: WorkItemPort,
  action: PlannedAction,
  context: { inputs: WorkItemInputs; scopeTag: string; completed?: string; result: WorkItemResult },
): Promise<void> {
  const { inputs } = context;
  if (action.kind === 'create') {
    const patch: FieldPatch[] = [
      { op: 'add', path: '/fields/System.Title', value: action.title },
      { op: 'add', path: '/fields/System.Description', value: action.description },
      { op: 'add', path: '/fields/System.Tags', value: `${inputs.tag}; ${context.scopeTag}; pw-${action.key}` },
    ];
    if (inputs.areaPath) patch.push({ op: 'add', path: '/fields/System.AreaPath', value: inputs.areaPath });
    if (action.assignTo) patch.push({ op: 'add', path: '/fields/System.AssignedTo', value: action.assignTo });
    context.result.id = (await port.create(inputs.type, patch)).id;
    return;
  }
  if (action.kind === 'update') {
    await port.update(action.id, [
      { op: 'add', path: '/fields/System.Title', value: action.title },
      { op: 'add', path: '/fields/System.Description', value: action.description },
    ]);
    if (action.comment) await port.comment(action.id, action.comment);
    return;
  }
  await port.comment(action.id, action.comment);
  await port.update(action.id, [{ op: 'add', path: '/fields/System.State', value: context.completed }]);
}

/** Open work items of this task and organization filed by Pool Warden (tags, type, not in a finished state). */
function openItemsQuery(inputs: WorkItemInputs, scopeTag: string, finished: readonly string[]): string {
  const quote = (text: string) => `'${text.replace(/'/g, "''")}'`;
  const conditions = [
    '[System.TeamProject] = @project',
    `[System.WorkItemType] = ${quote(inputs.type)}`,
    `[System.Tags] CONTAINS ${quote(inputs.tag)}`,
    `[System.Tags] CONTAINS ${quote(scopeTag)}`,
  ];
  if (finished.length > 0) conditions.push(`[System.State] NOT IN (${finished.map(quote).join(', ')})`);
  return `SELECT [System.Id] FROM WorkItems WHERE ${conditions.join(' AND ')} ORDER BY [System.Id]`;
}

function toExisting(record: WorkItemRecord): ExistingItem[] {
  const tags = String(record.fields['System.Tags'] ?? '')
    .split(';')
    .map((tag) => tag.trim());
  const key = tags.map((tag) => /^pw-([0-9a-f]{16})$/.exec(tag)?.[1]).find(Boolean);
  if (!key) return [];
  return [{ id: record.id, key, title: String(record.fields['System.Title'] ?? ''), description: record.fields['System.Description'] }];
}

function count(actions: readonly PlannedAction[], kind: PlannedAction['kind']): number {
  return actions.filter((action) => action.kind === kind).length;
}
