/**
 * HTML pages that look like the parts of an Azure DevOps pipeline run that show Pool Warden's output: the run's
 * Extensions tab (where `##vso[task.uploadsummary]` markdown appears, rendered as GitHub-flavoured markdown) and the
 * Tests tab (JUnit results). Only used to make the Marketplace screenshots.
 */
import { marked } from 'marked';

const CSS = `
  * { box-sizing: border-box; }
  body { margin: 0; background: #f8f8f8; color: rgba(0,0,0,.9); font: 14px/20px "Segoe UI", "Liberation Sans", "DejaVu Sans", sans-serif; }
  .bar { background: #fff; border-bottom: 1px solid rgba(0,0,0,.08); padding: 10px 24px; display: flex; gap: 8px; color: rgba(0,0,0,.55); font-size: 13px; }
  .bar b { color: rgba(0,0,0,.9); font-weight: 600; }
  .run { background: #fff; padding: 16px 24px 0; border-bottom: 1px solid rgba(0,0,0,.08); }
  .run h1 { margin: 0 0 4px; font-size: 20px; font-weight: 600; }
  .run .meta { color: rgba(0,0,0,.55); font-size: 13px; margin-bottom: 12px; }
  .tabs { display: flex; gap: 24px; }
  .tabs span { padding: 8px 0; color: rgba(0,0,0,.55); }
  .tabs span.active { color: rgba(0,0,0,.9); font-weight: 600; border-bottom: 2px solid #0078d4; }
  main { padding: 16px 24px 24px; }
  .card { background: #fff; border-radius: 4px; box-shadow: 0 1px 3px rgba(0,0,0,.13); margin-bottom: 16px; }
  .card > h2.section { margin: 0; padding: 12px 20px; font-size: 14px; font-weight: 600; border-bottom: 1px solid rgba(0,0,0,.08); }
  .markdown { padding: 8px 20px 16px; overflow-wrap: break-word; }
  .markdown h1, .markdown h2 { font-size: 18px; font-weight: 600; margin: 14px 0 8px; }
  .markdown h3 { font-size: 15px; font-weight: 600; margin: 16px 0 8px; }
  .markdown p { margin: 8px 0; }
  .markdown table { border-collapse: collapse; margin: 8px 0; font-size: 13px; }
  .markdown th, .markdown td { border: 1px solid rgba(0,0,0,.12); padding: 4px 10px; vertical-align: top; }
  .markdown th { background: rgba(0,0,0,.04); font-weight: 600; text-align: left; white-space: nowrap; }
  .markdown blockquote { margin: 8px 0; padding: 4px 12px; border-left: 4px solid #d67f3c; background: #fdf6f0; }
  .markdown code, .markdown pre { font-family: "DejaVu Sans Mono", monospace; font-size: 12px; background: rgba(0,0,0,.05); }
  .markdown pre { padding: 8px 12px; overflow-x: hidden; white-space: pre-wrap; }
  .markdown pre code { background: none; }
  .stats { display: flex; gap: 40px; padding: 16px 20px; }
  .stats div { display: flex; flex-direction: column; }
  .stats .n { font-size: 28px; line-height: 36px; font-weight: 300; }
  .stats .l { color: rgba(0,0,0,.55); font-size: 12px; }
  .ok { color: #339933; } .bad { color: #cd4a45; } .other { color: rgba(0,0,0,.55); }
  table.results { width: 100%; border-collapse: collapse; font-size: 13px; }
  table.results th { text-align: left; font-weight: 600; color: rgba(0,0,0,.55); padding: 8px 20px; border-bottom: 1px solid rgba(0,0,0,.08); }
  table.results td { padding: 6px 20px; border-bottom: 1px solid rgba(0,0,0,.06); }
  table.results tr.group td { background: rgba(0,0,0,.03); font-weight: 600; }
  .filter { padding: 10px 20px; color: rgba(0,0,0,.55); font-size: 13px; border-bottom: 1px solid rgba(0,0,0,.08); }
  .dot { display: inline-block; width: 10px; height: 10px; border-radius: 50%; margin-right: 8px; }
  .dot.failed { background: #cd4a45; } .dot.passed { background: #339933; } .dot.skipped { background: #b3b3b3; } .dot.error { background: #d67f3c; }
`;

export interface RunContext {
  organization: string;
  project: string;
  pipeline: string;
  runName: string;
}

const shorten = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function frame(run: RunContext, activeTab: string, body: string): string {
  const tabs = ['Summary', 'Tests', 'Scans', 'Extensions']
    .map((tab) => `<span class="${tab === activeTab ? 'active' : ''}">${tab}</span>`)
    .join('');
  return `<!doctype html><html><head><meta charset="utf-8"><style>${CSS}</style></head><body>
<div class="bar">${escape(run.organization)} / ${escape(run.project)} / Pipelines / <b>${escape(run.pipeline)}</b></div>
<div class="run"><h1>#${escape(run.runName)}</h1><div class="meta">Scheduled run · main</div><div class="tabs">${tabs}</div></div>
<main>${body}</main></body></html>`;
}

/** The Extensions tab with one uploaded summary: its file name as the section title, the markdown as GFM. */
export function summaryPage(run: RunContext, attachmentName: string, markdown: string): string {
  const html = marked.parse(markdown, { gfm: true, async: false });
  return frame(
    run,
    'Extensions',
    `<div class="card"><h2 class="section">${escape(attachmentName)}</h2><div class="markdown">${html}</div></div>`,
  );
}

export interface TestCaseView {
  suite: string;
  name: string;
  outcome: 'passed' | 'failed' | 'skipped' | 'error';
  message?: string;
}

/**
 * A Tests-tab-like view of JUnit results: totals and pass rate, then (as the tab's default "Failed" filter shows)
 * the failed tests, then exempted (skipped) ones, grouped by suite.
 */
export function testsPage(run: RunContext, cases: readonly TestCaseView[], maxRows = 24): string {
  const count = (outcome: TestCaseView['outcome']) => cases.filter((c) => c.outcome === outcome).length;
  const passed = count('passed');
  const failed = count('failed') + count('error');
  const others = count('skipped');
  const rate = cases.length === 0 ? 0 : (passed / cases.length) * 100;
  const stats = `<div class="stats">
    <div><span class="n">${cases.length}</span><span class="l">Total tests</span></div>
    <div><span class="n ok">${passed}</span><span class="l">Passed</span></div>
    <div><span class="n bad">${failed}</span><span class="l">Failed</span></div>
    <div><span class="n other">${others}</span><span class="l">Others (exempted)</span></div>
    <div><span class="n">${rate.toFixed(1)}%</span><span class="l">Pass percentage</span></div>
  </div>`;
  const order = { failed: 0, error: 1, skipped: 2, passed: 3 };
  const notPassed = cases.filter((c) => c.outcome !== 'passed');
  const shown = [...notPassed]
    .sort((a, b) => order[a.outcome] - order[b.outcome] || a.suite.localeCompare(b.suite) || a.name.localeCompare(b.name))
    .slice(0, maxRows);
  const rows: string[] = [];
  let suite = '';
  for (const testCase of shown) {
    if (testCase.suite !== suite) {
      suite = testCase.suite;
      rows.push(`<tr class="group"><td colspan="3">${escape(suite)}</td></tr>`);
    }
    rows.push(
      `<tr><td><span class="dot ${testCase.outcome}"></span>${escape(testCase.name)}</td><td>${testCase.outcome === 'error' ? 'Failed' : testCase.outcome[0].toUpperCase() + testCase.outcome.slice(1)}</td><td>${escape(shorten(testCase.message ?? '', 120))}</td></tr>`,
    );
  }
  const more =
    notPassed.length > shown.length
      ? `<tr><td colspan="3" class="other">… ${notPassed.length - shown.length} more failed or skipped tests</td></tr>`
      : '';
  const filter = `<div class="filter">Outcome: <b>Failed, Others</b> · ${passed} passed tests hidden</div>`;
  const table = `${filter}<table class="results"><tr><th>Test</th><th>Outcome</th><th>Error message</th></tr>${rows.join('')}${more}</table>`;
  return frame(run, 'Tests', `<div class="card">${stats}</div><div class="card">${table}</div>`);
}

/** A terminal window showing a command and its output (stdout and stderr in the order they were written). */
export function terminalPage(command: string, output: string, exitCode: number, maxLines = 48): string {
  const lines = output.replace(/\r?\n$/, '').split(/\r?\n/);
  const shown =
    lines.length <= maxLines
      ? lines
      : [...lines.slice(0, maxLines - 8), `… ${lines.length - maxLines + 2} more lines …`, ...lines.slice(-6)];
  const css = `body { margin: 0; background: #f8f8f8; padding: 24px; font: 13px/18px "DejaVu Sans Mono", "Liberation Mono", monospace; }
    .window { background: #1e1e1e; color: #d4d4d4; border-radius: 8px; box-shadow: 0 4px 16px rgba(0,0,0,.25); overflow: hidden; }
    .title { background: #333; color: #bbb; padding: 6px 12px; font-size: 12px; }
    pre { margin: 0; padding: 12px 16px; white-space: pre; overflow: hidden; font: inherit; }
    .prompt { color: #6a9955; } .cmd { color: #fff; } .err { color: #ce9178; } .ok { color: #4ec9b0; }`;
  const colour = (line: string) => {
    if (/^Result: Failed/.test(line)) return `<span class="err">${escape(line)}</span>`;
    if (/^Result: /.test(line)) return `<span class="ok">${escape(line)}</span>`;
    if (/^warning: /.test(line)) return `<span class="err">${escape(line)}</span>`;
    return escape(line);
  };
  return `<!doctype html><html><head><meta charset="utf-8"><style>${css}</style></head><body><div class="window"><div class="title">bash</div><pre><span class="prompt">$</span> <span class="cmd">${escape(command)}</span>
${shown.map(colour).join('\n')}
<span class="prompt">$</span> <span class="cmd">echo $?</span>
${exitCode}
</pre></div></body></html>`;
}
