import type { Finding } from '../model/finding';
import { findingFingerprint } from '../report/fingerprint';
import type { BaselineInfo, FailOn } from '../report/model';

/** One report's findings and the baseline report of the same task to compare them with. */
export interface BaselineSide {
  findings: readonly Finding[];
  /** Organization of the report (for findings that name none). */
  organization: string;
}

export interface Comparison {
  /** The current findings, each with `baselineState` and `firstSeen` set (copies; the input is not changed). */
  findings: Finding[];
  /** Baseline findings that are gone, each with `baselineState: 'absent'`. */
  absent: Finding[];
  /**
   * Baseline findings not seen this run whose rule was not judged (its reads were refused or skipped): carried as
   * `unchanged` (SARIF 2.1.0 allows nothing between unchanged and absent), never counted as resolved.
   */
  notJudged: Finding[];
  counts: Pick<BaselineInfo, 'new' | 'unchanged' | 'updated' | 'absent'> & { notJudged: number };
}

/**
 * Matches findings by fingerprint (rule, organization, resource, principal; never names, messages or dates):
 * `new` when the baseline has no such finding, `unchanged` when it has one with the same severity and evidence,
 * `updated` when severity or evidence differ (the old severity kept in `previousSeverity` when it changed).
 * Baseline findings nothing matched are returned as `absent`, except those of a rule in `notJudgedRules` (not
 * judged this run: nothing can be said about them), returned in `notJudged`. `firstSeen` carries over from the baseline (or its
 * date), so it stays the date of the first report that had the finding; new findings get `now`.
 */
export function compareWithBaseline(
  current: BaselineSide,
  baseline: BaselineSide & { generatedAt: string | null },
  now: Date,
  notJudgedRules: ReadonlySet<string> = new Set(),
): Comparison {
  const pending = new Map<string, Finding[]>();
  for (const finding of baseline.findings) {
    const key = findingFingerprint(finding, baseline.organization);
    const list = pending.get(key);
    if (list) list.push(finding);
    else pending.set(key, [finding]);
  }
  const counts = { new: 0, unchanged: 0, updated: 0, absent: 0, notJudged: 0 };
  const findings = current.findings.map((finding): Finding => {
    const before = pending.get(findingFingerprint(finding, current.organization))?.shift();
    if (!before) {
      counts.new++;
      return { ...finding, baselineState: 'new', firstSeen: now.toISOString() };
    }
    const firstSeen = before.firstSeen ?? baseline.generatedAt ?? now.toISOString();
    const { baselineState: _state, firstSeen: _first, previousSeverity: _previous, ...rest } = finding;
    if (before.severity === finding.severity && sameEvidence(before.evidence, finding.evidence)) {
      counts.unchanged++;
      return { ...rest, baselineState: 'unchanged', firstSeen };
    }
    counts.updated++;
    return {
      ...rest,
      baselineState: 'updated',
      firstSeen,
      ...(before.severity !== finding.severity ? { previousSeverity: before.severity } : {}),
    };
  });
  const absent: Finding[] = [];
  const notJudged: Finding[] = [];
  for (const left of pending.values()) {
    for (const finding of left) {
      const { previousSeverity: _previous, ...rest } = finding;
      const firstSeen = finding.firstSeen ?? baseline.generatedAt ?? undefined;
      if (notJudgedRules.has(finding.ruleId)) notJudged.push({ ...rest, baselineState: 'unchanged', firstSeen });
      else absent.push({ ...rest, baselineState: 'absent', firstSeen });
    }
  }
  counts.absent = absent.length;
  counts.notJudged = notJudged.length;
  return { findings, absent, notJudged, counts };
}

/** Baseline info for the report. */
export function baselineInfo(file: string | null, generatedAt: string | null, failOn: FailOn, counts: Comparison['counts']): BaselineInfo {
  const { notJudged, ...rest } = counts;
  return { file, generatedAt, failOn, ...rest, ...(notJudged > 0 ? { notJudged } : {}) };
}

function sameEvidence(a: Finding['evidence'] | undefined, b: Finding['evidence'] | undefined): boolean {
  return canonical(a ?? {}) === canonical(b ?? {});
}

function canonical(evidence: Finding['evidence']): string {
  return JSON.stringify(
    Object.keys(evidence)
      .sort()
      .map((key) => [key, evidence[key]]),
  );
}
