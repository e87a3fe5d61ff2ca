/**
 * `npm run screenshots`: regenerates the Marketplace pictures in images/screenshots/ from real task output.
 *
 * Starts the emulator (the sample organization `contoso`, and a copy named `fabrikam` for the merge), runs each
 * task's bundle as the agent does (emulator/harness), renders each uploaded summary the way Azure DevOps shows it
 * (GitHub-flavoured markdown → HTML with marked, on a page styled like a run's Extensions tab), renders the role
 * audit's JUnit as a Tests-tab view, and captures PNGs with headless Chromium. Needs `npm run build` first (the npm
 * script does it) and Chromium (Debian: apt-get install -y chromium). The emulator's loopback address is shown as
 * https://dev.azure.com/ in the pictures; nothing else is changed.
 *
 * The run's Pool Warden tab is captured from the same harness as its browser tests (emulator/tab-host): the built page
 * framed by a stand-in for the run page, reading the reports these very runs attached.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { pipelineEnv, sharedEmulatorKeys, sampleOrganization, SAMPLE_IDS, startEmulator, type Emulator } from '../emulator';
import { sampleOrganizationNamed, wifDevOpsInputs, writeSensitiveDefaultPolicy } from '../emulator/sample-inputs';
import { findLeaks, REPO_ROOT, runTask, type TaskRun } from '../emulator/harness/run-task';
import { spawnSync } from 'node:child_process';
import { capture, findChromium, shrink } from './screenshots/chromium';
import { launchChromium, openTab } from '../emulator/tab-host/browser';
import { startTabHost } from '../emulator/tab-host/server';
import { summaryPage, terminalPage, testsPage, type RunContext, type TestCaseView } from './screenshots/page';

const OUT_DIR = path.join(REPO_ROOT, 'images', 'screenshots');
const WIDTH = 1280;

async function runOn(emu: Emulator, task: string, inputs: Record<string, string>): Promise<TaskRun> {
  const tempDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-shot-'));
  const env = pipelineEnv(emu, { tempDirectory, connectionIds: [SAMPLE_IDS.connections.wifDevOps, SAMPLE_IDS.connections.wifArm] });
  const run = await runTask({ task, inputs, env, tempDirectory, timeoutMs: 180_000 });
  if (!run.result) throw new Error(`${task} reported no result:\n${run.stdout.slice(-2000)}\n${run.stderr.slice(-2000)}`);
  const leaks = findLeaks(run, emu.secrets());
  if (leaks.length > 0) throw new Error(`${task} leaked credentials: ${leaks.join(', ')}`);
  if (run.summaries.length === 0) throw new Error(`${task} uploaded no summary (${run.result}: ${run.resultMessage ?? ''})`);
  return run;
}

function junitCases(file: string): TestCaseView[] {
  const xml = new XMLParser({
    ignoreAttributes: false,
    htmlEntities: true,
    isArray: (name) => name === 'testsuite' || name === 'testcase',
  }).parse(fs.readFileSync(file, 'utf8'));
  return xml.testsuites.testsuite.flatMap((suite: Record<string, any>) =>
    (suite.testcase ?? []).map((testCase: Record<string, any>): TestCaseView => {
      const outcome = testCase.failure ? 'failed' : testCase.error ? 'error' : testCase.skipped !== undefined ? 'skipped' : 'passed';
      const detail = testCase.failure ?? testCase.error ?? testCase.skipped;
      return { suite: suite['@_name'], name: testCase['@_name'], outcome, message: detail?.['@_message'] };
    }),
  );
}

/** The bundled CLI against its built-in emulator, stdout and stderr in one stream as a terminal shows them. */
function cliSession(args: string[]): { output: string; exitCode: number } {
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-cli-shot-'));
  const cli = path.join(REPO_ROOT, 'dist', 'cli', 'pool-warden.js');
  const run = spawnSync('/bin/sh', ['-c', `"${process.execPath}" "${cli}" "$@" 2>&1`, 'sh', ...args], {
    cwd,
    encoding: 'utf8',
    timeout: 120_000,
  });
  fs.rmSync(cwd, { recursive: true, force: true });
  return { output: run.stdout.replace(/https:\/\/127\.0\.0\.1:\d+\//g, 'https://127.0.0.1:PORT/'), exitCode: run.status ?? 1 };
}

function shoot(chromium: string, name: string, html: string, maxHeight?: number): string {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-page-'));
  const htmlFile = path.join(work, `${name}.html`);
  fs.writeFileSync(htmlFile, html, 'utf8');
  const png = path.join(OUT_DIR, `${name}.png`);
  capture(chromium, htmlFile, png, WIDTH, maxHeight);
  fs.rmSync(work, { recursive: true, force: true });
  console.log(`  ${path.relative(REPO_ROOT, png)}`);
  return png;
}

/** The run tab with the reports the runs attached: an audit with a finding selected (light), the PAT expiry view (dark). */
async function shootTab(chromium: string, runs: TaskRun[]): Promise<void> {
  const host = await startTabHost([
    { buildId: 1123, attachments: runs.flatMap((run) => run.attachments.map((a) => ({ name: a.name, file: a.path }))) },
  ]);
  const browser = await launchChromium(chromium);
  try {
    const save = async (name: string, take: (file: string) => Promise<unknown>) => {
      const png = path.join(OUT_DIR, `${name}.png`);
      await take(png);
      shrink(png);
      console.log(`  ${path.relative(REPO_ROOT, png)}`);
    };
    const audit = await openTab(browser, host.pageUrl({ buildId: 1123, theme: 'light', height: 820 }), WIDTH, 820);
    await audit.frame.click('.pw-report-tabs .bolt-tab:nth-child(2)');
    await audit.frame.waitForSelector('.pw-split-main .bolt-table-row');
    await audit.frame.click('.pw-split-main .bolt-table-row');
    await audit.frame.waitForSelector('.pw-details h3');
    await save('run-tab-role-audit', (file) => audit.page.screenshot({ path: file }));
    const dark = await openTab(browser, host.pageUrl({ buildId: 1123, theme: 'dark', height: 820 }), WIDTH, 820);
    await dark.frame.click('.pw-sub-tabs .bolt-tab:nth-child(3)');
    await dark.frame.waitForSelector('.pw-timeline');
    await save('run-tab-pat-expiry-dark', (file) => dark.page.screenshot({ path: file }));
  } finally {
    await browser.close();
    await host.close();
  }
}

async function main(): Promise<void> {
  const chromium = findChromium();
  fs.mkdirSync(OUT_DIR, { recursive: true });
  const keys = await sharedEmulatorKeys();
  const contoso = await startEmulator({ seed: sampleOrganization(), keys });
  const fabrikam = await startEmulator({ seed: sampleOrganizationNamed('fabrikam'), keys });
  const governance: RunContext = {
    organization: 'contoso',
    project: 'Platform',
    pipeline: 'pool-governance',
    runName: '20261123.1 · Nightly governance',
  };
  try {
    const vmss = contoso.state.org.scaleSets.find((s) => s.name === SAMPLE_IDS.scaleSets.selfManaged)!;
    const scaleSetId = contoso.state.scaleSetId(vmss);
    console.log('Running the tasks against the emulator…');
    // With the ARM connection, so the Managed DevOps Pools show as such; Default is a sensitive pool, so the role audit
    // also judges the pipelines that may run on it (as in the demo).
    const arm = { azureSubscription: SAMPLE_IDS.connections.wifArm };
    const policyFile = writeSensitiveDefaultPolicy(fs.mkdtempSync(path.join(os.tmpdir(), 'pw-shot-policy-')));
    const inventory = await runOn(contoso, 'PoolInventoryV1', { ...wifDevOpsInputs(contoso), ...arm });
    const roles = await runOn(contoso, 'PoolRoleAuditV1', { ...wifDevOpsInputs(contoso), ...arm, policyFile, failOnSeverity: 'high' });
    const pats = await runOn(contoso, 'PatAuditV1', { ...wifDevOpsInputs(contoso), failOnSeverity: 'high' });
    const scale = await runOn(contoso, 'ScaleSetAgentsV1', {
      ...wifDevOpsInputs(contoso),
      azureSubscription: SAMPLE_IDS.connections.wifArm,
      pool: 'vmss-selfmanaged',
      scaleSetResourceId: scaleSetId,
      action: 'remove',
      count: '3',
      drainTimeoutMinutes: '1',
    });
    const otherRoles = await runOn(fabrikam, 'PoolRoleAuditV1', { ...wifDevOpsInputs(fabrikam), failOnSeverity: 'high' });
    const otherPats = await runOn(fabrikam, 'PatAuditV1', { ...wifDevOpsInputs(fabrikam), failOnSeverity: 'high' });
    const folders = [roles, pats, otherRoles, otherPats].map((run) => path.dirname(run.variables.reportPath));
    const merge = await runOn(contoso, 'ReportMergeV1', {
      reportFiles: folders.map((folder) => `${folder}/*.json`).join('\n'),
      failOnSeverity: 'high',
    });

    console.log('Capturing:');
    // The only change to real output: the emulator's loopback address reads as the service it stands for.
    const summary = (run: TaskRun) =>
      fs
        .readFileSync(run.summaries[0], 'utf8')
        .split(`${contoso.url}/`)
        .join('https://dev.azure.com/')
        .split(`${fabrikam.url}/`)
        .join('https://dev.azure.com/');
    const attachment = (run: TaskRun) => path.basename(run.summaries[0], '.md');
    shoot(chromium, 'pool-inventory-summary', summaryPage(governance, attachment(inventory), summary(inventory)));
    shoot(chromium, 'pool-role-audit-summary', summaryPage(governance, attachment(roles), summary(roles)));
    // Taller: the global tokens and the owners of expiring tokens come after the findings table.
    shoot(chromium, 'pat-audit-summary', summaryPage(governance, attachment(pats), summary(pats)), 3600);
    shoot(
      chromium,
      'scale-set-agents-summary',
      summaryPage({ ...governance, pipeline: 'agents-scale-in', runName: '20261123.4 · Scale-in' }, attachment(scale), summary(scale)),
    );
    shoot(
      chromium,
      'report-merge-summary',
      summaryPage(
        { ...governance, pipeline: 'pool-governance-all-orgs', runName: '20261123.2 · Nightly governance, all organizations' },
        attachment(merge),
        summary(merge),
      ),
    );
    shoot(chromium, 'pool-role-audit-tests', testsPage(governance, junitCases(roles.variables.junitPath)));
    const cli = cliSession(['role-audit', '--failOnSeverity', 'critical']);
    shoot(chromium, 'cli-role-audit', terminalPage('npx pool-warden role-audit --failOnSeverity critical', cli.output, cli.exitCode));
    await shootTab(chromium, [roles, pats, otherRoles, inventory, scale]);
  } finally {
    await Promise.all([contoso.close(), fabrikam.close()]);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
});
