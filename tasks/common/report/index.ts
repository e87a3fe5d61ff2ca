/** Report model and writers shared by both audits: JSON, SARIF 2.1.0, JUnit XML, CSV and markdown. */
export { toCsv, type CsvOptions } from './csv';
export { compareFindings, describePrincipal, describeResource } from './describe';
export {
  escapeCsvField,
  escapeMarkdownCell,
  escapeXmlAttribute,
  escapeXmlText,
  neutraliseLoggingCommands,
  toSafeJson,
  toSingleLine,
  truncate,
  xmlCdata,
} from './escape';
export { findingFingerprint } from './fingerprint';
export { joinJUnitSuites, toJUnit, toJUnitSuites, type RenderedSuite } from './junit';
export { toMarkdownSummary, type MarkdownOptions, type MarkdownSection } from './markdown';
export {
  createAuditReport,
  organizationNameOf,
  REPORT_TOOL_NAME,
  type AuditReport,
  type AuditReportInput,
  type AuditTaskName,
  type EvaluatedPair,
  type MissingScope,
} from './model';
export { SARIF_SCHEMA_URI, toSarif, type SarifLog, type SarifResult } from './sarif';
export { writeReports, type WrittenReports } from './write';
