import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SAMPLE_IDS } from '../../emulator';
import { runCli, type CliRun } from '../../emulator/harness/run-cli';
import { runCli as runCliInProcess } from '../../tasks/common/cli/main';
import { readJson } from './support';

const REPORTS = 'pool-warden-reports';
const show = (run: CliRun) =>
  `exit ${run.exitCode}\n--- stdout ---\n${run.stdout.slice(-3000)}\n--- stderr ---\n${run.stderr.slice(-3000)}`;

/** Nothing that looks like a credential reaches the terminal or a report: no JWT, not the emulator's client secret. */
function assertNoCredentials(run: CliRun): void {
  const texts = [run.stdout, run.stderr, ...run.files().map((file) => file.content)];
  for (const text of texts) {
    assert.ok(!text.includes(SAMPLE_IDS.wifSecret), 'the client secret was printed or written');
    assert.doesNotMatch(text, /eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\./, 'a JWT was printed or written');
  }
}

describe('e2e: the local CLI (npx pool-warden) against the embedded emulator', function () {
  this.timeout(90_000);

  it('role-audit prints the summary, writes the five reports and exits 1 when the threshold is reached', async () => {
    const run = await runCli(['role-audit', '--failOnSeverity', 'critical']);
    assert.equal(run.exitCode, 1, show(run));
    assert.match(run.stdout, /^## Pool Warden: Agent pool role audit/m, show(run));
    assert.match(run.stdout, /Organization: \*\*contoso\*\*/);
    assert.match(run.stderr, /running against the built-in emulator's sample organization 'contoso'/);
    assert.match(run.stderr, /^Result: Failed: \d+ unexempted findings? at or above critical/m);
    const dir = path.join(run.cwd, REPORTS);
    for (const extension of ['json', 'sarif', 'junit.xml', 'csv', 'md'])
      assert.ok(fs.existsSync(path.join(dir, `pool-role-audit.${extension}`)), extension);
    const report = readJson(path.join(dir, 'pool-role-audit.json'));
    assert.equal(report.task, 'PoolRoleAudit');
    assert.equal(report.organization.name, 'contoso');
    assert.equal(report.outcome.result, 'Failed');
    assert.ok(report.summary.critical > 0);
    assert.match(report.extra.signedInAs, /emulator's sample service principal/);
    assert.match(run.stderr, new RegExp(`criticalCount=${report.summary.critical}`));
    // No progress line: stderr is a pipe, not a terminal.
    assert.ok(!run.stderr.includes('\r'), 'a progress line was drawn on a pipe');
    assertNoCredentials(run);
  });

  it('inventory exits 2 (SucceededWithIssues) for stale agents and writes to --reportDirectory', async () => {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-cli-'));
    const run = await runCli(['inventory', '--reportDirectory', 'out/inventory', '--staleAfterHours', '24'], { cwd });
    assert.equal(run.exitCode, 2, show(run));
    assert.match(run.stderr, /^Result: SucceededWithIssues: \d+ agents have been offline longer than 24 hours/m);
    const report = readJson(path.join(cwd, 'out', 'inventory', 'pool-inventory.json'));
    assert.equal(report.pools.length, 7);
    assert.ok(fs.existsSync(path.join(cwd, 'out', 'inventory', 'pool-inventory.md')));
    assert.ok(!fs.existsSync(path.join(cwd, REPORTS)), 'the default folder was used although --reportDirectory was given');
    assert.match(run.stdout, /contoso/);
    assertNoCredentials(run);
  });

  it('pat-audit with failOnSeverity none exits 2 and reports global tokens', async () => {
    const run = await runCli(['pat-audit', '--failOnSeverity=none']);
    assert.equal(run.exitCode, 2, show(run));
    assert.match(run.stdout, /## Pool Warden: Personal access token audit/);
    const report = readJson(path.join(run.cwd, REPORTS, 'pat-audit.json'));
    assert.ok(report.extra.tokens.globalTokenCount > 0);
    assert.match(run.stderr, /globalTokenCount=\d+/);
    assertNoCredentials(run);
  });

  it('scale with a bare --dryRun switch plans without changing anything and exits 0', async () => {
    const run = await runCli(['scale', '--pool', 'Default', '--action', 'removeOffline', '--dryRun']);
    assert.equal(run.exitCode, 0, show(run));
    assert.match(run.stdout, /scaling plan \(dry run, nothing changed\)/);
    const report = readJson(path.join(run.cwd, REPORTS, 'scale-set-agents.json'));
    assert.equal(report.plan.dryRun, true);
    assert.equal(report.result.agentsRemoved, 0);
  });

  describe('bad input exits 1 and names the input', () => {
    // Inputs a task checks: the command goes through the embedded emulator to the task's own parsing (bundle run).
    const taskInputCases: { args: string[]; input: RegExp }[] = [
      { args: ['inventory', '--staleAfterHours', 'soon'], input: /Input 'staleAfterHours' must be a whole number/ },
      {
        args: ['role-audit', '--failOnSeverity', 'severe'],
        input: /Input 'failOnSeverity' must be one of none, low, medium, high, critical; got 'severe'/,
      },
      { args: ['scale', '--action', 'remove'], input: /Input 'pool' is required/ },
      { args: ['pat-audit', '--dryRun', 'maybe'], input: /Input 'dryRun' must be true or false/ },
    ];
    for (const { args, input } of taskInputCases) {
      it(args.join(' '), async () => {
        const run = await runCli(args);
        assert.equal(run.exitCode, 1, show(run));
        assert.match(run.stderr, input, show(run));
      });
    }
    // Command-line checks end before any sign-in: the CLI core runs in-process (no bundle, no emulator).
    const argumentCases: { args: string[]; input: RegExp }[] = [
      { args: ['inventory', '--poolFilter', 'x'], input: /Unknown input '--poolFilter'/ },
      { args: ['inventory', '--connectionType', 'azureRM'], input: /Input 'connectionType' is for pipelines only/ },
      { args: ['inventory', '--poolNameFilter'], input: /Input 'poolNameFilter' needs a value/ },
      { args: ['inventory', '--organization', 'http://dev.azure.com/contoso'], input: /Input 'organizationUrl' must use https/ },
      { args: ['audit'], input: /Unknown command 'audit'/ },
    ];
    for (const { args, input } of argumentCases) {
      it(args.join(' '), async () => {
        let stdout = '';
        let stderr = '';
        const exitCode = await runCliInProcess({
          argv: args,
          cwd: os.tmpdir(),
          env: {},
          scriptPath: 'unused',
          out: { write: (text: string) => (stdout += text) },
          err: { write: (text: string) => (stderr += text) },
          emulator: {
            signInFromEnvironment: () => assert.fail('bad input must fail before sign-in'),
            runInChild: () => assert.fail('bad input must fail before the emulator starts'),
          },
        });
        const run = { exitCode, stdout, stderr, cwd: os.tmpdir(), files: () => [] };
        assert.equal(run.exitCode, 1, show(run));
        assert.match(run.stderr, input, show(run));
      });
    }
  });

  it('with --organization signs in with the Azure CLI and fails clearly when it is not installed', async () => {
    const run = await runCli(['inventory', '--organization', 'https://127.0.0.1:9/contoso/']);
    assert.equal(run.exitCode, 1, show(run));
    assert.match(run.stderr, /Result: Failed: PoolInventory: .*Azure CLI/);
    assert.doesNotMatch(run.stderr, /built-in emulator/);
  });

  it('--help lists the inputs with their defaults and the exit codes', async () => {
    const run = await runCli(['role-audit', '--help']);
    assert.equal(run.exitCode, 0, show(run));
    assert.match(run.stdout, /--failOnSeverity <value>\s+Fail on severity \(one of none, low, medium, high, critical; default high\)/);
    assert.match(run.stdout, /--organization <url>/);
    assert.doesNotMatch(run.stdout, /azureDevOpsServiceConnection/);
    assert.match(run.stdout, /Exit codes: 0 Succeeded, 2 SucceededWithIssues, 1 Failed/);
    const general = await runCli([]);
    assert.equal(general.exitCode, 1);
    assert.match(general.stdout, /Commands:\n\s+inventory/);
  });
});
