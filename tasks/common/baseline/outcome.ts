import type { Finding, SeverityThreshold } from '../model/finding';
import { evaluateOutcome, type Outcome } from '../policy/outcome';
import { isNewOrWorsened, type FailOn } from '../report/model';

/**
 * The task result with a baseline. `failOn: all` is today's rule over every finding. `failOn: new` fails only on new
 * or worsened unexempted findings at or above `failOnSeverity`; known findings make the result at most
 * SucceededWithIssues, and an incomplete audit never looks clean.
 */
export function baselineOutcome(
  findings: readonly Finding[],
  failOnSeverity: SeverityThreshold,
  failOn: FailOn,
  options: { complete: boolean },
): Outcome {
  if (failOn === 'all') return evaluateOutcome(findings, failOnSeverity, options);
  const counting = findings.filter(isNewOrWorsened);
  const strict = evaluateOutcome(counting, failOnSeverity, options);
  if (strict.result === 'Failed') return { result: 'Failed', reason: `new or worsened since the baseline: ${strict.reason}` };
  const overall = evaluateOutcome(findings, 'none', options);
  const known = findings.length - counting.length;
  if (overall.result === 'Succeeded') return overall;
  const threshold = failOnSeverity === 'none' ? 'failOnSeverity is none' : `nothing new at or above ${failOnSeverity}`;
  return {
    result: 'SucceededWithIssues',
    reason: `${threshold} since the baseline (failOn: new; ${known} known finding${known === 1 ? '' : 's'} do not fail the task); ${overall.reason}`,
  };
}
