import * as React from 'react';
import { isObject, list, text, type Json } from '../model/reports';
import { isManagedScaling, managedScalingModel } from '../model/scaling';
import { TextTable } from './text-table';

function snapshot(value: unknown): string {
  if (!isObject(value)) return '';
  return Object.entries(value)
    .filter(([, v]) => v !== undefined && v !== null)
    .map(([k, v]) => `${k} ${text(v)}`)
    .join(', ');
}

/** A Managed DevOps Pool run: the maximum, each changed field before → after, and the parallelism split. */
function ManagedScalingView({ report }: { report: Json }): JSX.Element {
  const m = managedScalingModel(report);
  return (
    <div className="pw-scaling pw-scaling-managed">
      <p className="pw-summary-line">
        {m.dryRun ? 'Dry run: ' : ''}
        {m.requested} on Managed DevOps Pool {m.poolName}: {m.outcome}
        {m.written ? '' : ' (nothing written)'}.
      </p>
      <dl className="pw-facts">
        <dt>resource</dt>
        <dd>{m.resourceId}</dd>
        <dt>maximum concurrency</dt>
        <dd>
          {m.maximum.before} → {m.maximum.after}
          {m.maximum.final !== undefined && m.maximum.final !== m.maximum.after ? ` (now ${m.maximum.final})` : ''}
        </dd>
        {m.machines.length > 0 && (
          <>
            <dt>machines</dt>
            <dd>{m.machines.map((x) => `${x.status} ${x.count}`).join(', ')}</dd>
          </>
        )}
      </dl>
      {m.notes.length > 0 && (
        <ul className="pw-missing">
          {m.notes.map((note, i) => (
            <li key={i}>{note}</li>
          ))}
        </ul>
      )}
      <h3>Changes ({m.changes.length})</h3>
      {m.changes.length > 0 ? (
        <TextTable<{ field: string; before: string; after: string }>
          label="Changed settings"
          rows={m.changes}
          columns={[
            { id: 'field', name: 'Setting', weight: 25, text: (r) => r.field },
            { id: 'before', name: 'Before', weight: 35, text: (r) => r.before },
            { id: 'after', name: 'After', weight: 35, text: (r) => r.after },
          ]}
        />
      ) : (
        <p className="pw-empty">Nothing to change.</p>
      )}
      {m.parallelism.length > 0 && (
        <>
          <h3>Parallelism per organization</h3>
          <TextTable<{ organization: string; before: number; after: number }>
            label="Parallelism per organization"
            rows={m.parallelism}
            columns={[
              { id: 'org', name: 'Organization', weight: 50, text: (r) => r.organization },
              { id: 'change', name: 'Before → after', weight: 30, text: (r) => `${r.before} → ${r.after}` },
            ]}
          />
        </>
      )}
    </div>
  );
}

/** A scaling run: what was asked, the plan, and what happened to each agent. */
export function ScalingView({ report }: { report: Json }): JSX.Element {
  if (isManagedScaling(report)) return <ManagedScalingView report={report} />;
  const plan = isObject(report.plan) ? report.plan : {};
  const result = isObject(report.result) ? report.result : {};
  const agents = list(result.agents).filter(isObject);
  const candidates = list(plan.steps)
    .filter(isObject)
    .flatMap((step) => list(step.candidates).filter(isObject));
  const actions = list(result.actions).filter(isObject);
  const notes = [...list(plan.clipping), ...list(plan.warnings), ...list(result.shortfalls), ...list(result.errors)].map(text);
  return (
    <div className="pw-scaling">
      <p className="pw-summary-line">
        {plan.dryRun ? 'Dry run: ' : ''}
        {text(plan.requested)} on pool {text(plan.poolName)} ({text(plan.poolKind)}): {text(result.outcome)}; {text(result.agentsAdded)}{' '}
        added, {text(result.agentsRemoved)} removed, {text(result.agentsSkippedBusy)} skipped busy.
      </p>
      <dl className="pw-facts">
        <dt>before</dt>
        <dd>{snapshot(plan.before)}</dd>
        <dt>planned after</dt>
        <dd>{snapshot(plan.after)}</dd>
        <dt>steps</dt>
        <dd>
          {list(plan.steps)
            .filter(isObject)
            .map((s) => text(s.kind))
            .join(' → ') || 'none'}
        </dd>
      </dl>
      {notes.length > 0 && (
        <ul className="pw-missing">
          {notes.map((note, i) => (
            <li key={i}>{note}</li>
          ))}
        </ul>
      )}
      <h3>Agents ({agents.length || candidates.length})</h3>
      {agents.length > 0 ? (
        <TextTable<Json>
          label="What happened to each agent"
          rows={agents}
          columns={[
            { id: 'agent', name: 'Agent', weight: 20, text: (r) => text(r.agentName) },
            { id: 'outcome', name: 'Outcome', weight: 14, text: (r) => text(r.outcome) },
            { id: 'reason', name: 'Why', weight: 50, text: (r) => `${text(r.reason)}${r.reEnabled ? ' (re-enabled)' : ''}` },
          ]}
        />
      ) : candidates.length > 0 ? (
        <TextTable<Json>
          label="Planned agents"
          rows={candidates}
          columns={[
            { id: 'agent', name: 'Agent', weight: 20, text: (r) => text(r.agentName) },
            { id: 'status', name: 'Status', weight: 10, text: (r) => text(r.status) },
            {
              id: 'actions',
              name: 'Planned',
              weight: 25,
              text: (r) => list(r.actions).map(text).join(' → ') + (r.alternate ? ' (alternate)' : ''),
            },
            { id: 'reason', name: 'Why', weight: 35, text: (r) => text(r.reason) },
          ]}
        />
      ) : (
        <p className="pw-empty">No agent was touched.</p>
      )}
      {actions.length > 0 && (
        <>
          <h3>Actions ({actions.length})</h3>
          <TextTable<Json>
            label="Actions"
            rows={actions}
            maxHeight={300}
            columns={[
              { id: 'at', name: 'At', weight: 16, text: (r) => text(r.at) },
              { id: 'action', name: 'Action', weight: 14, text: (r) => text(r.action) },
              { id: 'target', name: 'Target', weight: 20, text: (r) => text(r.target) },
              {
                id: 'change',
                name: 'Before → after',
                weight: 18,
                text: (r) => (r.before || r.after ? `${text(r.before)} → ${text(r.after)}` : ''),
              },
              { id: 'ok', name: 'Result', weight: 22, text: (r) => `${r.ok ? 'ok' : 'failed'}${r.detail ? `: ${text(r.detail)}` : ''}` },
            ]}
          />
        </>
      )}
    </div>
  );
}
