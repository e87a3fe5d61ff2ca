import type { Finding, SeverityThreshold } from '../model/finding';
import type { TaskHost } from '../host';
import type { AuditTaskName, FailOn } from '../report/model';
import { workingDirectory } from '../report-files';
import { applyBaseline, type BaselineApplied } from './apply';
import { parseBaselineInputs } from './inputs';
import { loadBaseline, type LoadedBaseline } from './load';

/** An audit task's baseline as its inputs name it: loaded, or absent when `baselineFile` is empty. */
export interface AuditBaseline {
  task: AuditTaskName;
  organization: string;
  failOn: FailOn;
  loaded?: LoadedBaseline;
}

/**
 * Reads `baselineFile` / `failOn` and loads the baseline. Called before the first call to Azure DevOps: a wrong
 * baseline fails the run before it reads anything.
 */
export function loadAuditBaseline(host: TaskHost, task: AuditTaskName, organization: string): AuditBaseline {
  const inputs = parseBaselineInputs(host.input);
  if (inputs.failOn === 'new' && !inputs.baselineFile)
    host.warning("failOn is 'new' but no baselineFile is given: every finding counts as new.");
  const loaded = loadBaseline(inputs.baselineFile, workingDirectory(host), { task, organization });
  return { task, organization, failOn: inputs.failOn, loaded };
}

/** The graded findings compared with the baseline and the result `failOn` gives, or undefined without a baseline. */
export function compareWithAuditBaseline(
  baseline: AuditBaseline,
  findings: readonly Finding[],
  options: { failOnSeverity: SeverityThreshold; complete: boolean; now: Date; notJudgedRules?: ReadonlySet<string> },
): BaselineApplied | undefined {
  if (!baseline.loaded) return undefined;
  return applyBaseline(baseline.task, findings, baseline.organization, baseline.loaded, { failOn: baseline.failOn, ...options });
}
