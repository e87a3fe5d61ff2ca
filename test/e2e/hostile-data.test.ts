import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import { XMLParser } from 'fast-xml-parser';
import { SAMPLE_IDS, sampleOrganization, type Emulator, type OrgSeed } from '../emulator';
import { parseVsoLines } from '../harness/vso';
import { runAgentTask, startE2eEmulator, tail, wifDevOpsInputs, type AgentRun } from './support';

/** Names an organization member can give things: each tries to break a report format or the pipeline log. */
const HOSTILE = {
  pool: 'linux | **pool** <img src=x onerror=alert(1)> ##vso[task.setvariable variable=poolCount]999',
  queue: '<b>queue</b> | ##[error]not an error',
  formula: '=HYPERLINK("http://evil.example","click")',
  plus: '+cmd|\' /C calc\'!A0',
  minus: '-2+3+cmd|calc',
  at: '@SUM(1+1)*cmd|calc',
  tab: '\t=tab-led',
  cr: '\r=cr-led',
  group: '[click](http://evil.example) `code` _em_ </td><script>alert(1)</script>',
  newlineUser: 'Mallory\n| injected | row |\n##[error]fake error\n##vso[task.complete result=Succeeded;]',
  nonLatin: `東京 Ærøskøbing العربية Ελληνικά ${'ß'.repeat(400)}`,
  pat: '##vso[task.setvariable variable=criticalCount;isOutput=true]0',
  patFormula: '=1+1',
  control: 'bell\u0007 nul\u0000 and \u202Ereversed',
};

/** Capability values shaped like secrets: never printed, never written. */
const SECRET_LOOKING = {
  AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEYzz',
  GITHUB_TOKEN: 'ghp_HostileCapabilityValue0123456789abcdef',
  'connection.string': 'Server=tcp:db.example;Password=Hunter2-not-real-password;',
};

/** The sample organization with hostile names on pools, queues, agents, users, groups and tokens. */
function hostileOrganization(): OrgSeed {
  const seed = sampleOrganization();
  const pool = (id: number) => seed.pools.find((p) => p.id === id)!;
  const agent = (poolId: number, name: string) => pool(poolId).agents.find((a) => a.name === name)!;
  const identity = (id: string) => seed.identities.find((i) => i.id === id)!;
  pool(SAMPLE_IDS.pools.linux).name = HOSTILE.pool;
  for (const queue of seed.queues.filter((q) => q.poolId === SAMPLE_IDS.pools.linux)) queue.name = HOSTILE.queue;
  agent(SAMPLE_IDS.pools.default, 'build03').name = HOSTILE.formula;
  agent(SAMPLE_IDS.pools.default, 'build-old').name = HOSTILE.newlineUser;
  agent(SAMPLE_IDS.pools.linux, 'lnx-04').name = HOSTILE.at;
  agent(SAMPLE_IDS.pools.linux, 'lnx-01').name = HOSTILE.plus;
  agent(SAMPLE_IDS.pools.linux, 'lnx-03').name = HOSTILE.minus;
  agent(SAMPLE_IDS.pools.deployment, 'web-prod-02').name = HOSTILE.tab;
  agent(SAMPLE_IDS.pools.deployment, 'web-prod-01').name = HOSTILE.cr;
  agent(SAMPLE_IDS.pools.default, 'build01').userCapabilities = { ...SECRET_LOOKING, note: HOSTILE.control };
  identity(SAMPLE_IDS.users.alice).displayName = HOSTILE.nonLatin;
  identity(SAMPLE_IDS.users.bob).displayName = HOSTILE.newlineUser;
  identity(SAMPLE_IDS.groups.opsTeam).displayName = HOSTILE.group;
  identity(SAMPLE_IDS.users.judy).displayName = HOSTILE.control;
  seed.pats.find((p) => p.displayName === 'full access')!.displayName = HOSTILE.pat;
  seed.pats.find((p) => p.displayName === 'everywhere')!.displayName = HOSTILE.patFormula;
  seed.pats.find((p) => p.displayName === 'long-lived')!.displayName = HOSTILE.formula;
  return seed;
}

/** Output variables each task may set; anything else in a setvariable command was injected. */
const OUTPUTS: Record<string, string[]> = {
  PoolInventoryV1: ['poolCount', 'agentCount', 'onlineAgentCount', 'offlineAgentCount', 'busyAgentCount', 'staleAgentCount', 'reportPath'],
  ScaleSetAgentsV1: ['agentsAdded', 'agentsRemoved', 'agentsSkippedBusy', 'agentCount', 'reportPath'],
  PoolRoleAuditV1: ['findingCount', 'criticalCount', 'highCount', 'mediumCount', 'lowCount', 'reportPath', 'sarifPath', 'junitPath'],
  PatAuditV1: ['findingCount', 'criticalCount', 'highCount', 'mediumCount', 'lowCount', 'reportPath', 'sarifPath', 'junitPath', 'globalTokenCount', 'fullScopeTokenCount', 'expiringTokenCount'],
};
const LOG_COMMANDS = new Set(['task.debug', 'task.setsecret', 'task.setvariable', 'task.complete', 'task.issue', 'task.logissue', 'task.uploadsummary']);

/** Only the task's own logging commands reach the agent: one completion, known output variables, no `##[` other than groups. */
function assertNoInjectedCommands(run: AgentRun, task: string): void {
  const commands = parseVsoLines(run.stdout);
  assert.deepEqual(commands.filter((c) => !LOG_COMMANDS.has(c.command)).map((c) => c.command), [], 'unexpected logging commands');
  assert.equal(commands.filter((c) => c.command === 'task.complete').length, 1, 'exactly one task.complete');
  const unknown = commands.filter((c) => c.command === 'task.setvariable' && !OUTPUTS[task].includes(c.properties.variable));
  assert.deepEqual(unknown.map((c) => c.properties.variable), [], 'injected setvariable');
  for (const line of run.stdout.split(/\r?\n/)) {
    const format = /##\[(\w+)/.exec(line)?.[1];
    if (format) assert.ok(['group', 'endgroup'].includes(format), `formatting command from data: ${JSON.stringify(line.slice(0, 120))}`);
    const vso = line.indexOf('##vso[');
    if (vso > 0) assert.fail(`logging command in the middle of a line: ${JSON.stringify(line.slice(0, 160))}`);
  }
  for (const value of Object.values(SECRET_LOOKING)) {
    for (const file of run.files()) assert.ok(!file.content.includes(value), `secret-looking capability value in ${file.path}`);
    assert.ok(!run.stdout.includes(value) && !run.stderr.includes(value), 'secret-looking capability value in the log');
  }
}

/**
 * Markdown: no logging command anywhere (someone may print the file), no raw HTML from data outside code fences
 * (inside them it renders as text), every fenced line one line, and every table row as many cells as its header.
 */
function assertSafeMarkdown(markdown: string): void {
  assert.ok(!/##vso\[|##\[/i.test(markdown), 'logging command in the summary');
  const outsideFences = markdown.split(/^```$/m).filter((_, index) => index % 2 === 0).join('\n');
  assert.ok(!/<(img|script|b|\/td)\b/i.test(outsideFences), 'raw HTML from data in the summary');
  for (const fenced of markdown.split(/^```$/m).filter((_, index) => index % 2 === 1)) {
    assert.ok(!fenced.split('\n').some((line) => /^\| injected/.test(line)), 'a name added a line inside the plan');
  }
  const cells = (line: string) => line.replace(/\\\\/g, '').replace(/\\\|/g, '').split('|').length;
  let header: number | undefined;
  let inFence = false;
  for (const line of markdown.split('\n')) {
    if (line.startsWith('```')) inFence = !inFence;
    if (inFence) continue;
    if (!line.startsWith('|')) {
      header = undefined;
      continue;
    }
    header ??= cells(line);
    assert.equal(cells(line), header, `table row breaks its table: ${JSON.stringify(line.slice(0, 160))}`);
  }
}

/** Minimal RFC 4180 reader (quoted fields, doubled quotes, CRLF rows). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') row.push(field), (field = '');
    else if (char === '\r' && text[i + 1] === '\n') row.push(field), rows.push(row), (row = []), (field = ''), i++;
    else field += char;
  }
  if (field || row.length) row.push(field), rows.push(row);
  return rows;
}

const summaryFiles = (run: AgentRun) => run.summaries.map((file) => fs.readFileSync(file, 'utf8'));

describe('hostile data: names that try to break reports or the pipeline log', function () {
  this.timeout(120_000);
  let emu: Emulator;
  before(async () => {
    emu = await startE2eEmulator({ seed: hostileOrganization() });
  });
  after(() => emu.close());

  it('PoolInventory: summary escapes every name, warnings cannot inject commands, secret-looking capabilities never leave', async () => {
    const run = await runAgentTask(emu, { task: 'PoolInventoryV1', inputs: { ...wifDevOpsInputs(emu), includeCapabilities: 'true' } });
    assert.equal(run.result, 'SucceededWithIssues', tail(run));
    assertNoInjectedCommands(run, 'PoolInventoryV1');
    assert.equal(run.variables.poolCount, '5');
    // The hostile names did reach the log (as stale-agent warnings), neutralised rather than dropped.
    assert.ok(run.warnings.some((w) => w.includes('HYPERLINK')), 'a stale-agent warning names the formula agent');
    assert.ok(run.warnings.some((w) => w.includes('Mallory') && w.includes('#\u200B#[error]')), 'the ##[error] in a name is broken up');
    summaryFiles(run).forEach(assertSafeMarkdown);
    const report = JSON.parse(fs.readFileSync(run.variables.reportPath, 'utf8'));
    // JSON keeps names exactly (the writer only encodes `##` as `#\u0023`, which decodes back).
    const names = report.pools.flatMap((p: { name: string; agents: { name: string }[] }) => [p.name, ...p.agents.map((a) => a.name)]);
    for (const name of [HOSTILE.pool, HOSTILE.formula, HOSTILE.newlineUser, HOSTILE.at, HOSTILE.plus, HOSTILE.minus, HOSTILE.tab, HOSTILE.cr]) {
      assert.ok(names.includes(name), `JSON report lost ${JSON.stringify(name)}`);
    }
  });

  it('ScaleSetAgents dry run on a hostile pool: plan and summary escaped, no injected commands', async () => {
    const run = await runAgentTask(emu, { task: 'ScaleSetAgentsV1', inputs: { ...wifDevOpsInputs(emu), pool: String(SAMPLE_IDS.pools.linux), action: 'removeOffline', offlineForHours: '24', dryRun: 'true' } });
    assert.equal(run.result, 'Succeeded', tail(run));
    assertNoInjectedCommands(run, 'ScaleSetAgentsV1');
    summaryFiles(run).forEach(assertSafeMarkdown);
    assert.deepEqual(run.writes, []);
  });

  for (const task of ['PoolRoleAuditV1', 'PatAuditV1'] as const) {
    it(`${task}: markdown, CSV, JUnit and SARIF keep hostile names harmless and intact`, async () => {
      const run = await runAgentTask(emu, { task, inputs: { ...wifDevOpsInputs(emu), failOnSeverity: 'none', includeSshKeys: 'true' } });
      assert.ok(run.result === 'Succeeded' || run.result === 'SucceededWithIssues', tail(run));
      assertNoInjectedCommands(run, task);
      summaryFiles(run).forEach(assertSafeMarkdown);
      const files = run.files();
      const file = (ext: string) => files.find((f) => f.path.endsWith(ext))!.content;

      const rows = parseCsv(file('.csv').replace(/^\uFEFF/, ''));
      assert.ok(rows.length > 1, 'CSV has findings');
      for (const cell of rows.flat()) assert.ok(!/^[=+\-@\t\r]/.test(cell), `CSV cell starts a formula: ${JSON.stringify(cell.slice(0, 60))}`);
      assert.ok(!/##vso\[|##\[/.test(file('.csv')), 'logging command in CSV');

      const sarif = JSON.parse(file('.sarif'));
      assert.equal(sarif.version, '2.1.0');
      const junitText = file('.junit.xml');
      assert.ok(!/##vso\[|##\[/.test(junitText), 'logging command in raw JUnit XML');
      const junit = new XMLParser({ ignoreAttributes: false, processEntities: true, htmlEntities: true }).parse(junitText);
      assert.ok(junit.testsuites ?? junit.testsuite, 'JUnit parses');
      const junitStrings = JSON.stringify(junit);
      const sarifStrings = JSON.stringify(sarif);
      const expected = task === 'PoolRoleAuditV1' ? [HOSTILE.pool, HOSTILE.group, HOSTILE.nonLatin] : [HOSTILE.pat, HOSTILE.patFormula, HOSTILE.formula];
      for (const name of expected) {
        assert.ok(sarifStrings.includes(JSON.stringify(name).slice(1, -1)), `SARIF lost ${JSON.stringify(name)}`);
        assert.ok(junitStrings.includes(JSON.stringify(name).slice(1, -1)), `JUnit lost ${JSON.stringify(name)}`);
      }
    });
  }
});
