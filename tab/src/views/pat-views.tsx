import * as React from 'react';
import { findingRows } from '../model/findings';
import { expiryTimeline, ownerRows, tokenTotals, type ExpiringToken, type OwnerRow } from '../model/pats';
import type { Json } from '../model/reports';
import { TextTable } from './text-table';

/** PAT findings grouped by the token's owner: who to talk to first. */
export function PatOwnersView({ report }: { report: Json }): JSX.Element {
  const owners = React.useMemo(() => ownerRows(findingRows(report)), [report]);
  if (owners.length === 0) return <p className="pw-empty">No token owner has an unexempted finding.</p>;
  return (
    <TextTable<OwnerRow>
      label="Findings by token owner"
      rows={owners}
      columns={[
        { id: 'worst', name: 'Worst', weight: 8, text: (r) => r.worst, className: (r) => `pw-sev pw-sev-${r.worst}` },
        { id: 'owner', name: 'Owner', weight: 20, text: (r) => r.owner },
        { id: 'contact', name: 'Mail / principal', weight: 24, text: (r) => r.contact },
        { id: 'tokens', name: 'Tokens', weight: 7, text: (r) => String(r.tokens) },
        { id: 'findings', name: 'Findings', weight: 7, text: (r) => String(r.findings) },
        { id: 'rules', name: 'Rules', weight: 24, text: (r) => r.rules.join(', ') },
      ]}
    />
  );
}

/** When the tokens expire: a bar per period, then every expiring token in date order. */
export function PatExpiryView({ report }: { report: Json }): JSX.Element {
  const buckets = React.useMemo(() => expiryTimeline(report), [report]);
  const totals = tokenTotals(report);
  const tokens = buckets.flatMap((b) => b.tokens);
  const widest = Math.max(1, ...buckets.map((b) => b.tokens.length));
  return (
    <div className="pw-expiry">
      <p>
        {totals.tokens} tokens ({totals.live} live): {totals.global} global, {totals.fullScope} full access, {totals.expiring} expiring
        soon.
      </p>
      <ol className="pw-timeline" aria-label="Expiry timeline">
        {buckets.map((bucket) => (
          <li key={bucket.label}>
            <span className="pw-timeline-label">{bucket.label}</span>
            <span className="pw-timeline-bar" style={{ width: `${(bucket.tokens.length / widest) * 60}%` }} />
            <span className="pw-timeline-count">{bucket.tokens.length}</span>
          </li>
        ))}
      </ol>
      {tokens.length > 0 ? (
        <TextTable<ExpiringToken>
          label="Expiring tokens"
          rows={tokens}
          maxHeight={320}
          columns={[
            { id: 'validTo', name: 'Expires', weight: 12, text: (r) => r.validTo.slice(0, 10) },
            { id: 'daysLeft', name: 'Days left', weight: 8, text: (r) => String(r.daysLeft) },
            { id: 'owner', name: 'Owner', weight: 20, text: (r) => r.owner },
            { id: 'contact', name: 'Mail', weight: 22, text: (r) => r.contact },
            { id: 'name', name: 'Token', weight: 24, text: (r) => r.name },
          ]}
        />
      ) : (
        <p className="pw-empty">No token expires within the notice period.</p>
      )}
    </div>
  );
}
