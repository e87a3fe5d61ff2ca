import type { Finding } from '../model/finding';
import { isActive } from './dates';
import { exemptionMatches } from './match';
import type { SettingSpecs } from './schema';
import type { Exemption, Policy } from './types';

/** An exemption past its expiry date (as written, without the parsed date), with how many findings it would still have covered. */
export interface ExpiredExemption extends Omit<Exemption, 'expiresAt'> {
  /** Findings it matches that now count again. */
  matchedFindings: number;
}

export interface PolicyApplication {
  findings: Finding[];
  /** Exemptions past their date: they no longer apply. */
  expiredExemptions: ExpiredExemption[];
  /** Active exemptions that matched no finding (stale entries worth removing). */
  unusedExemptions: Exemption[];
}

/**
 * Applies a policy to raw findings, in this order: drops findings of disabled rules, re-grades severity per rule
 * override, then marks findings covered by an active exemption (first matching entry in file order wins).
 * Exempted findings stay in the result with `exemption` set; a mark already present (set upstream) is kept.
 * Inputs are not mutated.
 */
export function applyPolicy<T extends SettingSpecs>(findings: readonly Finding[], policy: Policy<T>, now: Date): PolicyApplication {
  const active = policy.exemptions.filter((exemption) => isActive(exemption.expiresAt, now));
  const expired = policy.exemptions.filter((exemption) => !isActive(exemption.expiresAt, now));
  const used = new Set<Exemption>();
  const expiredMatches = new Map<Exemption, number>(expired.map((exemption) => [exemption, 0]));

  const result: Finding[] = [];
  for (const original of findings) {
    const override = policy.rules[original.ruleId];
    if (override?.enabled === false) continue;
    const finding: Finding = { ...original, severity: override?.severity ?? original.severity };
    const exemption = active.find((candidate) => exemptionMatches(candidate, finding));
    if (exemption) {
      used.add(exemption);
      finding.exemption = { reason: exemption.reason, expires: exemption.expires };
    } else {
      for (const candidate of expired) {
        if (exemptionMatches(candidate, finding)) expiredMatches.set(candidate, (expiredMatches.get(candidate) ?? 0) + 1);
      }
    }
    result.push(finding);
  }

  return {
    findings: result,
    expiredExemptions: expired.map((exemption) => toExpired(exemption, expiredMatches.get(exemption) ?? 0)),
    unusedExemptions: active.filter((exemption) => !used.has(exemption)),
  };
}

function toExpired(exemption: Exemption, matchedFindings: number): ExpiredExemption {
  const { expiresAt: _expiresAt, ...rest } = exemption;
  return { ...rest, matchedFindings };
}
