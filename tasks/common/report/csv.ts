import { describePrincipal } from './describe';
import { escapeCsvField } from './escape';
import type { AuditReport } from './model';

const COLUMNS = [
  'organization',
  'ruleId',
  'severity',
  'title',
  'resourceKind',
  'resourceId',
  'resourceName',
  'parentKind',
  'parentName',
  'principalId',
  'principal',
  'message',
  'exempted',
  'exemptionReason',
  'exemptionExpires',
  'evidence',
] as const;

export interface CsvOptions {
  /** Start with a UTF-8 byte order mark so spreadsheet apps read non-Latin names correctly. Default true. */
  bom?: boolean;
}

/** One RFC 4180 row per finding (CRLF line ends), every cell neutralised against formula injection. */
export function toCsv(report: AuditReport, options: CsvOptions = {}): string {
  const rows: unknown[][] = [[...COLUMNS]];
  for (const finding of report.findings) {
    rows.push([
      finding.organization ?? report.organization.name,
      finding.ruleId,
      finding.severity,
      finding.title,
      finding.resource.kind,
      finding.resource.id,
      finding.resource.name,
      finding.resource.parent?.kind,
      finding.resource.parent?.name,
      finding.principal?.id,
      describePrincipal(finding),
      finding.message,
      finding.exemption ? 'yes' : 'no',
      finding.exemption?.reason,
      finding.exemption?.expires,
      JSON.stringify(finding.evidence),
    ]);
  }
  const body = rows.map((row) => row.map(escapeCsvField).join(',')).join('\r\n') + '\r\n';
  return (options.bom ?? true) ? `\uFEFF${body}` : body;
}
