import { applyBaseline } from '../baseline/apply';
import type { LoadedBaseline } from '../baseline/load';
import { baselineOutcome } from '../baseline/outcome';
import type { SeverityThreshold } from '../model/finding';
import type { AuditReport, BaselineInfo, FailOn } from '../report/model';

/**
 * The merged reports compared with a merged baseline (ReportMerge's own `baselineFile`), or else carrying the
 * states each audit set against its own baseline. Either way the result is decided again by `failOn`.
 */
export function mergedWithBaseline(
  reports: readonly AuditReport[],
  loaded: LoadedBaseline | undefined,
  options: { failOn: FailOn; failOnSeverity: SeverityThreshold; now: Date },
): AuditReport[] {
  return reports.map((report) => {
    if (loaded) {
      const applied = applyBaseline(report.task, report.findings, report.organization.name, loaded, {
        ...options,
        complete: report.complete,
        // Rules an audit could not judge (in any organization: the merge keeps no finer record) resolve nothing.
        notJudgedRules: new Set(report.notJudgedRules ?? []),
      });
      return {
        ...report,
        findings: applied.findings,
        absent: applied.absent,
        ...(applied.notJudged.length > 0 ? { notJudged: applied.notJudged } : {}),
        baseline: applied.baseline,
        outcome: { ...applied.outcome, failOnSeverity: options.failOnSeverity },
      };
    }
    const carried = report.findings.some((finding) => finding.baselineState !== undefined) || (report.absent?.length ?? 0) > 0;
    if (!carried && options.failOn === 'all') return report;
    const outcome = baselineOutcome(report.findings, options.failOnSeverity, options.failOn, { complete: report.complete });
    return { ...report, baseline: carriedInfo(report, options.failOn), outcome: { ...outcome, failOnSeverity: options.failOnSeverity } };
  });
}

/** Counts of the states the audits set themselves (a finding without one counts as new). */
function carriedInfo(report: AuditReport, failOn: FailOn): BaselineInfo {
  const info: BaselineInfo = {
    file: null,
    generatedAt: null,
    failOn,
    new: 0,
    unchanged: 0,
    updated: 0,
    absent: report.absent?.length ?? 0,
    ...(report.notJudged?.length ? { notJudged: report.notJudged.length } : {}),
    carried: true,
  };
  for (const finding of report.findings) {
    const state = finding.baselineState ?? 'new';
    if (state !== 'absent') info[state]++;
  }
  return info;
}
