import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import type { Browser, Frame } from 'puppeteer-core';
import { chromiumPath, launchChromium, openTab } from '../../emulator/tab-host/browser';
import { runSampleGovernance, type SampleRun } from '../../emulator/tab-host/sample-run';
import { startTabHost, type TabHost } from '../../emulator/tab-host/server';
import { filterRows, findingRows, NO_FILTER, severityCounts } from '../../tab/src/model/findings';
import { identityNamed } from './audit-support';

/** A role holder whose name is markup: the tab must show it as text and never run it. */
const HOSTILE_NAME = '<img src=x onerror="window.__pwned=1"><b>Bob</b>';
const RUN_WITH_REPORTS = 4101;
const RUN_WITHOUT_REPORTS = 4102;
const RUN_WITH_A_BROKEN_REPORT = 4103;
const RUN_WITH_A_MANAGED_SCALING = 4104;

/** A ScaleSetAgents report of a Managed DevOps Pool: its plan has `changes` and the maximum, not agent steps. */
const MANAGED_SCALING = {
  schemaVersion: 1,
  task: 'ScaleSetAgents',
  organization: { url: 'https://dev.azure.com/contoso' },
  managedPool: {
    resourceId: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.DevOpsInfrastructure/pools/mdp-linux',
    poolName: 'mdp-linux',
  },
  plan: {
    resourceId: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.DevOpsInfrastructure/pools/mdp-linux',
    poolName: 'mdp-linux',
    requested: 'add 2 to the maximum concurrency',
    dryRun: false,
    maximumBefore: 4,
    maximumAfter: 6,
    changes: [
      { field: 'maximumConcurrency', before: '4', after: '6' },
      { field: 'organizations[].parallelism', before: 'contoso 3, labs 1', after: 'contoso 5, labs 1' },
    ],
    parallelism: [
      { url: 'https://dev.azure.com/contoso', before: 3, after: 5 },
      { url: 'https://dev.azure.com/labs', before: 1, after: 1 },
    ],
    clipping: [],
    notes: [],
    errors: [],
  },
  result: { outcome: 'succeeded', written: true, maximumConcurrency: 6, machines: { Allocated: 1 } },
};

/** An inventory as a newer task version might write it: a field on a pool and a list this tab does not know. */
function withNewerFields(inventory: Record<string, any>): Record<string, any> {
  const pools = inventory.pools.map((pool: Record<string, unknown>, i: number) =>
    i === 0 ? { ...pool, managedPool: { sku: 'Standard_D4ads_v5' } } : pool,
  );
  return {
    ...inventory,
    organization: { url: 'https://dev.azure.com/fabrikam' },
    pools,
    managedPools: [{ name: 'mdp-linux', sku: 'Standard_D2ads_v5', maximumConcurrency: 4 }],
  };
}

/** Runs in the page: the frame's text of every element matching `selector`. */
function texts(frame: Frame, selector: string): Promise<string[]> {
  return frame.$$eval(selector, (elements) => elements.map((element) => element.textContent ?? ''));
}

/**
 * The run's Pool Warden tab in headless Chromium, hosted the way Azure DevOps hosts it (an outer page playing the SDK
 * handshake, the Build attachments API answering from the reports the tasks really attached in this run).
 */
describe('e2e: the Pool Warden run tab in a browser', function () {
  this.timeout(240_000);
  let browser: Browser | undefined;
  let host: TabHost;
  let sample: SampleRun;
  const report = (name: string) => JSON.parse(fs.readFileSync(sample.attachments.find((a) => a.name === name)!.file!, 'utf8'));

  before(async function () {
    const chromium = chromiumPath();
    if (!chromium) {
      // A CI run without a browser must not pass this suite silently.
      if (process.env.CI || process.env.TF_BUILD) throw new Error('no Chromium on this CI agent: install chromium or set CHROMIUM');
      console.log('    (skipped: no Chromium; on Debian apt-get install -y chromium, or set CHROMIUM=/path/to/chromium)');
      this.skip();
    }
    sample = await runSampleGovernance((seed) => {
      identityNamed(seed, 'Bob Builder').displayName = HOSTILE_NAME;
    });
    host = await startTabHost([
      { buildId: RUN_WITH_REPORTS, attachments: sample.attachments },
      { buildId: RUN_WITHOUT_REPORTS, attachments: [] },
      {
        buildId: RUN_WITH_A_BROKEN_REPORT,
        attachments: [
          { name: 'PoolInventory-contoso', content: '{"task":"PoolInventory", cut short' },
          { name: 'PoolInventory-fabrikam', content: JSON.stringify(withNewerFields(report('PoolInventory-contoso'))) },
          sample.attachments.find((a) => a.name === 'PoolRoleAudit-contoso')!,
        ],
      },
      { buildId: RUN_WITH_A_MANAGED_SCALING, attachments: [{ name: 'ScaleSetAgents-contoso', content: JSON.stringify(MANAGED_SCALING) }] },
    ]);
    browser = await launchChromium(chromium!);
  });
  after(async () => {
    await browser?.close();
    await host?.close();
  });

  it('shows one tab per task and organization of the run', async () => {
    const { page, frame } = await openTab(browser!, host.pageUrl({ buildId: RUN_WITH_REPORTS }));
    const tabs = await texts(frame, '.pw-report-tabs .bolt-tab');
    assert.deepEqual(tabs, [
      'PAT audit · contoso',
      'Pool role audit · contoso',
      'Pool role audit · fabrikam',
      'Inventory · contoso',
      'Scaling · contoso',
    ]);
    await page.close();
  });

  it('shows the severity counts and the number of findings of the audit', async () => {
    const { page, frame } = await openTab(browser!, host.pageUrl({ buildId: RUN_WITH_REPORTS }));
    await frame.click('.pw-report-tabs .bolt-tab:nth-child(2)');
    const rows = findingRows(report('PoolRoleAudit-contoso'));
    const active = rows.filter((r) => !r.exemption);
    const counts = severityCounts(active);
    for (const severity of ['critical', 'high', 'medium', 'low'])
      assert.equal(await frame.$eval(`.pw-count[data-severity=${severity}]`, (e) => e.textContent), String(counts[severity]), severity);
    assert.equal(await frame.$eval('.pw-count[data-severity=exempted]', (e) => e.textContent), String(rows.length - active.length));
    assert.equal(await frame.$eval('.pw-shown', (e) => e.textContent), `${active.length} findings`);
    assert.ok(active.length > 0, 'the sample audit has findings');
    await page.close();
  });

  it('filters by text: the count and the rows are the matching findings', async () => {
    const { page, frame } = await openTab(browser!, host.pageUrl({ buildId: RUN_WITH_REPORTS }));
    await frame.click('.pw-report-tabs .bolt-tab:nth-child(2)');
    const rows = findingRows(report('PoolRoleAudit-contoso')).filter((r) => !r.exemption);
    const target = rows.find((r) => r.resource && filterRows(rows, { ...NO_FILTER, text: r.resource }).length < rows.length)!;
    const expected = filterRows(rows, { ...NO_FILTER, text: target.resource });
    await frame.type('.pw-filter-bar input[placeholder="Filter by text"]', target.resource);
    await frame.waitForFunction(`document.querySelector('.pw-shown')?.textContent === '${expected.length} of ${rows.length} findings'`, {
      timeout: 10_000,
    });
    const cells = await texts(frame, '.pw-split-main .bolt-table-cell-content-with-inline-link, .pw-split-main .pw-cell');
    assert.ok(
      cells.some((cell) => cell.includes(target.resource)),
      `no row shows '${target.resource}'`,
    );
    await page.close();
  });

  it('shows a hostile name as text and never runs it', async () => {
    const { page, frame } = await openTab(browser!, host.pageUrl({ buildId: RUN_WITH_REPORTS }));
    await frame.click('.pw-report-tabs .bolt-tab:nth-child(2)');
    const rows = findingRows(report('PoolRoleAudit-contoso'));
    assert.ok(
      rows.some((r) => r.principal === HOSTILE_NAME),
      'the audit reports the hostile role holder',
    );
    await frame.type('.pw-filter-bar input[placeholder="Principal"]', 'Bob');
    await frame.waitForFunction("/^\\d+ of \\d+ findings$/.test(document.querySelector('.pw-shown')?.textContent ?? '')", {
      timeout: 10_000,
    });
    const cells = await texts(frame, '.pw-split-main .pw-cell');
    assert.ok(cells.includes(HOSTILE_NAME), 'the name is shown exactly, as text');
    assert.equal(await frame.$$eval('.pw-split-main img, .pw-split-main b', (found) => found.length), 0, 'no element from the name');
    assert.equal(await frame.evaluate('window.__pwned'), undefined, 'the name never ran');
    await page.close();
  });

  it('sorts by a column and copies the shown findings as CSV', async () => {
    const { page, frame } = await openTab(browser!, host.pageUrl({ buildId: RUN_WITH_REPORTS }));
    await frame.click('.pw-report-tabs .bolt-tab:nth-child(2)');
    const headers = await frame.$$('.pw-split-main .bolt-table-header-cell');
    const ruleHeader = (await Promise.all(headers.map(async (h) => [h, await h.evaluate((e) => e.textContent ?? '')] as const))).find(
      ([, label]) => label.startsWith('Rule'),
    )![0];
    await ruleHeader.click();
    await frame.waitForFunction("document.querySelector('.pw-split-main [aria-sort=ascending]')?.textContent?.startsWith('Rule')", {
      timeout: 10_000,
    });
    const rules = (await texts(frame, '.pw-split-main .bolt-table-row .pw-cell')).filter((cell) => /^POOL\d+$/.test(cell));
    assert.ok(rules.length > 3);
    assert.deepEqual(rules, [...rules].sort());

    // The host frame may refuse the async clipboard; capture what the page hands it.
    await frame.evaluate('window.__copied = []; navigator.clipboard.writeText = async (text) => { window.__copied.push(text); }');
    await frame.click('.pw-toolbar button');
    await frame.waitForFunction("document.querySelector('.pw-copy-status')?.textContent?.startsWith('Copied')", { timeout: 10_000 });
    const [csv] = (await frame.evaluate('window.__copied')) as string[];
    const active = findingRows(report('PoolRoleAudit-contoso')).filter((r) => !r.exemption);
    const lines = csv.trimEnd().split('\r\n');
    assert.equal(lines[0], 'severity,rule,title,resourceKind,resource,parent,principal,organization,baselineState,exempted,message');
    assert.equal(lines.length, active.length + 1);
    assert.ok(
      lines.some((line) => line.includes('"<img src=x onerror=""window.__pwned=1""><b>Bob</b>"')),
      'the hostile name is in the CSV as text',
    );
    await page.close();
  });

  it('shows a finding in full, with its remediation, when selected by keyboard', async () => {
    const { page, frame } = await openTab(browser!, host.pageUrl({ buildId: RUN_WITH_REPORTS }));
    await frame.click('.pw-report-tabs .bolt-tab:nth-child(2)');
    await frame.focus('.pw-split-main .bolt-table-row');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowUp');
    await frame.waitForSelector('.pw-details h3', { timeout: 10_000 });
    const title = await frame.$eval('.pw-details h3', (e) => e.textContent ?? '');
    const rule = findingRows(report('PoolRoleAudit-contoso')).find((r) => title.includes(`${r.ruleId}: ${r.title}`));
    assert.ok(rule, `details show a finding of the report: ${title}`);
    assert.equal(await frame.$eval('.pw-fix', (e) => e.textContent), rule.fix);
    await page.close();
  });

  it('filters by severity from the keyboard: Enter on a count', async () => {
    const { page, frame } = await openTab(browser!, host.pageUrl({ buildId: RUN_WITH_REPORTS }));
    await frame.click('.pw-report-tabs .bolt-tab:nth-child(2)');
    const active = findingRows(report('PoolRoleAudit-contoso')).filter((r) => !r.exemption);
    const high = active.filter((r) => r.severity === 'high').length;
    await frame.focus('.pw-pill.pw-sev-high [role=button]');
    await page.keyboard.press('Enter');
    await frame.waitForFunction(`document.querySelector('.pw-shown')?.textContent === '${high} of ${active.length} findings'`, {
      timeout: 10_000,
    });
    const severities = new Set((await texts(frame, '.pw-split-main .bolt-table-row .pw-sev')).map((cell) => cell.trim()));
    assert.deepEqual([...severities], ['high']);
    await page.close();
  });

  it('shows PAT findings by owner and the expiry timeline', async () => {
    const { page, frame } = await openTab(browser!, host.pageUrl({ buildId: RUN_WITH_REPORTS }));
    const pats = report('PatAudit-contoso');
    await frame.click('.pw-sub-tabs .bolt-tab:nth-child(3)');
    await frame.waitForSelector('.pw-timeline', { timeout: 10_000 });
    const counts = (await texts(frame, '.pw-timeline-count')).map(Number);
    const expiring = (pats.extra.tokens.expiringByOwner as { tokens: unknown[] }[]).reduce((sum, group) => sum + group.tokens.length, 0);
    assert.equal(
      counts.reduce((a, b) => a + b, 0),
      expiring,
    );
    await frame.click('.pw-sub-tabs .bolt-tab:nth-child(2)');
    await frame.waitForSelector('.pw-view [aria-label="Findings by token owner"]', { timeout: 10_000 });
    await page.close();
  });

  it('lists every agent of the inventory and filters them', async () => {
    const { page, frame } = await openTab(browser!, host.pageUrl({ buildId: RUN_WITH_REPORTS }));
    await frame.click('.pw-report-tabs .bolt-tab:nth-child(4)');
    await frame.waitForSelector('.pw-inventory section[aria-label=Agents]');
    const inventory = report('PoolInventory-contoso');
    const total = (inventory.pools as { agents: unknown[] }[]).reduce((sum, pool) => sum + pool.agents.length, 0);
    assert.equal(await frame.$eval('.pw-inventory section[aria-label=Agents] h3', (e) => e.textContent), `Agents (${total})`);
    const stale = inventory.staleAgents[0] as { agentName: string; poolName: string };
    await frame.type('.pw-inventory section[aria-label=Agents] input', stale.agentName);
    await frame.waitForFunction(
      `/^Agents \\(\\d+ of ${total}\\)$/.test(document.querySelector('.pw-inventory section[aria-label=Agents] h3')?.textContent ?? '')`,
      { timeout: 10_000 },
    );
    const cells = await texts(frame, '.pw-inventory section[aria-label=Agents] .pw-cell');
    assert.ok(cells.includes(stale.agentName) && cells.some((cell) => cell.includes('stale')), cells.join(' | '));
    await page.close();
  });

  it('follows the host theme: dark', async () => {
    const { page, frame } = await openTab(browser!, host.pageUrl({ buildId: RUN_WITH_REPORTS, theme: 'dark' }));
    const colours = await frame.evaluate(
      '({ background: getComputedStyle(document.body).backgroundColor, text: getComputedStyle(document.body).color })',
    );
    assert.deepEqual(colours, { background: 'rgb(32, 31, 30)', text: 'rgba(255, 255, 255, 0.87)' });
    await page.close();
  });

  it('says so when the run has no Pool Warden report, and where to look instead', async () => {
    const { page, frame } = await openTab(browser!, host.pageUrl({ buildId: RUN_WITHOUT_REPORTS }));
    const text = await frame.$eval('.pw-empty-state', (e) => e.textContent ?? '');
    assert.match(text, /No Pool Warden reports in this run/);
    assert.match(text, /Extensions tab/);
    await page.close();
  });

  it('shows the reports it can read and says which one it cannot', async () => {
    const { page, frame } = await openTab(browser!, host.pageUrl({ buildId: RUN_WITH_A_BROKEN_REPORT }));
    assert.deepEqual(await texts(frame, '.pw-report-tabs .bolt-tab'), [
      'Pool role audit · contoso',
      'Inventory · fabrikam',
      'PoolInventory-contoso',
    ]);
    await frame.click('.pw-report-tabs .bolt-tab:nth-child(3)');
    const message = await frame.$eval('.pw-view .pw-error', (e) => e.textContent ?? '');
    assert.match(message, /could not be shown: .*JSON/);
    await page.close();
  });

  it('shows a Managed DevOps Pool scaling run: the maximum, each change before → after and the parallelism split', async () => {
    const { page, frame } = await openTab(browser!, host.pageUrl({ buildId: RUN_WITH_A_MANAGED_SCALING }));
    await frame.waitForSelector('.pw-scaling-managed');
    const facts = await texts(frame, '.pw-scaling-managed .pw-facts dd');
    assert.ok(facts.includes('4 → 6'), JSON.stringify(facts));
    const cells = await texts(frame, '.pw-scaling-managed .pw-cell');
    for (const cell of ['maximumConcurrency', '4', '6', 'https://dev.azure.com/contoso', '3 → 5', '1 → 1'])
      assert.ok(cells.includes(cell), `${cell} in ${JSON.stringify(cells)}`);
    assert.match(
      await frame.$eval('.pw-scaling-managed .pw-summary-line', (e) => e.textContent ?? ''),
      /add 2 to the maximum concurrency on Managed DevOps Pool mdp-linux: succeeded/,
    );
    await page.close();
  });

  it('shows fields a newer task version adds, as text', async () => {
    const { page, frame } = await openTab(browser!, host.pageUrl({ buildId: RUN_WITH_A_BROKEN_REPORT }));
    await frame.click('.pw-report-tabs .bolt-tab:nth-child(2)');
    await frame.waitForSelector('.pw-inventory section[aria-label=managedPools]');
    const heading = await frame.$eval('.pw-inventory section[aria-label=managedPools] h3', (e) => e.textContent);
    assert.equal(heading, 'managedPools (1)');
    const cells = await texts(frame, '.pw-inventory .pw-cell');
    assert.ok(cells.includes('Standard_D2ads_v5'), 'the new list is shown');
    assert.ok(
      cells.some((cell) => cell.includes('managedPool: {"sku":"Standard_D4ads_v5"}')),
      'the new pool field is shown',
    );
    await page.close();
  });

  it("reads the attachments with the user's token from the host, through preview api-versions, and nothing else", () => {
    const gets = host.requests.filter((r) => r.method === 'GET' && r.path.includes('/_apis/'));
    assert.ok(gets.length > 0);
    for (const request of gets) {
      assert.equal(request.status, 200, request.path);
      assert.equal(request.authorization, `Bearer ${host.accessToken}`, request.path);
      assert.match(request.path, /[?&]api-version=7\.1-preview\.2(&|$)/);
    }
    const sent = JSON.stringify(host.requests);
    const secrets = sample.secrets.filter((s) => s.length >= 8);
    assert.ok(secrets.length > 0, 'the sample run knows its credentials');
    for (const secret of secrets) assert.ok(!sent.includes(secret), 'a task credential reached the page');
  });
});
