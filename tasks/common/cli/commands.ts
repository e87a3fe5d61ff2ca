import inventoryTask from '../../PoolInventoryV1/task.json';
import scaleTask from '../../ScaleSetAgentsV1/task.json';
import roleAuditTask from '../../PoolRoleAuditV1/task.json';
import patAuditTask from '../../PatAuditV1/task.json';
import mergeTask from '../../ReportMergeV1/task.json';
import { runPoolRoleAudit } from '../audit/main';
import type { TaskHost } from '../host';
import { runInventory } from '../inventory/main';
import { runReportMerge } from '../merge/main';
import type { Clock } from '../model/context';
import { runPatAudit } from '../pats/main';
import { runScaleSetAgents } from '../scaling/main';

/** The parts of a task.json the CLI reads: input names, types, defaults and options (for validation and help). */
export interface TaskInputDefinition {
  name: string;
  type: string;
  label: string;
  defaultValue?: string;
  required?: boolean;
  options?: Record<string, string>;
  helpMarkDown?: string;
}

export interface CliCommand {
  /** What the user types: `pool-warden inventory`. */
  name: string;
  task: string;
  summary: string;
  inputs: readonly TaskInputDefinition[];
  /** False for tasks that read files only (no sign-in, no organization). */
  signsIn: boolean;
  /**
   * True when Ctrl+C must let the run stop safely (scaling puts drained agents back). Other commands only read, so
   * Ctrl+C ends them at once.
   */
  stopsSafely?: boolean;
  run(host: TaskHost, clock: Clock, signal: AbortSignal): Promise<void>;
}

/** Every command, each running the same core main as its pipeline task. */
export const COMMANDS: readonly CliCommand[] = [
  {
    name: 'inventory',
    task: inventoryTask.name,
    summary: inventoryTask.description,
    inputs: definitions(inventoryTask),
    signsIn: true,
    run: (host, clock) => runInventory(host, clock),
  },
  {
    name: 'scale',
    task: scaleTask.name,
    summary: scaleTask.description,
    inputs: definitions(scaleTask),
    signsIn: true,
    stopsSafely: true,
    run: (host, clock, signal) => runScaleSetAgents(host, clock, signal),
  },
  {
    name: 'role-audit',
    task: roleAuditTask.name,
    summary: roleAuditTask.description,
    inputs: definitions(roleAuditTask),
    signsIn: true,
    run: (host, clock) => runPoolRoleAudit(host, clock),
  },
  {
    name: 'pat-audit',
    task: patAuditTask.name,
    summary: patAuditTask.description,
    inputs: definitions(patAuditTask),
    signsIn: true,
    run: (host, clock) => runPatAudit(host, clock),
  },
  {
    name: 'merge',
    task: mergeTask.name,
    summary: mergeTask.description,
    inputs: definitions(mergeTask),
    signsIn: false,
    run: (host) => runReportMerge(host),
  },
];

/** task.json inputs as data (JSON imports type each input differently; the CLI only reads them). */
function definitions(task: { inputs: readonly object[] }): readonly TaskInputDefinition[] {
  return task.inputs as readonly TaskInputDefinition[];
}

export function findCommand(name: string | undefined): CliCommand | undefined {
  return COMMANDS.find((command) => command.name === name);
}
