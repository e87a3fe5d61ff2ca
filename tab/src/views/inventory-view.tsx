import * as React from 'react';
import { FilterBar } from 'azure-devops-ui/FilterBar';
import { KeywordFilterBarItem } from 'azure-devops-ui/TextFilterBarItem';
import { Filter, FILTER_CHANGE_EVENT } from 'azure-devops-ui/Utilities/Filter';
import { isObject, list, num, text, type Json } from '../model/reports';
import { ExtraSections } from './extra-sections';
import { TextTable } from './text-table';

/** Top-level inventory fields this view shows itself. */
const KNOWN_FIELDS = ['pools', 'staleAgents', 'missing', 'filters', 'totals'];

interface PoolRow {
  name: string;
  kind: string;
  agents: number;
  online: number;
  busy: number;
  stale: number;
  details: string;
}

interface AgentRow {
  pool: string;
  name: string;
  status: string;
  version: string;
  os: string;
  job: string;
  haystack: string;
}

/** Every agent of every pool, with a text filter (pool, name, status, version, OS, job). */
function AgentsTable({ report }: { report: Json }): JSX.Element {
  const agents = React.useMemo(
    () =>
      list(report.pools)
        .filter(isObject)
        .flatMap((pool) =>
          list(pool.agents)
            .filter(isObject)
            .map((agent): AgentRow => {
              const job = isObject(agent.currentJob) ? agent.currentJob : isObject(agent.lastJob) ? agent.lastJob : undefined;
              const row = {
                pool: text(pool.name),
                name: text(agent.name),
                status: `${text(agent.status)}${agent.busy ? ', busy' : ''}${agent.enabled === false ? ', disabled' : ''}${agent.stale ? ', stale' : ''}`,
                version: text(agent.version),
                os: text(agent.osDescription),
                job: job
                  ? `${isObject(agent.currentJob) ? 'running' : 'last'}: ${text(job.definitionName ?? job.jobName)} ${text(job.result)}`.trim()
                  : '',
                haystack: '',
              };
              row.haystack = [row.pool, row.name, row.status, row.version, row.os, row.job].join('\n').toLowerCase();
              return row;
            }),
        ),
    [report],
  );
  const filter = React.useMemo(() => new Filter(), []);
  const [words, setWords] = React.useState<string[]>([]);
  React.useEffect(() => {
    const onChange = () => setWords((filter.getFilterItemValue<string>('agents') ?? '').toLowerCase().split(/\s+/).filter(Boolean));
    filter.subscribe(onChange, FILTER_CHANGE_EVENT);
    return () => filter.unsubscribe(onChange, FILTER_CHANGE_EVENT);
  }, [filter]);
  const shown = React.useMemo(() => agents.filter((a) => words.every((w) => a.haystack.includes(w))), [agents, words]);
  return (
    <section aria-label="Agents">
      <h3>Agents ({shown.length === agents.length ? agents.length : `${shown.length} of ${agents.length}`})</h3>
      <FilterBar filter={filter} className="pw-filter-bar">
        <KeywordFilterBarItem filterItemKey="agents" placeholder="Filter agents by pool, name, status, version, OS or job" />
      </FilterBar>
      <TextTable<AgentRow>
        label="Agents"
        rows={shown}
        maxHeight={360}
        columns={[
          { id: 'pool', name: 'Pool', weight: 16, text: (r) => r.pool },
          { id: 'name', name: 'Agent', weight: 16, text: (r) => r.name },
          { id: 'status', name: 'Status', weight: 16, text: (r) => r.status },
          { id: 'version', name: 'Version', weight: 9, text: (r) => r.version },
          { id: 'os', name: 'OS', weight: 18, text: (r) => r.os },
          { id: 'job', name: 'Job', weight: 25, text: (r) => r.job },
        ]}
      />
    </section>
  );
}

/** Elastic (scale set) or managed pool details, else the self-managed scale set, as one line of text. */
function detailsOf(pool: Json): string {
  if (isObject(pool.elastic)) {
    const e = pool.elastic;
    const nodes = isObject(e.nodeStates) ? Object.entries(e.nodeStates).map(([state, count]) => `${text(count)} ${state}`) : [];
    return `standby ${text(e.desiredIdle)}, max ${text(e.maxCapacity)}, ttl ${text(e.timeToLiveMinutes)} min${e.state ? `, ${text(e.state)}` : ''}${nodes.length ? `; nodes: ${nodes.join(', ')}` : ''}`;
  }
  if (isObject(pool.scaleSet)) {
    const s = pool.scaleSet;
    if (s.unreadable) return `scale set unreadable: ${text(s.unreadable)}`;
    return `capacity ${text(s.capacity)}, ${text(s.orchestrationMode)} ${text(s.provisioningState)}`.trim();
  }
  // Fields other helpers may add (e.g. managed pools): shown as they are.
  const known = new Set(['id', 'name', 'kind', 'poolType', 'options', 'size', 'autoProvision', 'autoUpdate', 'queues', 'counts', 'agents']);
  const extra = Object.entries(pool).filter(([k, v]) => !known.has(k) && v !== undefined && v !== null);
  return extra.map(([k, v]) => `${k}: ${text(v)}`).join('; ');
}

/** The inventory: pools with their counts and scale details, then the stale agents. */
export function InventoryView({ report }: { report: Json }): JSX.Element {
  const pools = React.useMemo(
    () =>
      list(report.pools)
        .filter(isObject)
        .map((pool): PoolRow => {
          const counts = isObject(pool.counts) ? pool.counts : {};
          return {
            name: text(pool.name),
            kind: text(pool.kind),
            agents: num(counts.agents),
            online: num(counts.online),
            busy: num(counts.busy),
            stale: num(counts.stale),
            details: detailsOf(pool),
          };
        }),
    [report],
  );
  const stale = list(report.staleAgents).filter(isObject);
  const totals = isObject(report.totals) ? report.totals : {};
  return (
    <div className="pw-inventory">
      <p className="pw-summary-line">
        {num(totals.pools)} pools, {num(totals.agents)} agents ({num(totals.online)} online, {num(totals.busy)} busy, {num(totals.stale)}{' '}
        stale){report.complete === false ? ' · incomplete' : ''}
      </p>
      {list(report.missing).filter(isObject).length > 0 && (
        <ul className="pw-missing" aria-label="Not read">
          {list(report.missing)
            .filter(isObject)
            .map((m, i) => (
              <li key={i}>
                Not read: {text(m.scope)}: {text(m.reason)}
              </li>
            ))}
        </ul>
      )}
      <TextTable<PoolRow>
        label="Agent pools"
        rows={pools}
        columns={[
          { id: 'name', name: 'Pool', weight: 20, text: (r) => r.name },
          { id: 'kind', name: 'Kind', weight: 10, text: (r) => r.kind },
          { id: 'agents', name: 'Agents', weight: 7, text: (r) => String(r.agents) },
          { id: 'online', name: 'Online', weight: 7, text: (r) => String(r.online) },
          { id: 'busy', name: 'Busy', weight: 7, text: (r) => String(r.busy) },
          { id: 'stale', name: 'Stale', weight: 7, text: (r) => String(r.stale) },
          { id: 'details', name: 'Scale set / managed pool', weight: 40, text: (r) => r.details },
        ]}
      />
      <AgentsTable report={report} />
      <h3>Stale agents ({stale.length})</h3>
      {stale.length > 0 ? (
        <TextTable<Json>
          label="Stale agents"
          rows={stale}
          maxHeight={300}
          columns={[
            { id: 'agent', name: 'Agent', weight: 25, text: (r) => text(r.agentName) },
            { id: 'pool', name: 'Pool', weight: 25, text: (r) => text(r.poolName) },
            { id: 'since', name: 'Offline since', weight: 20, text: (r) => text(r.offlineSince) },
            { id: 'hours', name: 'Hours', weight: 10, text: (r) => text(r.offlineHours) },
          ]}
        />
      ) : (
        <p className="pw-empty">No stale agent.</p>
      )}
      <ExtraSections report={report} known={KNOWN_FIELDS} />
    </div>
  );
}
