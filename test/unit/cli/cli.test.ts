import { strict as assert } from 'node:assert';
import * as diagnostics from 'node:diagnostics_channel';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArguments, UsageError } from '../../../tasks/common/cli/args';
import { findCommand } from '../../../tasks/common/cli/commands';
import { commandHelp, DEFAULT_REPORT_DIRECTORY, resolveCommandLine } from '../../../tasks/common/cli/inputs';
import { startProgress, type Progress } from '../../../tasks/common/cli/progress';
import { createTerminalHost } from '../../../tasks/common/cli/terminal-host';
import { EXIT_CODES } from '../../../tasks/common/cli/main';
import { createArmSignIn, createSignIn } from '../../../tasks/common/auth/credentials';

const noProgress: Progress = { note: () => undefined, clear: () => undefined, stop: () => undefined };
const sink = () => {
  const chunks: string[] = [];
  return { chunks, write: (text: string) => chunks.push(text), text: () => chunks.join('') };
};

describe('CLI: arguments', () => {
  it('reads the command, --name value, --name=value and bare switches', () => {
    assert.deepEqual(parseArguments(['inventory', '--poolType', 'elastic', '--staleAfterHours=12', '--dryRun', '--verbose']), {
      command: 'inventory',
      flags: [{ name: 'poolType', value: 'elastic' }, { name: 'staleAfterHours', value: '12' }, { name: 'dryRun' }, { name: 'verbose' }],
    });
  });

  it('keeps values that start with a single dash or contain = and spaces', () => {
    assert.deepEqual(parseArguments(['inventory', '--poolNameFilter', '!Linux-*,a=b c']).flags, [
      { name: 'poolNameFilter', value: '!Linux-*,a=b c' },
    ]);
    assert.deepEqual(parseArguments(['x', '--count', '-1']).flags, [{ name: 'count', value: '-1' }]);
  });

  it('rejects a stray positional argument', () => {
    assert.throws(
      () => parseArguments(['inventory', 'extra']),
      (error: Error) => error instanceof UsageError && /Unexpected argument 'extra'/.test(error.message),
    );
  });
});

describe('CLI: inputs are the task.json inputs', () => {
  const inventory = findCommand('inventory')!;
  const scale = findCommand('scale')!;

  it('passes the task.json defaults the agent would pass, except pipeline variables', () => {
    const { inputs, options } = resolveCommandLine(inventory, parseArguments(['inventory']), '/work');
    assert.equal(inputs.poolNameFilter, '*');
    assert.equal(inputs.staleAfterHours, '24');
    assert.equal(inputs.includeScaleSets, 'true');
    assert.equal(inputs.organizationUrl, undefined, '$(System.CollectionUri) has no meaning on a terminal');
    assert.equal(inputs.connectionType, undefined);
    assert.equal(inputs.reportDirectory, path.resolve('/work', DEFAULT_REPORT_DIRECTORY));
    assert.equal(options.organization, undefined);
    assert.equal(options.credential, 'azureCli');
  });

  it('matches names case-insensitively, maps --organization and resolves --reportDirectory against the working directory', () => {
    const { inputs, options } = resolveCommandLine(
      inventory,
      parseArguments(['inventory', '--POOLTYPE', 'elastic', '--organization', 'https://dev.azure.com/fabrikam', '--reportDirectory', 'r']),
      '/work',
    );
    assert.equal(inputs.poolType, 'elastic');
    assert.equal(inputs.organizationUrl, 'https://dev.azure.com/fabrikam');
    assert.equal(options.organization, 'https://dev.azure.com/fabrikam');
    assert.equal(inputs.reportDirectory, path.resolve('/work', 'r'));
  });

  it('takes a bare flag as true only for boolean inputs', () => {
    assert.equal(resolveCommandLine(scale, parseArguments(['scale', '--dryRun']), '/w').inputs.dryRun, 'true');
    assert.throws(() => resolveCommandLine(scale, parseArguments(['scale', '--pool']), '/w'), /Input 'pool' needs a value/);
  });

  it('names unknown, pipeline-only and repeated inputs, and bad --credential values', () => {
    assert.throws(
      () => resolveCommandLine(inventory, parseArguments(['inventory', '--pool', 'x']), '/w'),
      /Unknown input '--pool' for 'pool-warden inventory'/,
    );
    assert.throws(
      () => resolveCommandLine(inventory, parseArguments(['inventory', '--azureDevOpsServiceConnection', 'x']), '/w'),
      /Input 'azureDevOpsServiceConnection' is for pipelines only/,
    );
    assert.throws(
      () => resolveCommandLine(inventory, parseArguments(['inventory', '--poolType', 'all', '--pooltype', 'hosted']), '/w'),
      /Input 'poolType' is given twice/,
    );
    assert.throws(
      () => resolveCommandLine(inventory, parseArguments(['inventory', '--credential', 'browser']), '/w'),
      /'--credential' must be one of azureCli, default/,
    );
    assert.equal(
      resolveCommandLine(inventory, parseArguments(['inventory', '--credential', 'DEFAULT']), '/w').options.credential,
      'default',
    );
  });

  it('help shows task.json defaults, but not pipeline-variable defaults, which make an input required on a terminal', () => {
    const help = commandHelp(findCommand('merge')!);
    assert.match(help, /--reportFiles <value>\s+Report files \(required\)/);
    assert.doesNotMatch(help, /Pipeline\.Workspace/);
    assert.match(help, /--failOnSeverity <value>\s+Fail on severity \(one of none, low, medium, high, critical; default high\)/);
    assert.doesNotMatch(commandHelp(inventory), /--connectionType|--azureDevOpsServiceConnection/);
  });

  it('maps results to exit codes: 0 Succeeded, 2 SucceededWithIssues, 1 Failed', () => {
    assert.deepEqual(EXIT_CODES, { Succeeded: 0, SucceededWithIssues: 2, Failed: 1 });
  });
});

describe('CLI: terminal host', () => {
  it('prints the summary on stdout, logs on stderr, and never prints a masked value', () => {
    const out = sink();
    const err = sink();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-host-'));
    const { host, state } = createTerminalHost({
      inputs: { reportDirectory: dir },
      cwd: dir,
      streams: { out, err },
      verbose: false,
      progress: noProgress,
    });
    host.mask('secret-token-value');
    host.logger.info('got secret-token-value from the endpoint');
    host.logger.debug('hidden unless --verbose');
    host.warning('careful: secret-token-value');
    const file = host.uploadSummary('x.md', '## Summary with secret-token-value\n');
    host.setOutput('count', 3);
    host.setResult('SucceededWithIssues', 'done with secret-token-value');
    assert.equal(out.text(), '## Summary with ***\n\n');
    assert.match(err.text(), /got \*\*\* from the endpoint/);
    assert.match(err.text(), /warning: careful: \*\*\*/);
    assert.doesNotMatch(err.text(), /hidden unless/);
    assert.equal(path.dirname(file), dir);
    assert.deepEqual(state.outputs, { count: '3' });
    assert.equal(state.result, 'SucceededWithIssues');
    assert.equal(state.message, 'done with ***');
    assert.equal(host.variable('System.CollectionUri'), undefined);
    assert.equal(host.variable('System.DefaultWorkingDirectory'), dir, 'relative report patterns start in the working directory');
    assert.equal(host.endpoint('azureSubscription'), undefined, 'no ARM without --azureSubscription');
  });

  it('keeps report attachments as a list and prints nothing for them (no run to attach to)', () => {
    const out = sink();
    const err = sink();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-host-'));
    const { host, state } = createTerminalHost({ inputs: {}, cwd: dir, streams: { out, err }, verbose: false, progress: noProgress });
    host.attachReport('PoolInventory-contoso', path.join(dir, 'pool-inventory.json'));
    assert.deepEqual(state.attachments, [{ name: 'PoolInventory-contoso', file: path.join(dir, 'pool-inventory.json') }]);
    assert.equal(out.text(), '');
    assert.doesNotMatch(err.text(), /##vso/);
  });
});

describe('CLI: terminal host with hostile names', () => {
  it('logs each message on one line, without terminal escapes or logging commands', () => {
    const out = sink();
    const err = sink();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-host-'));
    const { host } = createTerminalHost({
      inputs: { reportDirectory: dir },
      cwd: dir,
      streams: { out, err },
      verbose: false,
      progress: noProgress,
    });
    host.logger.info("agent 'x\n##vso[task.setvariable variable=x]y\u001b[8mhidden' removed");
    host.warning('pool \r\nDone: nothing to do');
    const lines = err.text().split('\n').filter(Boolean);
    assert.equal(lines.length, 2, err.text());
    assert.doesNotMatch(err.text(), /##vso\[|\u001b/);
    assert.match(lines[0], /^agent 'x #\u200B#vso\[task\.setvariable variable=x\]y\[8mhidden' removed$/);
    assert.equal(lines[1], 'warning: pool  Done: nothing to do');
  });
});

describe('CLI: progress line', () => {
  it('draws nothing on a stream that is not a terminal', () => {
    const err = sink();
    const progress = startProgress(err, { delayMs: 0, intervalMs: 1 });
    progress.note('reading');
    progress.stop();
    assert.equal(err.text(), '');
  });

  it('on a terminal counts HTTP requests through the diagnostics channel and clears itself', async () => {
    const err = { ...sink(), isTTY: true };
    let clock = 0;
    const progress = startProgress(err, { delayMs: 500, intervalMs: 5, now: () => clock });
    await new Promise((resolve) => setTimeout(resolve, 30));
    assert.equal(err.text(), '', 'nothing before the delay: short runs show no progress');
    clock = 1500;
    diagnostics.channel('http.client.request.start').publish({});
    diagnostics.channel('http.client.request.start').publish({});
    progress.note('Reading 6 of 6 pools\nsecond line');
    await new Promise((resolve) => setTimeout(resolve, 30));
    progress.stop();
    const text = err.text();
    assert.match(text, /1\.5 s · 2 requests · Reading 6 of 6 pools/);
    assert.doesNotMatch(text, /second line/);
    assert.ok(text.endsWith('\r\x1b[K'), 'the line is erased at the end');
  });
});

describe('CLI: local sign-in in the core', () => {
  it('uses the host-made credential as is, for Azure DevOps and ARM, and masks every token it returns', async () => {
    const masked: string[] = [];
    const credential = { getToken: async () => ({ token: 'local-access-token', expiresOnTimestamp: Date.now() + 3600_000 }) };
    const settings = {
      connectionType: 'azureDevOps' as const,
      local: { credential, description: "the Azure CLI's signed-in account (az login)" },
    };
    const signIn = createSignIn(settings, (value) => masked.push(value));
    assert.equal(signIn.description, "the Azure CLI's signed-in account (az login)");
    assert.equal(signIn.isJobToken, false);
    assert.equal((await signIn.credential.getToken('499b84ac-1321-427f-aa17-267ca6975798/.default'))?.token, 'local-access-token');
    assert.deepEqual(masked, ['local-access-token']);
    const endpoint = { id: 'pool-warden-cli', inputName: 'azureSubscription', scheme: 'Local', parameters: {}, data: {} };
    const arm = createArmSignIn(endpoint, settings, (value) => masked.push(value));
    assert.equal(arm.description, signIn.description, 'a Local endpoint would be rejected without the local sign-in');
  });
});
