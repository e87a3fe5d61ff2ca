import type { Finding, RuleInfo, SeverityThreshold } from '../model/finding';
import { evaluateOutcome } from '../policy/outcome';
import { createAuditReport, type AuditReport, type AuditTaskName, type EvaluatedPair } from '../report/model';
import type { AuditSource, InventorySource } from './read';

/** One organization's audit as the merged report lists it. */
export interface OrganizationAudit {
  organization: string;
  url: string;
  task: AuditTaskName;
  generatedAt: string;
  complete: boolean;
  summary: AuditReport['summary'];
  result?: string;
  file: string;
}

export interface MergedAudits {
  /** One merged report per audit task present, PoolRoleAudit first; every finding names its organization. */
  reports: AuditReport[];
  organizations: OrganizationAudit[];
  /** Sources dropped because a newer report of the same task and organization was given. */
  superseded: { file: string; keptFile: string }[];
}

const TASK_ORDER: AuditTaskName[] = ['PoolRoleAudit', 'PatAudit'];

/**
 * Merges audit reports of several organizations. Per task, findings, evaluated pairs, missing scopes and expired
 * exemptions of every organization are concatenated with the organization set on each, the rule lists are united,
 * and the outcome is decided again over all findings with `failOnSeverity`. When the same task and organization
 * come twice (re-runs, overlapping patterns) the newest report wins.
 */
export function mergeAudits(
  sources: readonly AuditSource[],
  options: { failOnSeverity: SeverityThreshold; toolVersion: string; now: Date },
): MergedAudits {
  const latest = new Map<string, AuditSource>();
  const superseded: MergedAudits['superseded'] = [];
  for (const source of sources) {
    const key = `${source.report.task}\u0000${source.organization.toLowerCase()}`;
    const previous = latest.get(key);
    if (!previous) {
      latest.set(key, source);
      continue;
    }
    const newer = source.report.generatedAt > previous.report.generatedAt ? source : previous;
    const older = newer === source ? previous : source;
    latest.set(key, newer);
    superseded.push({ file: older.file, keptFile: newer.file });
  }
  const kept = [...latest.values()].sort(
    (a, b) => a.organization.localeCompare(b.organization) || TASK_ORDER.indexOf(a.report.task) - TASK_ORDER.indexOf(b.report.task),
  );

  const reports: AuditReport[] = [];
  for (const task of TASK_ORDER) {
    const group = kept.filter((source) => source.report.task === task);
    if (group.length === 0) continue;
    reports.push(mergeTask(task, group, options));
  }
  const organizations = kept.map((source) => ({
    organization: source.organization,
    url: source.report.organization.url,
    task: source.report.task,
    generatedAt: source.report.generatedAt,
    complete: source.report.complete,
    summary: source.report.summary,
    result: source.report.outcome?.result,
    file: source.file,
  }));
  return { reports, organizations, superseded };
}

function mergeTask(
  task: AuditTaskName,
  group: readonly AuditSource[],
  options: { failOnSeverity: SeverityThreshold; toolVersion: string; now: Date },
): AuditReport {
  const rules = new Map<string, RuleInfo>();
  const findings: Finding[] = [];
  const evaluated: EvaluatedPair[] = [];
  const missing: AuditReport['missing'] = [];
  const expiredExemptions: AuditReport['expiredExemptions'] = [];
  const absent: Finding[] = [];
  const notJudged: Finding[] = [];
  const notJudgedRules = new Set<string>();
  for (const { organization, report } of group) {
    for (const finding of report.absent ?? []) absent.push({ ...finding, organization: finding.organization ?? organization });
    for (const finding of report.notJudged ?? []) notJudged.push({ ...finding, organization: finding.organization ?? organization });
    for (const rule of report.notJudgedRules ?? []) notJudgedRules.add(rule);
    for (const rule of report.rules) if (!rules.has(rule.id)) rules.set(rule.id, rule);
    for (const finding of report.findings) findings.push({ ...finding, organization: finding.organization ?? organization });
    for (const pair of report.evaluated ?? []) evaluated.push({ ...pair, organization: pair.organization ?? organization });
    for (const scope of report.missing) missing.push({ scope: `${organization}: ${scope.scope}`, reason: scope.reason });
    for (const expired of report.expiredExemptions) expiredExemptions.push({ ...expired, reason: `${organization}: ${expired.reason}` });
  }
  const complete = group.every(({ report }) => report.complete);
  const outcome = evaluateOutcome(findings, options.failOnSeverity, { complete });
  const names = group.map((source) => source.organization);
  return createAuditReport({
    toolVersion: options.toolVersion,
    generatedAt: options.now,
    task,
    organization: { url: '', name: names.join(', ') },
    complete,
    missing,
    rules: [...rules.values()],
    findings,
    evaluated,
    outcome: { ...outcome, failOnSeverity: options.failOnSeverity },
    expiredExemptions,
    ...(absent.length > 0 ? { absent } : {}),
    ...(notJudged.length > 0 ? { notJudged } : {}),
    ...(notJudgedRules.size > 0 ? { notJudgedRules: [...notJudgedRules].sort() } : {}),
    extra: {
      mergedFrom: group.map(({ organization, file, report }) => ({
        organization,
        url: report.organization.url,
        generatedAt: report.generatedAt,
        complete: report.complete,
        file,
      })),
    },
  });
}

/** Newest inventory per organization. */
export function latestInventories(sources: readonly InventorySource[]): InventorySource[] {
  const latest = new Map<string, InventorySource>();
  for (const source of sources) {
    const key = source.organization.toLowerCase();
    const previous = latest.get(key);
    if (!previous || source.generatedAt > previous.generatedAt) latest.set(key, source);
  }
  return [...latest.values()].sort((a, b) => a.organization.localeCompare(b.organization));
}
