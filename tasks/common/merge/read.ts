import * as fs from 'node:fs';
import { organizationNameOf, type AuditReport } from '../report/model';

/** Inventory totals the merge shows per organization. */
export interface InventorySource {
  kind: 'inventory';
  file: string;
  organization: string;
  generatedAt: string;
  complete: boolean;
  totals: Record<string, number>;
}

export interface AuditSource {
  kind: 'audit';
  file: string;
  organization: string;
  report: AuditReport;
}

export interface SkippedFile {
  file: string;
  reason: string;
}

export type ReportSource = InventorySource | AuditSource;

/**
 * Reads one file and says what it is: a Pool Warden audit report (PoolRoleAudit, PatAudit), an inventory report,
 * or something to skip (another tool's JSON, a scaling report, a newer schema). Throws only for unreadable files.
 */
export function readReportFile(file: string): ReportSource | SkippedFile {
  let value: unknown;
  try {
    value = JSON.parse(fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
  } catch (error) {
    return { file, reason: `not JSON (${(error as Error).message.split('\n')[0]})` };
  }
  const report = value as Partial<AuditReport> & { totals?: Record<string, number>; task?: string };
  if (!report || typeof report !== 'object' || report.tool?.name !== 'Pool Warden') return { file, reason: 'not a Pool Warden report' };
  if (report.schemaVersion !== 1) return { file, reason: `schemaVersion ${String(report.schemaVersion)} is not supported (expected 1)` };
  const organization = report.organization?.name || organizationNameOf(report.organization?.url ?? '');
  if (!organization) return { file, reason: 'the report names no organization' };
  if (report.task === 'PoolRoleAudit' || report.task === 'PatAudit') {
    if (!Array.isArray(report.findings) || !Array.isArray(report.rules))
      return { file, reason: `a ${report.task} report without findings or rules` };
    return { kind: 'audit', file, organization, report: report as AuditReport };
  }
  if (report.task === 'PoolInventory') {
    return {
      kind: 'inventory',
      file,
      organization,
      generatedAt: String(report.generatedAt ?? ''),
      complete: report.complete !== false,
      totals: report.totals ?? {},
    };
  }
  return { file, reason: `a ${String(report.task)} report (only PoolRoleAudit, PatAudit and PoolInventory reports are merged)` };
}
