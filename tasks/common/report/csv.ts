import { describePrincipal } from './describe';
import { escapeCsvField } from './escape';
import { writeFileInPieces } from './file-writer';
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
  'baselineState',
] as const;

export interface CsvOptions {
  /** Start with a UTF-8 byte order mark so spreadsheet apps read non-Latin names correctly. Default true. */
  bom?: boolean;
}

/** One RFC 4180 row per finding (then one per absent baseline finding) (CRLF line ends), every cell neutralised against formula injection. */
export function toCsv(report: AuditReport, options: CsvOptions = {}): string {
  const parts: string[] = [];
  renderCsv(report, options, (text) => parts.push(text));
  return parts.join('');
}

/** Writes the text of `toCsv` to a file row by row. */
export function writeCsvFile(report: AuditReport, path: string, options: CsvOptions = {}): void {
  writeFileInPieces(path, (write) => renderCsv(report, options, write));
}

function renderCsv(report: AuditReport, options: CsvOptions, write: (text: string) => void): void {
  const row = (cells: unknown[]) => write(`${cells.map(escapeCsvField).join(',')}\r\n`);
  if (options.bom ?? true) write('\uFEFF');
  row([...COLUMNS]);
  // Findings of the baseline that are gone follow the current ones, marked `absent`.
  for (const finding of allFindings(report)) {
    row([
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
      finding.baselineState,
    ]);
  }
}

function* allFindings(report: AuditReport): Iterable<AuditReport['findings'][number]> {
  yield* report.findings;
  yield* report.absent ?? [];
}
