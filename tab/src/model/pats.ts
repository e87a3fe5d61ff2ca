/** The PAT audit's extra views: findings by token owner, and when the tokens expire. Pure; no DOM. */
import type { FindingRow } from './findings';
import { isObject, list, num, text, type Json } from './reports';

const RANK: Record<string, number> = { critical: 0, high: 1, medium: 2, low: 3 };

export interface OwnerRow {
  owner: string;
  contact: string;
  tokens: number;
  findings: number;
  worst: string;
  rules: string[];
}

/** Unexempted findings grouped by the token's owner, most serious owners first. */
export function ownerRows(rows: readonly FindingRow[]): OwnerRow[] {
  const byOwner = new Map<string, { row: OwnerRow; tokens: Set<string>; rules: Set<string> }>();
  for (const finding of rows) {
    if (finding.exemption) continue;
    const key = `${finding.principal}\n${finding.principalDetail}`;
    let entry = byOwner.get(key);
    if (!entry) {
      entry = {
        row: {
          owner: finding.principal || '(unknown owner)',
          contact: finding.principalDetail,
          tokens: 0,
          findings: 0,
          worst: finding.severity,
          rules: [],
        },
        tokens: new Set(),
        rules: new Set(),
      };
      byOwner.set(key, entry);
    }
    entry.row.findings++;
    entry.tokens.add(finding.resource);
    entry.rules.add(finding.ruleId);
    if ((RANK[finding.severity] ?? 9) < (RANK[entry.row.worst] ?? 9)) entry.row.worst = finding.severity;
  }
  return [...byOwner.values()]
    .map(({ row, tokens, rules }) => ({ ...row, tokens: tokens.size, rules: [...rules].sort() }))
    .sort((a, b) => (RANK[a.worst] ?? 9) - (RANK[b.worst] ?? 9) || b.findings - a.findings || a.owner.localeCompare(b.owner));
}

export interface ExpiringToken {
  owner: string;
  contact: string;
  name: string;
  validTo: string;
  daysLeft: number;
}

export interface ExpiryBucket {
  label: string;
  tokens: ExpiringToken[];
}

const BUCKETS: [string, number][] = [
  ['expired', -1],
  ['within 7 days', 7],
  ['8–14 days', 14],
  ['15–30 days', 30],
  ['31–60 days', 60],
  ['later', Number.POSITIVE_INFINITY],
];

/** The PAT audit's token facts (`extra.tokens`), empty where absent. */
function tokensOf(report: Json): Json {
  const extra = isObject(report.extra) ? report.extra : {};
  return isObject(extra.tokens) ? extra.tokens : {};
}

/** Expiring tokens (the report's `extra.tokens.expiringByOwner`) in buckets along a timeline, each sorted by date. */
export function expiryTimeline(report: Json): ExpiryBucket[] {
  const tokens = tokensOf(report);
  const all: ExpiringToken[] = [];
  for (const group of list(tokens.expiringByOwner).filter(isObject)) {
    const owner = isObject(group.owner) ? group.owner : {};
    for (const token of list(group.tokens).filter(isObject)) {
      all.push({
        owner: text(owner.displayName),
        contact: text(owner.mailAddress ?? owner.principalName ?? ''),
        name: text(token.name),
        validTo: text(token.validTo),
        daysLeft: num(token.daysLeft),
      });
    }
  }
  all.sort((a, b) => a.daysLeft - b.daysLeft || a.owner.localeCompare(b.owner));
  const buckets = BUCKETS.map(([label]) => ({ label, tokens: [] as ExpiringToken[] }));
  for (const token of all) {
    const at = BUCKETS.findIndex(([, upTo]) => (upTo < 0 ? token.daysLeft < 0 : token.daysLeft <= upTo));
    buckets[at].tokens.push(token);
  }
  return buckets;
}

/** Token totals of the PAT audit (`extra.tokens`), zero where absent. */
export function tokenTotals(report: Json): Record<'tokens' | 'live' | 'global' | 'fullScope' | 'expiring', number> {
  const tokens = tokensOf(report);
  return {
    tokens: num(tokens.tokenCount),
    live: num(tokens.liveTokenCount),
    global: num(tokens.globalTokenCount),
    fullScope: num(tokens.fullScopeTokenCount),
    expiring: num(tokens.expiringTokenCount),
  };
}
