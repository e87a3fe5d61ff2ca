/**
 * Findings as the audit view shows them: flat rows, filtered and sorted in plain loops (30,000 rows filter in a few
 * milliseconds), and copied as CSV. Pure functions over report JSON; no DOM.
 */
import { isObject, list, text, type Json } from './reports';

export const SEVERITY_ORDER = ['critical', 'high', 'medium', 'low'] as const;
const SEVERITY_RANK: Record<string, number> = { critical: 0, high: 1, medium: 2, low: 3 };

/** Finding fields the columns and the details pane show; anything else is listed under "Other fields". */
const KNOWN_FIELDS = new Set([
  'ruleId',
  'severity',
  'title',
  'message',
  'resource',
  'principal',
  'evidence',
  'exemption',
  'organization',
  'baselineState',
]);

export interface FindingRow {
  /** Position in the report (stable key). */
  index: number;
  severity: string;
  ruleId: string;
  title: string;
  message: string;
  resourceKind: string;
  resource: string;
  /** Parent of the resource, e.g. the pool of an agent or the owner of a token. */
  resourceParent: string;
  principal: string;
  principalDetail: string;
  organization: string;
  /** `new`, `unchanged`, … when the report was compared with a baseline; empty otherwise. */
  baselineState: string;
  exemption?: { reason: string; expires: string };
  evidence: [string, string][];
  /** Fields this version does not know (added by newer tasks), shown as text. */
  other: [string, string][];
  rationale: string;
  fix: string;
  /** Lower-cased text every keyword search looks at. */
  haystack: string;
}

/** Rows of an audit report, with each rule's rationale and fix attached. */
export function findingRows(report: Json): FindingRow[] {
  const rules = new Map<string, Json>();
  for (const rule of list(report.rules)) if (isObject(rule)) rules.set(text(rule.id), rule);
  return list(report.findings)
    .filter(isObject)
    .map((finding, index): FindingRow => {
      const resource = isObject(finding.resource) ? finding.resource : {};
      const parent = isObject(resource.parent) ? resource.parent : undefined;
      const principal = isObject(finding.principal) ? finding.principal : undefined;
      const exemption = isObject(finding.exemption)
        ? { reason: text(finding.exemption.reason), expires: text(finding.exemption.expires) }
        : undefined;
      const rule = rules.get(text(finding.ruleId)) ?? {};
      const row: FindingRow = {
        index,
        severity: text(finding.severity).toLowerCase(),
        ruleId: text(finding.ruleId),
        title: text(finding.title),
        message: text(finding.message),
        resourceKind: text(resource.kind),
        resource: text(resource.name),
        resourceParent: parent ? `${text(parent.kind)} ${text(parent.name)}`.trim() : '',
        principal: principal ? text(principal.displayName) : '',
        principalDetail: principal ? text(principal.mailAddress ?? principal.principalName ?? principal.descriptor ?? '') : '',
        organization: text(finding.organization),
        baselineState: text(finding.baselineState),
        exemption,
        evidence: isObject(finding.evidence) ? Object.entries(finding.evidence).map(([k, v]) => [k, text(v)]) : [],
        other: Object.entries(finding)
          .filter(([k]) => !KNOWN_FIELDS.has(k))
          .map(([k, v]) => [k, text(v)]),
        rationale: text(rule.rationale),
        fix: text(rule.fix),
        haystack: '',
      };
      row.haystack = [
        row.ruleId,
        row.title,
        row.message,
        row.resource,
        row.resourceParent,
        row.principal,
        row.principalDetail,
        row.organization,
      ]
        .join('\n')
        .toLowerCase();
      return row;
    });
}

export interface FindingFilter {
  /** Empty = every severity. */
  severities: string[];
  /** Empty = every rule. */
  rules: string[];
  /** Substrings (case-insensitive) of the resource (or its parent), of the principal, and of any text. */
  resource: string;
  principal: string;
  text: string;
}

export const NO_FILTER: FindingFilter = { severities: [], rules: [], resource: '', principal: '', text: '' };

export function filterRows(rows: readonly FindingRow[], filter: FindingFilter): FindingRow[] {
  const severities = filter.severities.length > 0 ? new Set(filter.severities) : undefined;
  const rules = filter.rules.length > 0 ? new Set(filter.rules) : undefined;
  const resource = filter.resource.trim().toLowerCase();
  const principal = filter.principal.trim().toLowerCase();
  const words = filter.text.trim().toLowerCase().split(/\s+/).filter(Boolean);
  const out: FindingRow[] = [];
  for (const row of rows) {
    if (severities && !severities.has(row.severity)) continue;
    if (rules && !rules.has(row.ruleId)) continue;
    if (resource && !`${row.resource}\n${row.resourceParent}`.toLowerCase().includes(resource)) continue;
    if (principal && !`${row.principal}\n${row.principalDetail}`.toLowerCase().includes(principal)) continue;
    if (words.length > 0 && !words.every((word) => row.haystack.includes(word))) continue;
    out.push(row);
  }
  return out;
}

export type SortKey = 'severity' | 'ruleId' | 'resource' | 'principal' | 'baselineState';

/** A sorted copy; severity sorts by rank (critical first when ascending), then rule and resource. */
export function sortRows(rows: readonly FindingRow[], key: SortKey, descending = false): FindingRow[] {
  const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });
  const compare = (a: FindingRow, b: FindingRow): number => {
    const primary =
      key === 'severity' ? (SEVERITY_RANK[a.severity] ?? 9) - (SEVERITY_RANK[b.severity] ?? 9) : collator.compare(a[key], b[key]);
    return primary || collator.compare(a.ruleId, b.ruleId) || collator.compare(a.resource, b.resource) || a.index - b.index;
  };
  const sorted = [...rows].sort(compare);
  return descending ? sorted.reverse() : sorted;
}

/** Counts per severity (unknown severities under their own name). */
export function severityCounts(rows: readonly FindingRow[]): Record<string, number> {
  const counts: Record<string, number> = { critical: 0, high: 0, medium: 0, low: 0 };
  for (const row of rows) counts[row.severity] = (counts[row.severity] ?? 0) + 1;
  return counts;
}

/**
 * A CSV cell: quoted when needed; a cell a spreadsheet would run as a formula (=, +, -, @, tab, CR) gets a leading
 * apostrophe, so a hostile name pasted into Excel stays text.
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const CSV_COLUMNS: [string, (row: FindingRow) => string][] = [
  ['severity', (r) => r.severity],
  ['rule', (r) => r.ruleId],
  ['title', (r) => r.title],
  ['resourceKind', (r) => r.resourceKind],
  ['resource', (r) => r.resource],
  ['parent', (r) => r.resourceParent],
  ['principal', (r) => r.principal],
  ['organization', (r) => r.organization],
  ['baselineState', (r) => r.baselineState],
  ['exempted', (r) => (r.exemption ? `until ${r.exemption.expires}: ${r.exemption.reason}` : '')],
  ['message', (r) => r.message],
];

/** The rows as CSV (CRLF lines, header first), as a person would paste them into a sheet. */
export function rowsToCsv(rows: readonly FindingRow[]): string {
  const lines = [CSV_COLUMNS.map(([name]) => name).join(',')];
  for (const row of rows) lines.push(CSV_COLUMNS.map(([, get]) => csvCell(get(row))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
