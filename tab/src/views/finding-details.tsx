import * as React from 'react';
import type { FindingRow } from '../model/findings';

function Facts({ title, facts }: { title: string; facts: [string, string][] }): JSX.Element | null {
  if (facts.length === 0) return null;
  return (
    <>
      <h4>{title}</h4>
      <dl className="pw-facts">
        {facts.map(([name, value]) => (
          <React.Fragment key={name}>
            <dt>{name}</dt>
            <dd>{value}</dd>
          </React.Fragment>
        ))}
      </dl>
    </>
  );
}

/** The selected finding in full: message, why it matters, how to fix it, its evidence and any field this version does not know. */
export function FindingDetails({ finding }: { finding?: FindingRow }): JSX.Element {
  if (!finding)
    return (
      <aside className="pw-details pw-details-empty" aria-label="Finding details">
        Select a finding (click, or arrow keys) to see its full text and how to fix it.
      </aside>
    );
  return (
    <aside className="pw-details" aria-label="Finding details" aria-live="polite">
      <h3>
        <span className={`pw-sev pw-sev-${finding.severity}`}>{finding.severity}</span> {finding.ruleId}: {finding.title}
      </h3>
      <p className="pw-message">{finding.message}</p>
      <Facts
        title="Where"
        facts={[
          [finding.resourceKind || 'resource', finding.resource],
          ...(finding.resourceParent ? ([['in', finding.resourceParent]] as [string, string][]) : []),
          ...(finding.principal ? ([['principal', `${finding.principal} ${finding.principalDetail}`.trim()]] as [string, string][]) : []),
          ...(finding.organization ? ([['organization', finding.organization]] as [string, string][]) : []),
          ...(finding.baselineState ? ([['baseline', finding.baselineState]] as [string, string][]) : []),
        ]}
      />
      {finding.rationale && (
        <>
          <h4>Why it matters</h4>
          <p>{finding.rationale}</p>
        </>
      )}
      {finding.fix && (
        <>
          <h4>Remediation</h4>
          <p className="pw-fix">{finding.fix}</p>
        </>
      )}
      {finding.exemption && (
        <p className="pw-exemption">
          Exempted until {finding.exemption.expires}: {finding.exemption.reason}
        </p>
      )}
      <Facts title="Evidence" facts={finding.evidence} />
      <Facts title="Other fields" facts={finding.other} />
    </aside>
  );
}
