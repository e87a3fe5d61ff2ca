import { InputError, readBoolean, readChoice, readString, type InputReader } from '../inputs/read';
import { SEVERITIES, type Severity } from '../model/finding';

export const WORK_ITEM_MODES = ['none', 'perFinding', 'perOwner'] as const;
export type WorkItemMode = (typeof WORK_ITEM_MODES)[number];

export interface WorkItemInputs {
  mode: WorkItemMode;
  /** Project the work items live in (default: the pipeline's project). */
  project: string;
  type: string;
  /** Area path (default: the project's root area). */
  areaPath?: string;
  tag: string;
  /** Only findings at or above it get a work item. */
  severity: Severity;
  assignToOwner: boolean;
}

/**
 * Parses the follow-up work item inputs; undefined when `workItems` is `none`. Errors name the input and the allowed
 * values. `teamProject` is `System.TeamProject`, the default project.
 */
export function parseWorkItemInputs(read: InputReader, teamProject?: string): WorkItemInputs | undefined {
  const mode = readChoice(read, 'workItems', WORK_ITEM_MODES, 'none');
  if (mode === 'none') return undefined;
  const project = readString(read, 'workItemProject') ?? teamProject;
  if (!project)
    throw new InputError('workItemProject', 'is required when workItems is not none: the name of the project to file work items in.');
  const tag = readString(read, 'workItemTag', { default: 'pool-warden' });
  if (/[;,]/.test(tag) || tag.length > 100)
    throw new InputError('workItemTag', `must be one tag of at most 100 characters without ';' or ','; got '${tag}'.`);
  const areaPath = readString(read, 'workItemAreaPath');
  if (areaPath && areaPath.split('\\')[0].toLowerCase() !== project.toLowerCase()) {
    throw new InputError(
      'workItemAreaPath',
      `must be an area path of project '${project}' (e.g. ${project}\\Security); got '${areaPath}'.`,
    );
  }
  return {
    mode,
    project,
    type: readString(read, 'workItemType', { default: 'Task' }),
    areaPath,
    tag,
    severity: readChoice(read, 'workItemSeverity', SEVERITIES, 'high'),
    assignToOwner: readBoolean(read, 'assignToOwner', false),
  };
}
