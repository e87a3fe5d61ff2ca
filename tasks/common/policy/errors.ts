/** One problem found in a policy: where (a path such as `exemptions[2].expires`) and what is wrong. */
export interface PolicyIssue {
  path: string;
  problem: string;
}

/**
 * An invalid policy. The message names the source file and every bad key with what is allowed, one line per
 * problem, e.g. `policy.yml: rules.POOL099: unknown rule id; allowed: POOL001…POOL013`.
 */
export class PolicyError extends Error {
  readonly source: string;
  readonly issues: readonly PolicyIssue[];

  constructor(source: string, issues: readonly PolicyIssue[]) {
    super(issues.map((issue) => formatIssue(source, issue)).join('\n'));
    this.name = 'PolicyError';
    this.source = source;
    this.issues = issues;
  }
}

function formatIssue(source: string, issue: PolicyIssue): string {
  return issue.path ? `${source}: ${issue.path}: ${issue.problem}` : `${source}: ${issue.problem}`;
}
