import type { Finding, RuleInfo } from '../model/finding';
import { describePrincipal, describeResource, resourceKey, rulesInReport } from './describe';
import { escapeXmlAttribute, xmlCdata } from './escape';
import { writeFileInPieces } from './file-writer';
import { failsReport, type AuditReport, type EvaluatedPair } from './model';

interface TestCase {
  name: string;
  findings: Finding[];
}

/**
 * Renders the report as JUnit XML for the Tests tab: one testsuite per rule, one testcase per rule × resource
 * (`classname` = rule id, `name` = resource). A testcase fails on unexempted findings, is skipped when all its
 * findings are exempted, and passes for evaluated pairs without findings. With a baseline and `failOn: new` only new
 * or worsened findings fail a testcase; one with known findings only is skipped with "Known since …" as its message:
 * the Tests tab shows a skipped test's message (as "Not executed"/Others), and ignores testcase properties. An incomplete audit adds a `coverage`
 * suite with one error per scope that could not be read, so a partial run never looks green.
 */
export function toJUnit(report: AuditReport): string {
  return joinJUnitSuites(documentName(report), toJUnitSuites(report));
}

/** The testsuites of one report (rules, then coverage), for callers that combine several reports into one file. */
export function toJUnitSuites(report: AuditReport): RenderedSuite[] {
  const rules = rulesInReport(report.rules, report.findings);
  const casesOf = casesByRule(report);
  const suites = rules.map((rule) => renderSuite(rule, casesOf(rule.id), report));
  if (report.missing.length > 0) suites.push(renderCoverageSuite(report));
  return suites;
}

/** One `<testsuites>` document around rendered suites, with totals summed from them. */
export function joinJUnitSuites(name: string, suites: readonly RenderedSuite[]): string {
  const totals = { tests: 0, failures: 0, errors: 0, skipped: 0 };
  for (const suite of suites) {
    totals.tests += suite.tests;
    totals.failures += suite.failures;
    totals.errors += suite.errors;
    totals.skipped += suite.skipped;
  }
  return [documentStart(name, totals), ...suites.map((suite) => `${suite.xml}\n`), '</testsuites>\n'].join('');
}

function documentName(report: AuditReport): string {
  return `${report.tool.name} ${report.task} ${report.organization.name}`;
}

/** The XML declaration and the `<testsuites>` opening tag, each line ended. */
function documentStart(name: string, totals: { tests: number; failures: number; errors: number; skipped: number }): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<testsuites name="${escapeXmlAttribute(name)}" tests="${totals.tests}" failures="${totals.failures}" errors="${totals.errors}" skipped="${totals.skipped}" time="0">\n`
  );
}

/** Writes the text of `toJUnit` to a file testcase by testcase (a large audit's XML is never one string). */
export function writeJUnitFile(report: AuditReport, path: string): void {
  writeFileInPieces(path, (write) => renderJUnit(report, write));
}

function renderJUnit(report: AuditReport, write: (text: string) => void): void {
  const rules = rulesInReport(report.rules, report.findings);
  // Totals go in the first element, so they are counted in a first pass; suites are then rendered and written one by one.
  const casesOf = casesByRule(report);
  const ruleCases = rules.map((rule) => casesOf(rule.id));
  const totals = { tests: 0, failures: 0, errors: 0, skipped: 0 };
  for (const cases of ruleCases) {
    const counts = suiteCounts(cases, failsReport(report));
    totals.tests += counts.tests;
    totals.failures += counts.failures;
    totals.skipped += counts.skipped;
  }
  const coverage = report.missing.length > 0 ? renderCoverageSuite(report) : undefined;
  if (coverage) {
    totals.tests += coverage.tests;
    totals.errors += coverage.errors;
  }
  write(documentStart(documentName(report), totals));
  rules.forEach((rule, index) => writeSuite(rule, ruleCases[index], report, write));
  if (coverage) write(`${coverage.xml}\n`);
  write('</testsuites>\n');
}

/** A testcase fails on unexempted findings and is skipped when all its findings are exempted. */
function suiteCounts(cases: TestCase[], fails: (finding: Finding) => boolean): { tests: number; failures: number; skipped: number } {
  let failures = 0;
  let skipped = 0;
  for (const testCase of cases) {
    if (testCase.findings.some(fails)) failures++;
    else if (testCase.findings.length > 0) skipped++;
  }
  return { tests: cases.length, failures, skipped };
}

/**
 * Key and display name of each resource, computed once per resource object: every rule and both passes ask again,
 * and audits that share one resource object per token (PatAudit) then make no new strings per rule.
 */
function resourceLabels(): (pair: EvaluatedPair) => { key: string; name: string } {
  const cache = new WeakMap<object, { key: string; name: string }>();
  return (pair) => {
    if (pair.organization !== undefined)
      return { key: resourceKey(pair.resource, pair.organization), name: describeResource(pair.resource, pair.organization) };
    let labels = cache.get(pair.resource);
    if (!labels) cache.set(pair.resource, (labels = { key: resourceKey(pair.resource), name: describeResource(pair.resource) }));
    return labels;
  };
}

/**
 * The testcases of each rule, sorted by name. The findings and evaluated pairs are sorted into rules in one pass
 * (not one pass per rule), and each rule's cases are built once.
 */
function casesByRule(report: AuditReport): (ruleId: string) => TestCase[] {
  const labelsOf = resourceLabels();
  const byRule = new Map<string, Map<string, TestCase>>();
  const caseFor = (pair: EvaluatedPair): TestCase => {
    let cases = byRule.get(pair.ruleId);
    if (!cases) byRule.set(pair.ruleId, (cases = new Map()));
    const labels = labelsOf(pair);
    let testCase = cases.get(labels.key);
    if (!testCase) {
      testCase = { name: labels.name, findings: [] };
      cases.set(labels.key, testCase);
    }
    return testCase;
  };
  for (const pair of report.evaluated ?? []) caseFor(pair);
  for (const finding of report.findings) caseFor(finding).findings.push(finding);
  return (ruleId) => [...(byRule.get(ruleId)?.values() ?? [])].sort((a, b) => a.name.localeCompare(b.name));
}

export interface RenderedSuite {
  xml: string;
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
}

/** One testsuite as text (what `writeSuite` writes, without the last line break). */
function renderSuite(rule: RuleInfo, cases: TestCase[], report: AuditReport): RenderedSuite {
  const parts: string[] = [];
  writeSuite(rule, cases, report, (text) => parts.push(text));
  const { failures, skipped } = suiteCounts(cases, failsReport(report));
  return { xml: parts.join('').slice(0, -1), tests: cases.length, failures, errors: 0, skipped };
}

/** One testsuite, testcase by testcase (`\n` after each line, the suite's closing line included). */
function writeSuite(rule: RuleInfo, cases: TestCase[], report: AuditReport, write: (text: string) => void): void {
  const timestamp = report.generatedAt;
  const fails = failsReport(report);
  const { failures, skipped } = suiteCounts(cases, fails);
  const attributes = `name="${escapeXmlAttribute(`${rule.id} ${rule.title}`)}" tests="${cases.length}" failures="${failures}" errors="0" skipped="${skipped}" time="0" timestamp="${escapeXmlAttribute(timestamp.replace(/\.\d+Z$/, ''))}"`;
  if (cases.length === 0) return write(`  <testsuite ${attributes}/>\n`);
  write(`  <testsuite ${attributes}>\n`);
  for (const testCase of cases) write(`${renderCase(rule, testCase, fails, report.baseline?.generatedAt)}\n`);
  write('  </testsuite>\n');
}

function renderCase(rule: RuleInfo, testCase: TestCase, fails: (finding: Finding) => boolean, baselineDate?: string | null): string {
  const open = `    <testcase classname="${escapeXmlAttribute(rule.id)}" name="${escapeXmlAttribute(testCase.name)}" time="0"`;
  const unexempted = testCase.findings.filter(fails);
  if (unexempted.length > 0) {
    const worst = unexempted.map((finding) => finding.severity).sort(bySeverityDesc)[0];
    const message = unexempted.length === 1 ? unexempted[0].message : `${unexempted.length} findings: ${unexempted[0].message} …`;
    return `${open}>\n      <failure message="${escapeXmlAttribute(message)}" type="${escapeXmlAttribute(worst)}">${xmlCdata(details(testCase.findings))}</failure>\n    </testcase>`;
  }
  const known = testCase.findings.filter((finding) => !finding.exemption);
  if (known.length > 0) {
    const since = known.map((finding) => finding.firstSeen ?? '').sort()[0];
    const message = `Known: ${known.length === 1 ? 'a finding' : `${known.length} findings`} already in the baseline${baselineDate ? ` of ${baselineDate}` : ''}${since ? `, first seen ${since}` : ''}; failOn is new, so only new or worsened findings fail`;
    return `${open}>\n      <skipped message="${escapeXmlAttribute(message)}">${xmlCdata(details(known))}</skipped>\n    </testcase>`;
  }
  if (testCase.findings.length > 0) {
    const reasons = [...new Set(testCase.findings.map((finding) => `${finding.exemption?.reason} (until ${finding.exemption?.expires})`))];
    return `${open}>\n      <skipped message="${escapeXmlAttribute(`Exempted: ${reasons.join('; ')}`)}"/>\n    </testcase>`;
  }
  return `${open}/>`;
}

function renderCoverageSuite(report: AuditReport): RenderedSuite {
  const body = report.missing.map(
    (missing) =>
      `    <testcase classname="coverage" name="${escapeXmlAttribute(missing.scope)}" time="0">\n      <error message="${escapeXmlAttribute(`Not audited: ${missing.reason}`)}" type="incomplete"/>\n    </testcase>`,
  );
  const count = report.missing.length;
  return {
    xml: `  <testsuite name="coverage" tests="${count}" failures="0" errors="${count}" skipped="0" time="0">\n${body.join('\n')}\n  </testsuite>`,
    tests: count,
    failures: 0,
    errors: count,
    skipped: 0,
  };
}

const ORDER = ['critical', 'high', 'medium', 'low'];
function bySeverityDesc(a: string, b: string): number {
  return ORDER.indexOf(a) - ORDER.indexOf(b);
}

function details(findings: Finding[]): string {
  return findings
    .map((finding) => {
      const lines = [`[${finding.severity}] ${finding.title}`, finding.message];
      const principal = describePrincipal(finding);
      if (principal) lines.push(`Principal: ${principal}`);
      for (const [key, value] of Object.entries(finding.evidence)) lines.push(`${key}: ${String(value)}`);
      if (finding.exemption) lines.push(`Exempted until ${finding.exemption.expires}: ${finding.exemption.reason}`);
      return lines.join('\n');
    })
    .join('\n\n');
}
