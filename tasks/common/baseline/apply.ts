import type { Finding, SeverityThreshold } from '../model/finding';
import type { Outcome } from '../policy/outcome';
import type { AuditReport, BaselineInfo, FailOn } from '../report/model';
import { baselineInfo, compareWithBaseline } from './compare';
import type { LoadedBaseline } from './load';
import { baselineOutcome } from './outcome';

export interface BaselineApplied {
  findings: Finding[];
  absent: Finding[];
  baseline: BaselineInfo;
  outcome: Outcome;
}

/**
 * Compares one audit's graded findings with its loaded baseline and decides the result by `failOn`. A first run
 * (pattern matched no file) compares with nothing: every finding is new.
 */
export function applyBaseline(
  task: AuditReport['task'],
  findings: readonly Finding[],
  organization: string,
  loaded: LoadedBaseline,
  options: { failOn: FailOn; failOnSeverity: SeverityThreshold; complete: boolean; now: Date },
): BaselineApplied {
  const before = loaded.reports.find((report) => report.task === task);
  const comparison = compareWithBaseline(
    { findings, organization },
    { findings: before?.findings ?? [], organization: before?.organization?.name ?? organization, generatedAt: loaded.generatedAt },
    options.now,
  );
  return {
    findings: comparison.findings,
    absent: comparison.absent,
    baseline: baselineInfo(loaded.file, loaded.generatedAt, options.failOn, comparison.counts),
    outcome: baselineOutcome(comparison.findings, options.failOnSeverity, options.failOn, { complete: options.complete }),
  };
}
