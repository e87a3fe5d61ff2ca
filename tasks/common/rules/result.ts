/** What every rule family (pool audit, PAT audit) returns, and the helpers that build it. */
import type { Finding, ResourceRef } from '../model/finding';
import type { EvaluatedPair } from '../report/model';

/** One rule × resource pair that was checked: the report's type (passes show up in JUnit as passed test cases). */
export type { EvaluatedPair };

export interface RuleResult {
  findings: Finding[];
  evaluated: EvaluatedPair[];
}

export const DAY_MS = 86_400_000;

/**
 * Collects findings and evaluated pairs, de-duplicating evaluated resources (a rule looking at ten
 * assignments on one pool evaluated that pool once).
 */
export class RuleResultBuilder {
  private readonly findings: Finding[] = [];
  private readonly evaluated = new Map<string, EvaluatedPair>();

  constructor(private readonly ruleId: string) {}

  /** Records that `resource` was checked by this rule. */
  evaluatedOn(resource: ResourceRef): void {
    const key = `${resource.kind}\u0000${resource.id}\u0000${resource.parent?.id ?? ''}`;
    if (!this.evaluated.has(key)) this.evaluated.set(key, { ruleId: this.ruleId, resource });
  }

  /** Adds a finding (and marks its resource evaluated). */
  add(finding: Finding): void {
    this.evaluatedOn(finding.resource);
    this.findings.push(finding);
  }

  build(): RuleResult {
    return { findings: this.findings, evaluated: [...this.evaluated.values()] };
  }
}

/** The results of several rules as one, in the order given (catalog order). */
export function concatResults(results: readonly RuleResult[]): RuleResult {
  return { findings: results.flatMap((result) => result.findings), evaluated: results.flatMap((result) => result.evaluated) };
}
