import type { Finding, RuleInfo } from '../model/finding';
import { describePrincipal, describeResource, resourceKey, rulesInReport } from './describe';
import { escapeXmlAttribute, xmlCdata } from './escape';
import type { AuditReport, EvaluatedPair } from './model';

interface TestCase {
  name: string;
  findings: Finding[];
}

/**
 * Renders the report as JUnit XML for the Tests tab: one testsuite per rule, one testcase per rule × resource
 * (`classname` = rule id, `name` = resource). A testcase fails on unexempted findings, is skipped when all its
 * findings are exempted, and passes for evaluated pairs without findings. An incomplete audit adds a `coverage`
 * suite with one error per scope that could not be read, so a partial run never looks green.
 */
export function toJUnit(report: AuditReport): string {
  return joinJUnitSuites(`${report.tool.name} ${report.task} ${report.organization.name}`, toJUnitSuites(report));
}

/** The testsuites of one report (rules, then coverage), for callers that combine several reports into one file. */
export function toJUnitSuites(report: AuditReport): RenderedSuite[] {
  const rules = rulesInReport(report.rules, report.findings);
  const suites = rules.map((rule) => renderSuite(rule, collectCases(rule.id, report), report.generatedAt));
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
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${escapeXmlAttribute(name)}" tests="${totals.tests}" failures="${totals.failures}" errors="${totals.errors}" skipped="${totals.skipped}" time="0">`,
    ...suites.map((suite) => suite.xml),
    '</testsuites>',
    '',
  ].join('\n');
}

function collectCases(ruleId: string, report: AuditReport): TestCase[] {
  const cases = new Map<string, TestCase>();
  const caseFor = (pair: EvaluatedPair): TestCase => {
    const key = resourceKey(pair.resource, pair.organization);
    let testCase = cases.get(key);
    if (!testCase) {
      testCase = { name: describeResource(pair.resource, pair.organization), findings: [] };
      cases.set(key, testCase);
    }
    return testCase;
  };
  for (const pair of report.evaluated ?? []) if (pair.ruleId === ruleId) caseFor(pair);
  for (const finding of report.findings) if (finding.ruleId === ruleId) caseFor(finding).findings.push(finding);
  return [...cases.values()].sort((a, b) => a.name.localeCompare(b.name));
}

export interface RenderedSuite {
  xml: string;
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
}

function renderSuite(rule: RuleInfo, cases: TestCase[], timestamp: string): RenderedSuite {
  let failures = 0;
  let skipped = 0;
  const body = cases.map((testCase) => {
    const open = `    <testcase classname="${escapeXmlAttribute(rule.id)}" name="${escapeXmlAttribute(testCase.name)}" time="0"`;
    const unexempted = testCase.findings.filter((finding) => !finding.exemption);
    if (unexempted.length > 0) {
      failures++;
      const worst = unexempted.map((finding) => finding.severity).sort(bySeverityDesc)[0];
      const message = unexempted.length === 1 ? unexempted[0].message : `${unexempted.length} findings: ${unexempted[0].message} …`;
      return `${open}>\n      <failure message="${escapeXmlAttribute(message)}" type="${escapeXmlAttribute(worst)}">${xmlCdata(details(testCase.findings))}</failure>\n    </testcase>`;
    }
    if (testCase.findings.length > 0) {
      skipped++;
      const reasons = [...new Set(testCase.findings.map((finding) => `${finding.exemption?.reason} (until ${finding.exemption?.expires})`))];
      return `${open}>\n      <skipped message="${escapeXmlAttribute(`Exempted: ${reasons.join('; ')}`)}"/>\n    </testcase>`;
    }
    return `${open}/>`;
  });
  const attributes = `name="${escapeXmlAttribute(`${rule.id} ${rule.title}`)}" tests="${cases.length}" failures="${failures}" errors="0" skipped="${skipped}" time="0" timestamp="${escapeXmlAttribute(timestamp.replace(/\.\d+Z$/, ''))}"`;
  const xml = cases.length === 0 ? `  <testsuite ${attributes}/>` : `  <testsuite ${attributes}>\n${body.join('\n')}\n  </testsuite>`;
  return { xml, tests: cases.length, failures, errors: 0, skipped };
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
