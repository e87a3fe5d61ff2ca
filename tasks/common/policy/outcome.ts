import { SEVERITIES, type Finding, type Severity, type SeverityThreshold } from '../model/finding';

export type TaskResult = 'Succeeded' | 'SucceededWithIssues' | 'Failed';

export interface Outcome {
  result: TaskResult;
  /** One sentence for the log and the summary. */
  reason: string;
}

/** Unexempted findings per severity, plus how many were exempted. */
export interface SeverityCounts {
  critical: number;
  high: number;
  medium: number;
  low: number;
  /** Unexempted findings. */
  total: number;
  exempted: number;
}

/** Orders severities: low 0 … critical 3. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

/** Counts unexempted findings by severity; exempted ones only in `exempted`. */
export function countBySeverity(findings: readonly Finding[]): SeverityCounts {
  const counts: SeverityCounts = { critical: 0, high: 0, medium: 0, low: 0, total: 0, exempted: 0 };
  for (const finding of findings) {
    if (finding.exemption) {
      counts.exempted++;
      continue;
    }
    counts[finding.severity]++;
    counts.total++;
  }
  return counts;
}

/**
 * Decides the task result. Failed when an unexempted finding reaches `failOnSeverity`; SucceededWithIssues for
 * lower unexempted findings, or when the audit is incomplete (a partial audit never looks clean); `none` never
 * fails on findings. Exempted findings never affect the result.
 */
export function evaluateOutcome(findings: readonly Finding[], failOnSeverity: SeverityThreshold, options: { complete: boolean }): Outcome {
  const counts = countBySeverity(findings);
  const incomplete = options.complete ? '' : '; the audit is incomplete, so some findings may be missing';
  const exempted = counts.exempted > 0 ? ` (${counts.exempted} exempted)` : '';

  if (failOnSeverity !== 'none') {
    const threshold = severityRank(failOnSeverity);
    const blocking = [...SEVERITIES].reverse().filter((severity) => severityRank(severity) >= threshold && counts[severity] > 0);
    const blockingTotal = blocking.reduce((sum, severity) => sum + counts[severity], 0);
    if (blockingTotal > 0) {
      const detail = blocking.map((severity) => `${counts[severity]} ${severity}`).join(', ');
      return {
        result: 'Failed',
        reason: `${plural(blockingTotal, 'unexempted finding')} at or above ${failOnSeverity} (${detail})${exempted}${incomplete}`,
      };
    }
  }
  if (counts.total > 0) {
    const threshold = failOnSeverity === 'none' ? 'failOnSeverity is none' : `below the ${failOnSeverity} threshold`;
    return { result: 'SucceededWithIssues', reason: `${plural(counts.total, 'unexempted finding')}, ${threshold}${exempted}${incomplete}` };
  }
  if (!options.complete) {
    return {
      result: 'SucceededWithIssues',
      reason: `no unexempted findings${exempted}, but the audit is incomplete, so some findings may be missing`,
    };
  }
  return { result: 'Succeeded', reason: `no unexempted findings${exempted}` };
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
