import * as React from 'react';
import { Tab, TabBar, TabSize } from 'azure-devops-ui/Tabs';
import type { ReportView } from '../model/reports';
import { AuditView } from './audit-view';
import { InventoryView } from './inventory-view';
import { PatExpiryView, PatOwnersView } from './pat-views';
import { ScalingView } from './scaling-view';
import { recordTiming } from './timing';

export type LoadState =
  { phase: 'loading' } | { phase: 'failed'; message: string } | { phase: 'loaded'; views: ReportView[]; attachments: number };

function PatAudit({ view }: { view: Extract<ReportView, { kind: 'audit' }> }): JSX.Element {
  const [part, setPart] = React.useState('findings');
  return (
    <>
      <TabBar
        className="pw-sub-tabs"
        selectedTabId={part}
        onSelectedTabChanged={setPart}
        tabSize={TabSize.Compact}
        ariaLabel="PAT audit views"
      >
        <Tab id="findings" name="Findings" />
        <Tab id="owners" name="By owner" />
        <Tab id="expiry" name="Expiry timeline" />
      </TabBar>
      {part === 'findings' && <AuditView report={view.report} />}
      {part === 'owners' && <PatOwnersView report={view.report} />}
      {part === 'expiry' && <PatExpiryView report={view.report} />}
    </>
  );
}

function ViewBody({ view }: { view: ReportView }): JSX.Element {
  switch (view.kind) {
    case 'audit':
      return view.task === 'PatAudit' ? <PatAudit view={view} /> : <AuditView report={view.report} />;
    case 'inventory':
      return <InventoryView report={view.report} />;
    case 'scaling':
      return <ScalingView report={view.report} />;
    case 'unreadable':
      return <p className="pw-error">This report could not be shown: {view.reason}</p>;
  }
}

const FALLBACK =
  'The markdown summaries on the Extensions tab and the JSON, CSV and SARIF files the tasks wrote (publish them as pipeline artifacts) hold the same results.';

/** The whole tab: one tab per task and organization of the run, each with its view. */
export function App({ state }: { state: LoadState }): JSX.Element {
  const views = state.phase === 'loaded' ? state.views : [];
  const [selected, setSelected] = React.useState<string | undefined>(undefined);
  const current = views.find((v) => v.key === selected) ?? views[0];
  React.useEffect(() => {
    if (state.phase === 'loaded') recordTiming({ kind: 'firstTable', ms: performance.now(), rows: 0 });
  }, [state.phase]);

  if (state.phase === 'loading')
    return (
      <p className="pw-loading" role="status">
        Loading the Pool Warden reports of this run…
      </p>
    );
  if (state.phase === 'failed')
    return (
      <div className="pw-error" role="alert">
        <h2>The Pool Warden reports of this run could not be read</h2>
        <p>{state.message}</p>
        <p>{FALLBACK}</p>
      </div>
    );
  if (views.length === 0)
    return (
      <div className="pw-empty-state" role="status">
        <h2>No Pool Warden reports in this run</h2>
        <p>
          Pool Warden tasks attach their JSON report to the run when they finish. This run has none: no Pool Warden task ran, or it stopped
          before writing its report.
        </p>
        <p>{FALLBACK}</p>
      </div>
    );
  return (
    <div className="pw-app">
      <TabBar
        className="pw-report-tabs"
        selectedTabId={current.key}
        onSelectedTabChanged={setSelected}
        tabSize={TabSize.Tall}
        ariaLabel="Reports of this run, by task and organization"
      >
        {views.map((view) => (
          <Tab key={view.key} id={view.key} name={view.label} />
        ))}
      </TabBar>
      <main className="pw-view" aria-label={current.label}>
        <ViewBody key={current.key} view={current} />
      </main>
    </div>
  );
}
