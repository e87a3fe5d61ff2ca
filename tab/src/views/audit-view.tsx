import * as React from 'react';
import { Button } from 'azure-devops-ui/Button';
import { DropdownFilterBarItem } from 'azure-devops-ui/Dropdown';
import { FilterBar } from 'azure-devops-ui/FilterBar';
import { Pill, PillSize, PillVariant } from 'azure-devops-ui/Pill';
import { PillGroup } from 'azure-devops-ui/PillGroup';
import { KeywordFilterBarItem } from 'azure-devops-ui/TextFilterBarItem';
import { DropdownMultiSelection } from 'azure-devops-ui/Utilities/DropdownSelection';
import { Filter, FILTER_CHANGE_EVENT } from 'azure-devops-ui/Utilities/Filter';
import {
  filterRows,
  findingRows,
  NO_FILTER,
  rowsToCsv,
  severityCounts,
  SEVERITY_ORDER,
  sortRows,
  type FindingFilter,
  type FindingRow,
  type SortKey,
} from '../model/findings';
import { list, text, type Json } from '../model/reports';
import { copyText } from './clipboard';
import { FindingDetails } from './finding-details';
import { TextTable, type TextColumn } from './text-table';
import { recordTiming } from './timing';

const SEVERITY_COLUMN: TextColumn<FindingRow> = {
  id: 'severity',
  name: 'Severity',
  weight: 9,
  text: (r) => r.severity,
  className: (r) => `pw-sev pw-sev-${r.severity}`,
  sortable: true,
};

function columnsFor(rows: readonly FindingRow[]): TextColumn<FindingRow>[] {
  const columns: TextColumn<FindingRow>[] = [
    SEVERITY_COLUMN,
    { id: 'ruleId', name: 'Rule', weight: 10, text: (r) => r.ruleId, sortable: true },
    {
      id: 'resource',
      name: 'Resource',
      weight: 22,
      text: (r) => (r.resourceParent ? `${r.resource} (${r.resourceParent})` : r.resource),
      sortable: true,
    },
    { id: 'principal', name: 'Principal', weight: 18, text: (r) => r.principal, sortable: true },
    { id: 'title', name: 'Finding', weight: 34, text: (r) => r.title || r.message },
  ];
  if (rows.some((r) => r.organization))
    columns.splice(4, 0, { id: 'organization', name: 'Organization', weight: 10, text: (r) => r.organization });
  if (rows.some((r) => r.baselineState))
    columns.splice(1, 0, { id: 'baselineState', name: 'Baseline', weight: 9, text: (r) => r.baselineState, sortable: true });
  return columns;
}

function readFilter(filter: Filter): FindingFilter {
  return {
    severities: filter.getFilterItemValue<string[]>('severity') ?? [],
    rules: filter.getFilterItemValue<string[]>('rule') ?? [],
    resource: filter.getFilterItemValue<string>('resource') ?? '',
    principal: filter.getFilterItemValue<string>('principal') ?? '',
    text: filter.getFilterItemValue<string>('keyword') ?? '',
  };
}

/** An audit's findings: severity counts, a filter bar, a sortable table, exempted findings apart, details on selection. */
export function AuditView({ report }: { report: Json }): JSX.Element {
  const all = React.useMemo(() => findingRows(report), [report]);
  const active = React.useMemo(() => all.filter((r) => !r.exemption), [all]);
  const exempted = React.useMemo(() => all.filter((r) => r.exemption), [all]);
  const counts = React.useMemo(() => severityCounts(active), [active]);
  const rules = React.useMemo(() => [...new Set(all.map((r) => r.ruleId))].sort(), [all]);
  const filter = React.useMemo(() => new Filter(), []);
  const severitySelection = React.useMemo(() => new DropdownMultiSelection(), []);
  const ruleSelection = React.useMemo(() => new DropdownMultiSelection(), []);
  const [criteria, setCriteria] = React.useState<FindingFilter>(NO_FILTER);
  const [sort, setSort] = React.useState<{ id: string; descending: boolean }>({ id: 'severity', descending: false });
  const [selected, setSelected] = React.useState<FindingRow | undefined>();
  const [status, setStatus] = React.useState('');
  const filterStarted = React.useRef<number | undefined>(undefined);

  React.useEffect(() => {
    const onChange = () => {
      filterStarted.current = performance.now();
      setCriteria(readFilter(filter));
    };
    filter.subscribe(onChange, FILTER_CHANGE_EVENT);
    return () => filter.unsubscribe(onChange, FILTER_CHANGE_EVENT);
  }, [filter]);

  // Sorted once per sort order; filtering keeps that order, so a keystroke costs one pass over the rows.
  const sorted = React.useMemo(() => sortRows(active, sort.id as SortKey, sort.descending), [active, sort]);
  const shown = React.useMemo(() => filterRows(sorted, criteria), [sorted, criteria]);
  const shownExempted = React.useMemo(() => filterRows(exempted, criteria), [exempted, criteria]);
  const columns = React.useMemo(() => columnsFor(all), [all]);

  React.useEffect(() => {
    if (filterStarted.current === undefined) return;
    const started = filterStarted.current;
    filterStarted.current = undefined;
    requestAnimationFrame(() => recordTiming({ kind: 'filter', ms: performance.now() - started, rows: shown.length }));
  }, [shown]);

  const toggleSeverity = (severity: string) => {
    const current = filter.getFilterItemValue<string[]>('severity') ?? [];
    const next = current.includes(severity) ? current.filter((s) => s !== severity) : [...current, severity];
    filter.setFilterItemState('severity', { value: next });
    severitySelection.clear();
    for (const s of next) severitySelection.select(SEVERITY_ORDER.indexOf(s as (typeof SEVERITY_ORDER)[number]));
  };

  const copy = () => {
    copyText(rowsToCsv(shown)).then(
      () => setStatus(`Copied ${shown.length} findings as CSV.`),
      (error: unknown) => setStatus(`Could not copy: ${error instanceof Error ? error.message : String(error)}`),
    );
  };

  const outcome = report.outcome as Json | undefined;
  const missing = list(report.missing) as Json[];
  return (
    <div className="pw-audit">
      <div className="pw-summary-line">
        <PillGroup className="pw-counts">
          {SEVERITY_ORDER.map((severity) => (
            <Pill
              key={severity}
              size={PillSize.large}
              variant={criteria.severities.includes(severity) ? PillVariant.colored : PillVariant.outlined}
              className={`pw-pill pw-sev-${severity}`}
              onClick={() => toggleSeverity(severity)}
              ariaLabel={`${counts[severity]} ${severity} findings; select to filter`}
            >
              <span data-severity={severity} className="pw-count">
                {counts[severity]}
              </span>{' '}
              {severity}
            </Pill>
          ))}
          <Pill size={PillSize.large} className="pw-pill" ariaLabel={`${exempted.length} exempted findings`}>
            <span className="pw-count" data-severity="exempted">
              {exempted.length}
            </span>{' '}
            exempted
          </Pill>
        </PillGroup>
        <span className="pw-outcome">
          {outcome ? `${text(outcome.result)}: ${text(outcome.reason)}` : ''}
          {report.complete === false ? ' · incomplete: some scopes could not be read' : ''}
        </span>
      </div>
      {missing.length > 0 && (
        <ul className="pw-missing" aria-label="Not audited">
          {missing.map((m, i) => (
            <li key={i}>
              Not audited: {text(m.scope)}: {text(m.reason)}
            </li>
          ))}
        </ul>
      )}
      <FilterBar filter={filter} className="pw-filter-bar">
        <KeywordFilterBarItem filterItemKey="keyword" placeholder="Filter by text" />
        <KeywordFilterBarItem filterItemKey="resource" placeholder="Resource" />
        <KeywordFilterBarItem filterItemKey="principal" placeholder="Principal" />
        <DropdownFilterBarItem
          filterItemKey="severity"
          filter={filter}
          items={SEVERITY_ORDER.map((s) => ({ id: s, text: s }))}
          selection={severitySelection}
          placeholder="Severity"
        />
        <DropdownFilterBarItem
          filterItemKey="rule"
          filter={filter}
          items={rules.map((r) => ({ id: r, text: r }))}
          selection={ruleSelection}
          placeholder="Rule"
          showFilterBox={rules.length > 8}
        />
      </FilterBar>
      <div className="pw-toolbar">
        <span className="pw-shown" role="status">
          {shown.length === active.length
            ? `${active.length} ${active.length === 1 ? 'finding' : 'findings'}`
            : `${shown.length} of ${active.length} findings`}
        </span>
        <Button text="Copy as CSV" onClick={copy} disabled={shown.length === 0} ariaLabel="Copy the shown findings as CSV" />
        <span className="pw-copy-status" role="status">
          {status}
        </span>
      </div>
      <div className="pw-split">
        <div className="pw-split-main">
          {shown.length > 0 ? (
            <TextTable<FindingRow>
              label="Findings"
              rows={shown}
              columns={columns}
              onSelect={setSelected}
              sortedBy={sort}
              onSort={(id, descending) => setSort({ id, descending })}
            />
          ) : (
            <p className="pw-empty">{active.length === 0 ? 'No findings: every rule passed.' : 'No finding matches the filter.'}</p>
          )}
        </div>
        <FindingDetails finding={selected} />
      </div>
      {exempted.length > 0 && (
        <section className="pw-exempted" aria-label="Exempted findings">
          <h3>Exempted ({shownExempted.length === exempted.length ? exempted.length : `${shownExempted.length} of ${exempted.length}`})</h3>
          <p className="pw-note">Covered by an exemption in the policy file until it expires; they do not count towards the result.</p>
          <TextTable<FindingRow>
            label="Exempted findings"
            rows={shownExempted}
            maxHeight={240}
            onSelect={setSelected}
            columns={[
              ...columns.filter((c) => c.id !== 'title'),
              { id: 'until', name: 'Until', weight: 9, text: (r) => r.exemption?.expires ?? '' },
              { id: 'reason', name: 'Reason', weight: 25, text: (r) => r.exemption?.reason ?? '' },
            ]}
          />
        </section>
      )}
    </div>
  );
}
