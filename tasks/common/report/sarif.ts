import type { Finding, RuleInfo, Severity } from '../model/finding';
import { describePrincipal, rulesInReport } from './describe';
import { findingFingerprint } from './fingerprint';
import { LazyArray, writeSafeJsonFile } from './json-stream';
import type { AuditReport } from './model';

/** Minimal typing of the SARIF 2.1.0 parts this writer emits. */
export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: SarifRun[];
}
export interface SarifRun {
  tool: { driver: Record<string, unknown> & { rules: Record<string, unknown>[] } };
  automationDetails: { id: string };
  invocations: Record<string, unknown>[];
  results: SarifResult[];
  properties: Record<string, unknown>;
}
export interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: 'error' | 'warning' | 'note' | 'none';
  /** Only `open` is written (a baseline finding not judged this run); absent means `fail`. */
  kind?: 'open';
  message: { text: string };
  locations: { logicalLocations: { name: string; fullyQualifiedName: string; kind: string }[] }[];
  partialFingerprints: Record<string, string>;
  /** Set on every result when the task compared with a baseline (absent results included). */
  baselineState?: 'new' | 'unchanged' | 'updated' | 'absent';
  suppressions?: { kind: 'external'; status: 'accepted'; justification: string }[];
  properties: Record<string, unknown>;
}

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
const FINGERPRINT_KEY = 'poolWardenFinding/v1';

const LEVELS: Record<Severity, SarifResult['level']> = { critical: 'error', high: 'error', medium: 'warning', low: 'note' };

/** CVSS-like scores that code-scanning UIs map back to critical/high/medium/low. */
const SECURITY_SEVERITY: Record<Severity, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0' };

/** Renders the report as a SARIF 2.1.0 log with one run, readable by the SARIF Scans tab. */
export function toSarif(report: AuditReport): SarifLog {
  return sarifLog(report, (results) => [...results()]);
}

/**
 * Writes the SARIF log (the text `toSafeJson(toSarif(report))` gives) to a file, results rendered one at a time: the log of an audit
 * with tens of thousands of findings is never held whole in memory.
 */
export function writeSarifFile(report: AuditReport, path: string): void {
  const count = report.findings.length + (report.absent?.length ?? 0) + (report.notJudged?.length ?? 0);
  const log = sarifLog(report, (results) => new LazyArray(count, results) as unknown as SarifResult[]);
  writeSafeJsonFile(path, log);
}

function sarifLog(report: AuditReport, collectResults: (results: () => Iterable<SarifResult>) => SarifResult[]): SarifLog {
  const absent = report.absent ?? [];
  const notJudged = report.notJudged ?? [];
  const rules = rulesInReport(
    report.rules,
    absent.length + notJudged.length > 0 ? [...report.findings, ...absent, ...notJudged] : report.findings,
  );
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));
  const run: SarifRun = {
    tool: {
      driver: {
        name: report.tool.name,
        version: report.tool.version,
        semanticVersion: report.tool.version,
        rules: rules.map((rule) => toSarifRule(rule, report.task)),
      },
    },
    automationDetails: { id: `${report.task}/${report.organization.name}/` },
    invocations: [
      {
        executionSuccessful: report.complete,
        endTimeUtc: report.generatedAt,
        toolExecutionNotifications: report.missing.map((missing) => ({
          level: 'warning',
          message: { text: `Not audited: ${missing.scope}: ${missing.reason}` },
        })),
      },
    ],
    // Findings of the baseline that are gone come last, as results with baselineState 'absent' (SARIF 2.1.0 §3.27.24).
    results: collectResults(function* () {
      for (const finding of report.findings) yield toSarifResult(finding, ruleIndex.get(finding.ruleId) ?? 0, report);
      for (const finding of absent) yield toSarifResult(finding, ruleIndex.get(finding.ruleId) ?? 0, report);
      // Baseline findings whose rule this run could not judge: `unchanged` (never absent), kind `open` ("insufficient
      // information to decide", §3.27.9) with level `none`, as §3.27.10 requires for a kind other than `fail`.
      for (const finding of notJudged) yield notJudgedResult(toSarifResult(finding, ruleIndex.get(finding.ruleId) ?? 0, report));
    }),
    properties: {
      task: report.task,
      organization: report.organization,
      complete: report.complete,
      summary: report.summary,
      ...(report.baseline ? { baseline: report.baseline } : {}),
    },
  };
  return { $schema: SARIF_SCHEMA_URI, version: '2.1.0', runs: [run] };
}

function toSarifRule(rule: RuleInfo, task: string): Record<string, unknown> {
  return {
    id: rule.id,
    name: toRuleName(rule.title),
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.rationale },
    help: { text: rule.fix || rule.rationale, markdown: rule.fix || rule.rationale },
    defaultConfiguration: { level: LEVELS[rule.defaultSeverity] },
    properties: {
      'security-severity': SECURITY_SEVERITY[rule.defaultSeverity],
      tags: ['security', task],
      precision: 'high',
    },
  };
}

/** SARIF rule names are identifier-like: "Too many pool administrators" → "TooManyPoolAdministrators". */
function toRuleName(title: string): string {
  return title
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .map((word) => word[0].toUpperCase() + word.slice(1))
    .join('');
}

function notJudgedResult(result: SarifResult): SarifResult {
  return {
    ...result,
    kind: 'open',
    level: 'none',
    message: { text: `Not judged this run (carried from the baseline): ${result.message.text}` },
    properties: { ...result.properties, notJudged: true },
  };
}

function toSarifResult(finding: Finding, index: number, report: AuditReport): SarifResult {
  const { resource } = finding;
  const organization = finding.organization ?? report.organization.name;
  const path = [organization, ...(resource.parent ? [resource.parent.kind, resource.parent.name] : []), resource.kind, resource.name];
  const result: SarifResult = {
    ruleId: finding.ruleId,
    ruleIndex: index,
    level: LEVELS[finding.severity],
    message: { text: finding.message },
    locations: [{ logicalLocations: [{ name: resource.name, fullyQualifiedName: path.join('/'), kind: resource.kind }] }],
    partialFingerprints: { [FINGERPRINT_KEY]: findingFingerprint(finding, report.organization.name) },
    ...(finding.baselineState ? { baselineState: finding.baselineState } : {}),
    properties: {
      severity: finding.severity,
      resource,
      ...(finding.principal ? { principal: finding.principal, principalLabel: describePrincipal(finding) } : {}),
      evidence: finding.evidence,
      ...(finding.organization ? { organization: finding.organization } : {}),
      ...(finding.firstSeen ? { firstSeen: finding.firstSeen } : {}),
      ...(finding.previousSeverity ? { previousSeverity: finding.previousSeverity } : {}),
    },
  };
  if (finding.exemption) {
    result.suppressions = [
      {
        kind: 'external',
        status: 'accepted',
        justification: `${finding.exemption.reason} (policy exemption, expires ${finding.exemption.expires})`,
      },
    ];
  }
  return result;
}
