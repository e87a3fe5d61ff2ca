/**
 * The run tab with a very large audit, in headless Chromium: time to the first rendered table, to apply a text filter
 * and a severity filter, and to scroll to the last row. The report is generated (30,000 findings by default) in the
 * shape PoolRoleAudit writes; the page is served by the same harness as the browser tests (emulator/tab-host).
 */
import { chromiumPath, launchChromium, openTab } from '../../emulator/tab-host/browser';
import { startTabHost } from '../../emulator/tab-host/server';

export interface TabFigures {
  findings: number;
  /** From the frame's navigation start to the first table on screen (script, handshake, API calls, parse, render). */
  firstTableMs: number;
  /** From the filter change to the next frame after React committed the filtered table (median of the keystrokes). */
  textFilterMs: number;
  severityFilterMs: number;
  /** Setting scrollTop to the end until the last row is in the DOM. */
  scrollToEndMs: number;
  attachmentBytes: number;
}

const SEVERITIES = ['critical', 'high', 'medium', 'low'];
const RULES = ['POOL001', 'POOL002', 'POOL003', 'POOL005', 'POOL006', 'POOL010'];

/** A PoolRoleAudit report with `count` findings over many pools and principals. */
export function largeAudit(count: number): string {
  const findings = Array.from({ length: count }, (_, i) => ({
    ruleId: RULES[i % RULES.length],
    severity: SEVERITIES[(i * 7) % 4],
    title: 'Individual user directly assigned Administrator',
    message: `User user-${i % 4000}@contoso.com holds Administrator on agent pool pool-${i % 1500} directly, not through a group.`,
    resource: {
      kind: 'pool',
      id: String(i % 1500),
      name: `pool-${i % 1500}`,
      parent: { kind: 'project', id: `p${i % 40}`, name: `project-${i % 40}` },
    },
    principal: { id: `u${i % 4000}`, displayName: `User ${i % 4000}`, mailAddress: `user-${i % 4000}@contoso.com` },
    evidence: { role: 'Administrator', access: 'assigned', scope: 'orgPool' },
    ...(i % 50 === 0 ? { exemption: { reason: 'break-glass account', expires: '2027-06-30' } } : {}),
  }));
  return JSON.stringify({
    schemaVersion: 1,
    tool: { name: 'Pool Warden', version: 'bench' },
    task: 'PoolRoleAudit',
    organization: { url: 'https://dev.azure.com/contoso', name: 'contoso' },
    generatedAt: '2026-12-02T00:00:00.000Z',
    complete: true,
    missing: [],
    rules: RULES.map((id) => ({
      id,
      title: id,
      defaultSeverity: 'high',
      rationale: 'Least privilege.',
      fix: 'Assign the role to a group.',
    })),
    findings,
    summary: {},
    expiredExemptions: [],
  });
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

/** Measures the tab; undefined (with a note on stderr) when no Chromium is installed. */
export async function benchTab(findings = 30_000): Promise<TabFigures | undefined> {
  const chromium = chromiumPath();
  if (!chromium) {
    process.stderr.write('run tab: skipped, no Chromium (apt-get install -y chromium, or set CHROMIUM)\n');
    return undefined;
  }
  const content = largeAudit(findings);
  const host = await startTabHost([{ buildId: 1, attachments: [{ name: 'PoolRoleAudit-contoso', content }] }]);
  const browser = await launchChromium(chromium);
  try {
    const { frame } = await openTab(browser, host.pageUrl({ buildId: 1, height: 900 }), 1280, 900);
    await frame.waitForSelector('.pw-split-main .bolt-table-row');
    const timings = () => frame.evaluate('window.__poolWardenTimings || []') as Promise<{ kind: string; ms: number }[]>;
    const firstTableMs = (await timings()).find((t) => t.kind === 'firstTable')!.ms;

    const filterTimes = async (act: () => Promise<void>, expected: number) => {
      const before = (await timings()).length;
      await act();
      await frame.waitForFunction(`(window.__poolWardenTimings || []).length >= ${before + expected}`, { timeout: 60_000 });
      return (await timings()).slice(before).map((t) => t.ms);
    };
    // Each keystroke is one filter change (the keyword box may coalesce some).
    const text = await filterTimes(() => frame.type('.pw-filter-bar input[placeholder="Filter by text"]', 'pool-12', { delay: 250 }), 1);
    const severity = await filterTimes(() => frame.click('.pw-pill.pw-sev-critical'), 1);

    const scrollToEndMs = (await frame.evaluate(`new Promise((resolve) => {
      const pane = document.querySelector('.pw-split-main .pw-table-scroll');
      const start = performance.now();
      pane.scrollTop = pane.scrollHeight;
      const check = () => {
        const rows = pane.querySelectorAll('.bolt-table-row');
        const last = rows[rows.length - 1];
        if (last && last.getBoundingClientRect().top < pane.getBoundingClientRect().bottom) resolve(performance.now() - start);
        else requestAnimationFrame(check);
      };
      requestAnimationFrame(check);
    })`)) as number;
    return {
      findings,
      firstTableMs,
      textFilterMs: median(text),
      severityFilterMs: median(severity),
      scrollToEndMs,
      attachmentBytes: Buffer.byteLength(content),
    };
  } finally {
    await browser.close();
    await host.close();
  }
}

/** The markdown line the benchmark report shows. */
export function tabLine(f: TabFigures): string {
  return (
    `Run tab, ${f.findings.toLocaleString('en')} findings (${(f.attachmentBytes / 1024 / 1024).toFixed(1)} MB attachment), headless Chromium: ` +
    `first table ${Math.round(f.firstTableMs)} ms after the frame started, text filter ${Math.round(f.textFilterMs)} ms, ` +
    `severity filter ${Math.round(f.severityFilterMs)} ms, scroll to the last row ${Math.round(f.scrollToEndMs)} ms.`
  );
}

if (require.main === module) {
  benchTab(Number(process.argv[2] ?? 30_000))
    .then((figures) => process.stdout.write(`${figures ? tabLine(figures) : 'skipped'}\n`))
    .catch((error: unknown) => {
      process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
      process.exit(1);
    });
}
