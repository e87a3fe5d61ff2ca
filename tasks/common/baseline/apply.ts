import type { Finding, SeverityThreshold } from '../model/finding';
import type { Outcome } from '../policy/outcome';
import type { AuditReport, BaselineInfo, FailOn } from '../report/model';
import { baselineInfo, compareWithBaseline } from './compare';
import type { LoadedBaseline } from './load';
import { baselineOutcome } from './outcome';

export interface BaselineApplied {
  findings: Finding[];
  absent: Finding[];
  /** Baseline findings of rules not judged this run (see `compareWithBaseline`): neither present nor resolved. */
  notJudged: Finding[];
  baseline: BaselineInfo;
  outcome: Outcome;
}

/**
 * Compares one audit's graded findings with its loaded baseline and decides the result by `failOn`. A first run
 * (pattern matched no file) compares with nothing: every finding is new. `notJudgedRules`: the rules this run could
 * not judge (reads refused or skipped); their baseline findings are carried, never resolved. The baseline's own
 * not-judged findings count as its findings (so a finding carried through a blind run is not new afterwards).
 */
export function applyBaseline(
  task: AuditReport['task'],
  findings: readonly Finding[],
  organization: string,
  loaded: LoadedBaseline,
  options: { failOn: FailOn; failOnSeverity: SeverityThreshold; complete: boolean; now: Date; notJudgedRules?: ReadonlySet<string> },
): BaselineApplied {
  const before = loaded.reports.find((report) => report.task === task);
  const comparison = compareWithBaseline(
    { findings, organization },
    {
      findings: [...(before?.findings ?? []), ...(before?.notJudged ?? [])],
      organization: before?.organization?.name ?? organization,
      generatedAt: loaded.generatedAt,
    },
    options.now,
    options.notJudgedRules,
  );
  return {
    findings: comparison.findings,
    absent: comparison.absent,
    notJudged: comparison.notJudged,
    baseline: baselineInfo(loaded.file, loaded.generatedAt, options.failOn, comparison.counts),
    outcome: baselineOutcome(comparison.findings, options.failOnSeverity, options.failOn, { complete: options.complete }),
  };
}
