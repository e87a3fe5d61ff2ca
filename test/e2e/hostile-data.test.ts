/**
 * Hostile data: the sample organization with pool, agent, capability, group, user and token names that carry
 * markdown, HTML, line breaks, control characters, logging commands, spreadsheet formulas, very long and non-Latin
 * text, and capability values shaped like secrets. Every report must keep the exact names where the format can
 * hold them, escape them where it must, and no name may turn into a logging command on stdout.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SAMPLE_IDS, type Emulator, type OrgSeed } from '../../emulator';
import { parseVsoLines } from '../../emulator/harness/vso';
import {
  agentNamed,
  identityNamed,
  orgVariant,
  poolNamed,
  readJUnit,
  readValidSarif,
  reportOf,
  runAudit,
  startEmulatorAt,
  wholeSecondNow,
  type AuditRun,
} from './audit-support';
import { assertNoWrites, readJson, runAgentTask, tail, wifDevOpsInputs, type AgentRun } from './support';

/** Names an attacker who can name a pool, an agent, a group or a token might choose. */
const HOSTILE = {
  markdown: 'md | pipe *star* `tick` [x](javascript:alert(1)) _u_ ~~s~~ # h',
  html: '<script>alert(1)</script><img src=x onerror=alert(2)>',
  newlines: 'first line\n| injected | row |\r\n## heading\rend',
  controls: 'ctl \u0000\u0001\u0007\u001b[31mred\u001f\u007f\u2028\u2029 end',
  setVariable: '##vso[task.setvariable variable=x]y',
  complete: '##vso[task.complete result=Succeeded]all good',
  errorFormat: '##[error]fake failure',
  formulaEquals: '=HYPERLINK("http://evil.example","click")',
  formulaPlus: "+cmd|' /C calc'!A0",
  formulaMinus: '-2+3',
  formulaAt: "@SUM(1+1)*cmd|' /C calc'!A0",
  formulaTab: '\tleading tab',
  long: `long-${'Ω'.repeat(2000)}${'x'.repeat(2995)}`,
  cjk: '构建代理池 ビルド 빌드',
  rtl: 'مجموعة الوكلاء \u202Etxt.exe',
  emoji: '🚀 pool 🔥 👩‍💻',
} as const;

/** Capability values shaped like secrets: none may appear anywhere the tasks write. */
const SECRET_VALUES = [
  'ghp_R4nd0mL00k1ngT0k3nV4lu3xxxxxxxxxxxxx',
  'AKIAIOSFODNN7EXAMPLE',
  'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJob3N0aWxlIn0.c2lnbmF0dXJlLWhvc3RpbGUtdmFsdWU',
  'DefaultEndpointsProtocol=https;AccountName=hostile;AccountKey=bXlzZWNyZXRrZXlteXNlY3JldGtleW15c2VjcmV0a2V5PT0=',
] as const;

/** What follows a line break inside HOSTILE.newlines: never the start of a log line. */
const HOSTILE_LINE_STARTS = ['| injected | row |', '## heading'];

/** The logging-command sequences that must never reach stdout unbroken. */
const INJECTIONS = [HOSTILE.setVariable, HOSTILE.complete, HOSTILE.errorFormat];

/** Output variables each task declares (task.json is the contract the agent enforces). */
const TASK_OUTPUTS: Record<string, string[]> = Object.fromEntries(
  ['PoolInventoryV1', 'ScaleSetAgentsV1', 'PoolRoleAuditV1', 'ReportMergeV1', 'PatAuditV1'].map((folder) => [
    folder,
    (
      JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'tasks', folder, 'task.json'), 'utf8')) as {
        outputVariables: { name: string }[];
      }
    ).outputVariables.map((variable) => variable.name),
  ]),
);

/** The sample organization renamed with hostile names (ids, rights and shapes unchanged). */
function hostileOrganization(now: Date): OrgSeed {
  return orgVariant(now, (seed) => {
    poolNamed(seed, 'Default').name = `${HOSTILE.markdown} ${HOSTILE.setVariable}`;
    poolNamed(seed, 'linux-selfhosted').name = `${HOSTILE.html}${HOSTILE.newlines}`;
    poolNamed(seed, 'vmss-elastic').name = `${HOSTILE.complete} ${HOSTILE.emoji}`;
    poolNamed(seed, 'deploy-prod').name = HOSTILE.long;
    poolNamed(seed, 'vmss-selfmanaged').name = `${HOSTILE.rtl} ${HOSTILE.cjk}`;

    agentNamed(seed, 'build01').name = HOSTILE.formulaEquals;
    agentNamed(seed, 'build02').name = HOSTILE.formulaPlus;
    agentNamed(seed, 'build03').name = `${HOSTILE.formulaMinus} ${HOSTILE.errorFormat}`;
    agentNamed(seed, 'build-old').name = `${HOSTILE.formulaAt}${HOSTILE.newlines}`;
    agentNamed(seed, 'lnx-04').name = `${HOSTILE.formulaTab} ${HOSTILE.controls}`;
    agentNamed(seed, 'vmsselas000000').name = `${HOSTILE.html} ${HOSTILE.cjk}`;
    agentNamed(seed, 'vmsselas000002').name = `${HOSTILE.setVariable}\n${HOSTILE.complete}`;
    agentNamed(seed, 'web-prod-02').name = `${HOSTILE.long}${HOSTILE.emoji}`;

    const build01 = agentNamed(seed, HOSTILE.formulaEquals);
    build01.userCapabilities = {
      DEPLOY_TOKEN: SECRET_VALUES[0],
      AWS_ACCESS_KEY_ID: SECRET_VALUES[1],
      AWS_SECRET_ACCESS_KEY: SECRET_VALUES[2],
      [`<b>${HOSTILE.markdown}</b>`]: `${HOSTILE.setVariable} ${HOSTILE.html}`,
      [HOSTILE.formulaEquals]: `${HOSTILE.newlines}${HOSTILE.controls}`,
      team: HOSTILE.cjk,
    };
    agentNamed(seed, HOSTILE.formulaPlus).userCapabilities = { API_KEY: SECRET_VALUES[3], STORAGE_CONNECTION_STRING: SECRET_VALUES[4] };

    identityNamed(seed, 'Alice Admin').displayName = HOSTILE.formulaEquals;
    identityNamed(seed, 'Bob Builder').displayName = `${HOSTILE.html} ${HOSTILE.markdown}`;
    identityNamed(seed, 'Carol Ops').displayName = `${HOSTILE.complete}${HOSTILE.newlines}`;
    identityNamed(seed, 'Dave Dev').displayName = `${HOSTILE.formulaAt} ${HOSTILE.rtl}`;
    identityNamed(seed, 'Judy Former').displayName = `${HOSTILE.errorFormat}${HOSTILE.controls}`;
    identityNamed(seed, 'Heidi Release').displayName = HOSTILE.long;
    identityNamed(seed, 'Erin Engineer').displayName = `${HOSTILE.emoji} ${HOSTILE.cjk}`;
    identityNamed(seed, 'Ops Team').displayName = `${HOSTILE.setVariable} | Ops |`;
    identityNamed(seed, 'On-Call').displayName = `${HOSTILE.formulaMinus}\n${HOSTILE.html}`;

    const pat = (name: string) => {
      const found = seed.pats.find((p) => p.displayName === name);
      if (!found) throw new Error(`no PAT '${name}'`);
      return found;
    };
    pat('full access').displayName = `${HOSTILE.setVariable.replace('variable=x', 'variable=findingCount')}0`;
    pat('everywhere').displayName = `${HOSTILE.formulaAt} ${HOSTILE.markdown}`;
    pat('expiring soon').displayName = HOSTILE.long;
    pat('old laptop').displayName = `${HOSTILE.cjk}${HOSTILE.newlines}${HOSTILE.errorFormat}`;
    pat('agent registration').displayName = `agent ${HOSTILE.html} ${HOSTILE.controls}`;
    pat('long-lived').displayName = `${HOSTILE.formulaTab}${HOSTILE.complete}`;
    pat('expired').displayName = `${HOSTILE.rtl} ${HOSTILE.emoji}`;
  });
}

/** Every `##vso[` command on stdout is the task's own: declared outputs only, exactly one task.complete. */
function assertOnlyOwnCommands(run: AgentRun, task: string): void {
  const commands = parseVsoLines(run.stdout);
  const allowed = new Set([
    'task.debug',
    'task.issue',
    'task.logissue',
    'task.setvariable',
    'task.complete',
    'task.uploadsummary',
    'task.setsecret',
  ]);
  // The report attachment: one, of our own type and with our own name pattern, whatever the names in the organization.
  allowed.add('task.addattachment');
  const attachments = commands.filter((c) => c.command === 'task.addattachment');
  assert.ok(attachments.length <= 1, 'at most one report attachment');
  for (const a of attachments) {
    assert.equal(a.properties.type, 'pool-warden.report.v1');
    assert.match(a.properties.name, /^[A-Za-z]+-[A-Za-z0-9._-]+$/);
  }
  assert.deepEqual(
    commands.filter((c) => !allowed.has(c.command)).map((c) => c.command),
    [],
    'no foreign logging command',
  );
  const variables = commands.filter((c) => c.command === 'task.setvariable').map((c) => c.properties.variable);
  assert.deepEqual(
    variables.filter((v) => !TASK_OUTPUTS[task].includes(v)),
    [],
    'only declared output variables are set',
  );
  assert.equal(commands.filter((c) => c.command === 'task.complete').length, 1, 'exactly one task.complete');
  assert.doesNotMatch(run.stdout, /\u001b/, 'no terminal escape sequence from a name (the log viewer renders ANSI)');
  for (const line of run.stdout.split('\n')) {
    // A line break inside a name must not start a log line of its own (forged log lines).
    for (const part of HOSTILE_LINE_STARTS) assert.ok(!line.startsWith(part), `a name started a log line: ${line.slice(0, 200)}`);
    for (const injection of INJECTIONS)
      assert.ok(!line.includes(injection), `stdout carries '${injection}' unbroken: ${line.slice(0, 200)}`);
    // `##[` formatting commands: only the task's own group markers.
    const format = /##\[(\w+)/.exec(line);
    if (format)
      assert.ok(
        ['group', 'endgroup'].includes(format[1]) && line.startsWith(`##[${format[1]}]`),
        `foreign formatting command: ${line.slice(0, 200)}`,
      );
  }
}

/** Splits a markdown table row on unescaped pipes. */
function tableCells(line: string): string[] {
  return line
    .replace(/^\|/, '')
    .replace(/(?<!\\)\|\s*$/, '')
    .split(/(?<!\\)\|/);
}

/** A markdown summary that escapes every hostile name: no HTML, no link, no broken table row, no command. */
function assertSafeMarkdown(markdown: string, what: string): void {
  assert.doesNotMatch(markdown, /<[a-z!/?]/i, `${what}: raw HTML tag`);
  assert.doesNotMatch(markdown, /(?<!\\)\]\(/, `${what}: a live markdown link`);
  assert.ok(!markdown.includes('##vso['), `${what}: a logging command`);
  assert.ok(!markdown.includes('##['), `${what}: a formatting command`);
  assert.doesNotMatch(markdown, /[\u0000-\u0008\u000B-\u001F\u007F\u2028\u2029\u202E]/, `${what}: control characters`);
  const lines = markdown.split('\n');
  let columns: number | undefined;
  lines.forEach((line, index) => {
    if (!line.startsWith('|')) {
      columns = undefined;
      return;
    }
    const cells = tableCells(line).length;
    if (columns === undefined) columns = cells;
    assert.equal(cells, columns, `${what}: table row ${index + 1} has ${cells} cells, its header ${columns}: ${line.slice(0, 300)}`);
  });
  assert.ok(
    lines.some((line) => line.startsWith('|')),
    `${what}: has tables`,
  );
}

/** The hostile names did reach the summary, in escaped form (so the checks above looked at something). */
function assertShowsEscaped(markdown: string, what: string): void {
  assert.ok(markdown.includes('&lt;script&gt;alert\\(1\\)&lt;/script&gt;'), `${what}: shows the HTML name as text`);
}

/** RFC 4180 fields (quoted fields may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const body = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < body.length; i++) {
    const char = body[i];
    if (quoted) {
      if (char === '"' && body[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\r' && body[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += char;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** CSV whose cells cannot start a spreadsheet formula. */
function assertSafeCsv(file: string): string[][] {
  const rows = parseCsv(fs.readFileSync(file, 'utf8'));
  const width = rows[0].length;
  rows.forEach((row, index) => {
    assert.equal(row.length, width, `CSV row ${index + 1} has ${row.length} fields`);
    for (const field of row) assert.doesNotMatch(field, /^[=+\-@\t\r]/, `CSV field starts a formula: ${field.slice(0, 80)}`);
  });
  return rows;
}

/** Every byte a run left: stdout, stderr and each file it wrote. */
function everything(run: AgentRun): { where: string; text: string }[] {
  return [
    { where: 'stdout', text: run.stdout },
    { where: 'stderr', text: run.stderr },
    ...run.files().map((f) => ({ where: f.path, text: f.content })),
  ];
}

function assertNoSecretValues(run: AgentRun): void {
  for (const { where, text } of everything(run)) {
    for (const secret of SECRET_VALUES)
      assert.ok(!text.includes(secret), `secret-looking capability value ${secret.slice(0, 8)}… in ${where}`);
  }
}

/** XML 1.0 cannot hold most C0 controls: the writers replace them with a visible `\uXXXX`. */
function asXmlHolds(text: string): string {
  return text.replace(
    /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`,
  );
}

describe('e2e: hostile names and capability values are escaped in every output', function () {
  this.timeout(120_000);
  const now = wholeSecondNow();
  let emu: Emulator;
  /** JSON reports of the audits, merged at the end. */
  const auditReports: string[] = [];
  before(async () => {
    emu = await startEmulatorAt(now, hostileOrganization(now));
  });
  after(() => emu.close());

  it('the emulator takes the hostile names as they are (the reports below read them back through its REST API)', () => {
    const pools = emu.state.org.pools.map((pool) => pool.name);
    assert.ok(pools.includes(HOSTILE.long));
    assert.equal(emu.state.pool(SAMPLE_IDS.pools.default)?.agents[0].name, HOSTILE.formulaEquals);
  });

  describe('PoolInventory@1 (capabilities included)', () => {
    let run: AgentRun;
    before(async () => {
      run = await runAgentTask(emu, {
        task: 'PoolInventoryV1',
        inputs: {
          ...wifDevOpsInputs(emu),
          includeCapabilities: true,
          includeHosted: true,
          azureSubscription: SAMPLE_IDS.connections.wifArm,
        },
      });
    });

    it('succeeds, writes nothing, and prints no command but its own', () => {
      assert.ok(['Succeeded', 'SucceededWithIssues'].includes(run.result ?? ''), tail(run));
      assertNoWrites(run);
      assertOnlyOwnCommands(run, 'PoolInventoryV1');
    });

    it('the JSON report holds every name exactly', () => {
      const report = readJson(run.variables.reportPath);
      const poolNames = report.pools.map((pool: { name: string }) => pool.name);
      for (const name of [
        `${HOSTILE.markdown} ${HOSTILE.setVariable}`,
        `${HOSTILE.html}${HOSTILE.newlines}`,
        `${HOSTILE.complete} ${HOSTILE.emoji}`,
        HOSTILE.long,
        `${HOSTILE.rtl} ${HOSTILE.cjk}`,
      ]) {
        assert.ok(poolNames.includes(name), `pool ${JSON.stringify(name.slice(0, 60))} in the JSON report`);
      }
      const agents = report.pools.flatMap((pool: { agents: { name: string; userCapabilities?: Record<string, string> }[] }) => pool.agents);
      const names = agents.map((agent: { name: string }) => agent.name);
      for (const name of [
        HOSTILE.formulaEquals,
        HOSTILE.formulaPlus,
        `${HOSTILE.formulaAt}${HOSTILE.newlines}`,
        `${HOSTILE.formulaTab} ${HOSTILE.controls}`,
        `${HOSTILE.setVariable}\n${HOSTILE.complete}`,
        `${HOSTILE.long}${HOSTILE.emoji}`,
      ]) {
        assert.ok(names.includes(name), `agent ${JSON.stringify(name.slice(0, 60))} in the JSON report`);
      }
      const build01 = agents.find((agent: { name: string }) => agent.name === HOSTILE.formulaEquals);
      assert.equal(
        build01.userCapabilities[`<b>${HOSTILE.markdown}</b>`],
        `${HOSTILE.setVariable} ${HOSTILE.html}`,
        'hostile capability keys and values kept exactly',
      );
      assert.equal(build01.userCapabilities[HOSTILE.formulaEquals], `${HOSTILE.newlines}${HOSTILE.controls}`);
      assert.equal(build01.userCapabilities.team, HOSTILE.cjk);
      assert.match(build01.userCapabilities.DEPLOY_TOKEN, /redacted/);
    });

    it('the summary escapes every name', () => {
      const markdown = fs.readFileSync(run.summaries[0], 'utf8');
      assertSafeMarkdown(markdown, 'inventory summary');
      assertShowsEscaped(markdown, 'inventory summary');
      assert.ok(markdown.includes('\\[x\\]\\(javascript:alert\\(1\\)\\)'), 'the link shows as text');
      assert.ok(markdown.includes(HOSTILE.cjk) && markdown.includes('🚀 pool 🔥'), 'non-Latin names shown as they are');
    });

    it('no secret-looking capability value appears anywhere', () => assertNoSecretValues(run));
  });

  describe('PoolRoleAudit@1', () => {
    let run: AuditRun;
    before(async () => {
      run = await runAudit(emu, 'PoolRoleAuditV1', { now, inputs: { failOnSeverity: 'none' } });
      auditReports.push(run.variables.reportPath!);
    });

    it('succeeds with issues, writes nothing, and prints no command but its own', () => {
      assert.equal(run.result, 'SucceededWithIssues', tail(run));
      assertNoWrites(run);
      assertOnlyOwnCommands(run, 'PoolRoleAuditV1');
    });

    it('JSON findings name the hostile pools, agents and principals exactly', () => {
      const report = reportOf(run);
      const resources = new Set(report.findings.map((f) => f.resource.name));
      const principals = new Set(report.findings.map((f) => f.principal?.displayName));
      assert.ok(resources.has(`${HOSTILE.markdown} ${HOSTILE.setVariable}`), 'Default pool');
      assert.ok(resources.has(`${HOSTILE.html}${HOSTILE.newlines}`), 'linux-selfhosted pool');
      assert.ok(principals.has(HOSTILE.formulaEquals), 'Alice');
      assert.ok(principals.has(`${HOSTILE.html} ${HOSTILE.markdown}`), 'Bob');
      assert.ok(principals.has(`${HOSTILE.errorFormat}${HOSTILE.controls}`), 'Judy');
      const secrets = report.findings.filter((f) => f.ruleId === 'POOL010');
      assert.ok(secrets.length > 0, 'POOL010 flags the secret-looking capabilities');
    });

    it('the summary escapes every name', () => {
      const markdown = fs.readFileSync(run.summaries[0], 'utf8');
      assertSafeMarkdown(markdown, 'role audit summary');
      assertShowsEscaped(markdown, 'role audit summary');
    });

    it('CSV neutralises formula injection and keeps the names', () => {
      const csvPath = run.variables.reportPath!.replace(/\.json$/, '.csv');
      const rows = assertSafeCsv(csvPath);
      const principal = rows[0].indexOf('principal');
      assert.ok(
        rows.some((row) => row[principal].startsWith(`'${HOSTILE.formulaEquals}`)),
        'a formula name is kept behind a quote',
      );
    });

    it('JUnit parses back with the exact names', () => {
      const names = readJUnit(run.variables.junitPath).flatMap((suite) => suite.testcase.map((c) => c.name));
      assert.ok(
        names.some((name) => name.startsWith(`${HOSTILE.markdown} ${HOSTILE.setVariable} [pool `)),
        'Default pool',
      );
      assert.ok(
        names.some((name) => name.startsWith(`${HOSTILE.html}${HOSTILE.newlines} [pool `)),
        `linux pool: ${names
          .filter((n) => n.includes('script'))
          .map((n) => JSON.stringify(n))
          .join(', ')}`,
      );
    });

    it('SARIF is valid and keeps the names', () => {
      const sarif = readValidSarif(run.variables.sarifPath);
      const text = JSON.stringify(sarif);
      for (const name of [
        `${HOSTILE.markdown} ${HOSTILE.setVariable}`,
        HOSTILE.formulaEquals,
        `${HOSTILE.errorFormat}${HOSTILE.controls}`,
      ]) {
        assert.ok(text.includes(JSON.stringify(name).slice(1, -1)), `SARIF holds ${JSON.stringify(name.slice(0, 40))}`);
      }
    });

    it('no secret-looking capability value appears anywhere', () => assertNoSecretValues(run));
  });

  describe('PatAudit@1', () => {
    let run: AuditRun;
    before(async () => {
      run = await runAudit(emu, 'PatAuditV1', { now, inputs: { failOnSeverity: 'none' } });
      auditReports.push(run.variables.reportPath!);
    });

    it('succeeds with issues, writes nothing, and prints no command but its own', () => {
      assert.equal(run.result, 'SucceededWithIssues', tail(run));
      assertNoWrites(run);
      assertOnlyOwnCommands(run, 'PatAuditV1');
      assertNoSecretValues(run);
      assert.notEqual(run.variables.findingCount, '0', 'a token name cannot set findingCount');
    });

    it('JSON findings name the tokens exactly', () => {
      const names = new Set(reportOf(run).findings.map((f) => f.resource.name));
      for (const name of [
        `${HOSTILE.formulaAt} ${HOSTILE.markdown}`,
        HOSTILE.long,
        `${HOSTILE.cjk}${HOSTILE.newlines}${HOSTILE.errorFormat}`,
        `${HOSTILE.formulaTab}${HOSTILE.complete}`,
      ]) {
        assert.ok(names.has(name), `token ${JSON.stringify(name.slice(0, 60))}`);
      }
    });

    it('the summary escapes every name', () => {
      const markdown = fs.readFileSync(run.summaries[0], 'utf8');
      assertSafeMarkdown(markdown, 'PAT audit summary');
      assert.ok(markdown.includes('构建代理池'), 'non-Latin token names shown');
    });

    it('CSV neutralises formula injection', () => {
      const rows = assertSafeCsv(run.variables.reportPath!.replace(/\.json$/, '.csv'));
      const resource = rows[0].indexOf('resourceName');
      assert.ok(
        rows.some((row) => row[resource] === `'${HOSTILE.formulaTab}${HOSTILE.complete.replace('##', '#\u200B#')}`),
        'tab start neutralised, command broken',
      );
    });

    it('JUnit parses back with the exact names', () => {
      const names = readJUnit(run.variables.junitPath).flatMap((suite) => suite.testcase.map((c) => c.name));
      for (const name of [
        `${HOSTILE.formulaAt} ${HOSTILE.markdown}`,
        HOSTILE.long,
        `${HOSTILE.cjk}${HOSTILE.newlines}${HOSTILE.errorFormat}`,
      ]) {
        assert.ok(
          names.some((n) => n.startsWith(`${asXmlHolds(name)} [pat `)),
          `JUnit case for ${JSON.stringify(name.slice(0, 60))}`,
        );
      }
    });

    it('SARIF is valid and keeps the names', () => {
      const text = JSON.stringify(readValidSarif(run.variables.sarifPath));
      assert.ok(text.includes(JSON.stringify(HOSTILE.long).slice(1, -1)));
      assert.ok(text.includes(JSON.stringify(`${HOSTILE.cjk}${HOSTILE.newlines}${HOSTILE.errorFormat}`).slice(1, -1)));
    });
  });

  describe('ReportMerge@1 over the hostile audits', () => {
    it('summary, CSV, JUnit and SARIF stay safe and keep the names', async () => {
      assert.equal(auditReports.length, 2, 'both audits ran');
      const run = await runAgentTask(emu, {
        task: 'ReportMergeV1',
        inputs: { reportFiles: auditReports.join('\n'), failOnSeverity: 'none' },
      });
      assert.equal(run.result, 'SucceededWithIssues', tail(run, 3));
      assertOnlyOwnCommands(run, 'ReportMergeV1');
      assertNoSecretValues(run);
      const markdown = fs.readFileSync(run.summaries[0], 'utf8');
      assertSafeMarkdown(markdown, 'merged summary');
      assertShowsEscaped(markdown, 'merged summary');
      assertSafeCsv(run.variables.reportPath!.replace(/\.json$/, '.csv'));
      const names = readJUnit(run.variables.junitPath).flatMap((suite) => suite.testcase.map((c) => c.name));
      assert.ok(
        names.some((name) => name.startsWith(`contoso/${HOSTILE.html}${HOSTILE.newlines} [pool `)),
        'pool name kept in JUnit',
      );
      const sarif = JSON.stringify(readValidSarif(run.variables.sarifPath));
      assert.ok(sarif.includes(JSON.stringify(HOSTILE.long).slice(1, -1)), 'long token name kept in SARIF');
    });
  });

  describe('dry-run fixes list hostile names in the log', () => {
    it('PatAudit@1 revoke dry run: no write, no command but its own, names in the log as text', async () => {
      const run = await runAudit(emu, 'PatAuditV1', { now, inputs: { failOnSeverity: 'none', revoke: 'violations', dryRun: true } });
      assert.equal(run.result, 'SucceededWithIssues', tail(run));
      assertNoWrites(run);
      assertOnlyOwnCommands(run, 'PatAuditV1');
      assert.match(run.stdout, /Dry run: would revoke \d+ tokens/);
      assert.ok(run.stdout.includes('构建代理池'), 'a non-Latin token name is listed');
    });

    it('PoolRoleAudit@1 remediation dry run: no write, no command but its own', async () => {
      const run = await runAudit(emu, 'PoolRoleAuditV1', { now, inputs: { failOnSeverity: 'none', remediate: true, dryRun: true } });
      assert.equal(run.result, 'SucceededWithIssues', tail(run));
      assertNoWrites(run);
      assertOnlyOwnCommands(run, 'PoolRoleAuditV1');
      assert.match(run.stdout, /Dry run: would apply [1-9]\d* fixes/);
      const markdown = fs.readFileSync(run.summaries[0], 'utf8');
      assertSafeMarkdown(markdown, 'remediation plan summary');
      assert.match(markdown, /### Remediation plan \\\(dry run: nothing changed\\\)/);
    });
  });

  describe('ScaleSetAgents@1 dry run', () => {
    let run: AgentRun;
    before(async () => {
      run = await runAgentTask(emu, {
        task: 'ScaleSetAgentsV1',
        inputs: {
          ...wifDevOpsInputs(emu),
          pool: String(SAMPLE_IDS.pools.elastic),
          action: 'remove',
          count: 2,
          dryRun: true,
          pollIntervalSeconds: 1,
        },
      });
    });

    it('plans, writes nothing, and prints no command but its own', () => {
      assert.ok(['Succeeded', 'SucceededWithIssues'].includes(run.result ?? ''), tail(run));
      assertNoWrites(run);
      assertOnlyOwnCommands(run, 'ScaleSetAgentsV1');
      assertNoSecretValues(run);
    });

    it('the JSON report holds the exact agent names and the summary escapes them', () => {
      const text = fs.readFileSync(run.variables.reportPath!, 'utf8');
      const report = JSON.parse(text);
      const json = JSON.stringify(report);
      assert.ok(json.includes(JSON.stringify(`${HOSTILE.setVariable}\n${HOSTILE.complete}`).slice(1, -1)), 'offline agent named exactly');
      const markdown = fs.readFileSync(run.summaries[0], 'utf8');
      assertSafeMarkdown(markdown, 'scaling summary');
      assertShowsEscaped(markdown, 'scaling summary');
    });
  });

  it('every JSON file the tasks write breaks logging commands while keeping the names', async () => {
    const run = await runAgentTask(emu, { task: 'PoolInventoryV1', inputs: wifDevOpsInputs(emu) });
    const jsonFiles = run.files().filter((f) => f.path.endsWith('.json'));
    assert.ok(jsonFiles.length > 0, 'the run wrote JSON files');
    for (const file of jsonFiles) {
      assert.ok(!file.content.includes('##vso['), `${path.basename(file.path)} holds a raw ##vso[`);
      assert.ok(!file.content.includes('##['), `${path.basename(file.path)} holds a raw ##[`);
    }
  });
});
