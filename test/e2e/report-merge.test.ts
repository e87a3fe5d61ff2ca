import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import type { Emulator } from '../../emulator';
import {
  assertNoWrites,
  readJson,
  runAgentTask,
  sampleOrganizationNamed,
  startE2eEmulator,
  tail,
  wifDevOpsInputs,
  type AgentRun,
} from './support';

/**
 * Two organizations, as a matrix job would audit them: the sample organization and a renamed copy of it on a second
 * emulator. Each runs PoolRoleAudit and PatAudit as the agent does; ReportMerge then combines their report folders.
 */
describe('e2e: ReportMerge@1 over two organizations', function () {
  this.timeout(120_000);
  const emulators: Emulator[] = [];
  const runs: Record<string, AgentRun[]> = {};

  before(async () => {
    emulators.push(await startE2eEmulator(), await startE2eEmulator({ seed: sampleOrganizationNamed('fabrikam') }));
    for (const emu of emulators) {
      const name = emu.state.org.organization.name;
      runs[name] = [
        await runAgentTask(emu, { task: 'PoolRoleAuditV1', inputs: { ...wifDevOpsInputs(emu), failOnSeverity: 'none' } }),
        await runAgentTask(emu, { task: 'PatAuditV1', inputs: { ...wifDevOpsInputs(emu), failOnSeverity: 'none' } }),
        await runAgentTask(emu, { task: 'PoolInventoryV1', inputs: wifDevOpsInputs(emu) }),
      ];
      for (const run of runs[name]) assert.ok(run.result === 'SucceededWithIssues' || run.result === 'Succeeded', tail(run));
    }
  });
  after(() => Promise.all(emulators.map((emu) => emu.close())));

  it('merges the reports of both organizations into one summary, SARIF and JUnit with the organization on every finding', async () => {
    // Each run has its own temp folder, like the artifact folders a merge job downloads.
    const folders = Object.values(runs).flatMap((list) => list.map((run) => path.dirname(run.variables.reportPath!)));
    const emu = emulators[0];
    const merge = await runAgentTask(emu, {
      task: 'ReportMergeV1',
      inputs: { reportFiles: folders.map((folder) => `${folder}/*.json`).join('\n'), failOnSeverity: 'critical' },
    });
    assert.equal(merge.result, 'Failed', tail(merge));
    assertNoWrites(merge);
    assert.equal(merge.requests.length, 0, 'the merge reads files only');
    assert.equal(merge.variables.organizationCount, '2');

    const perOrg = Object.fromEntries(
      Object.entries(runs).map(([name, [roles, pats]]) => [
        name,
        Number(roles.variables.findingCount) + Number(pats.variables.findingCount),
      ]),
    );
    assert.equal(Number(merge.variables.findingCount), perOrg.contoso + perOrg.fabrikam);

    const json = readJson(merge.variables.reportPath);
    assert.deepEqual(json.organizations, ['contoso', 'fabrikam']);
    assert.deepEqual(
      json.reports.map((report: { task: string }) => report.task),
      ['PoolRoleAudit', 'PatAudit'],
    );
    assert.deepEqual(
      json.inventories.map((row: { organization: string }) => row.organization),
      ['contoso', 'fabrikam'],
    );
    for (const report of json.reports) {
      const organizations = new Set(report.findings.map((finding: { organization?: string }) => finding.organization));
      assert.deepEqual([...organizations].sort(), ['contoso', 'fabrikam'], `${report.task}: every finding names its organization`);
    }

    const sarif = readJson(merge.variables.sarifPath);
    assert.equal(sarif.runs.length, 2);
    for (const run of sarif.runs) {
      for (const result of run.results) {
        assert.match(result.properties.organization, /^(contoso|fabrikam)$/);
        assert.match(result.locations[0].logicalLocations[0].fullyQualifiedName, /^(contoso|fabrikam)\//);
      }
    }
    // Fingerprints include the organization: the same finding in two organizations stays two alerts.
    const fingerprints = sarif.runs.flatMap((run: { results: { partialFingerprints: Record<string, string> }[] }) =>
      run.results.map((result) => Object.values(result.partialFingerprints)[0]),
    );
    assert.equal(new Set(fingerprints).size, fingerprints.length);

    const junit = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === 'testsuite' || name === 'testcase' }).parse(
      fs.readFileSync(merge.variables.junitPath!, 'utf8'),
    );
    const cases = junit.testsuites.testsuite.flatMap((suite: { testcase?: { '@_name': string }[] }) => suite.testcase ?? []);
    assert.ok(cases.some((testCase: { '@_name': string }) => testCase['@_name'].startsWith('contoso/')));
    assert.ok(cases.some((testCase: { '@_name': string }) => testCase['@_name'].startsWith('fabrikam/')));

    assert.equal(merge.summaries.length, 1);
    const summary = fs.readFileSync(merge.summaries[0], 'utf8');
    assert.match(summary, /## Pool Warden: 2 organizations/);
    assert.match(summary, /\| contoso \| Pool roles \|/);
    assert.match(summary, /\| fabrikam \| PATs \|/);
    assert.match(summary, /### Agent pools/);
  });

  it('fails naming reportFiles when the pattern matches no file', async () => {
    const merge = await runAgentTask(emulators[0], { task: 'ReportMergeV1', inputs: { reportFiles: '/nonexistent-folder/**/*.json' } });
    assert.equal(merge.result, 'Failed');
    assert.match(merge.errors.join('\n'), /Input 'reportFiles' matched no files/);
  });
});
