/** Policy rules over the posture, the warnings for what could not be read, and the summary sections for both. */
import { concatResults, type RuleResult } from '../rules/result';
import type { TaskHost } from '../host';
import type { MarkdownSection } from '../report';
import { POSTURE_RULES } from './catalog';
import type { EventRead } from './events-read';
import { eventsSection } from './events-report';
import { READ_ROLES, type PolicyPosture, type PolicyStatus } from './posture';
import type { HoldingsByName } from './rules/PAT014';
import type { PatAuditSettings } from './settings';

export function judgePosture(posture: PolicyPosture, settings: PatAuditSettings): RuleResult {
  return concatResults(POSTURE_RULES.map((rule) => rule.evaluate(posture, settings)));
}

/** Policies whose read failed (not: policies absent from data that was read). */
function refused(posture: PolicyPosture | undefined): PolicyStatus[] {
  return (posture?.policies ?? []).filter((policy) => policy.readRole !== undefined);
}

/** One warning per part that could not be read, naming what would let the task read it. */
export function warnUnreadable(host: Pick<TaskHost, 'warning'>, posture: PolicyPosture | undefined, events: EventRead): void {
  // One warning per source: an organization that is not Entra-backed answers 404 to every tenant policy alike.
  const unreadable = refused(posture);
  for (const source of ['tenant', 'organization'] as const) {
    const policies = unreadable.filter((policy) => policy.source === source);
    if (policies.length === 0) continue;
    const reasons = [...new Set(policies.map((policy) => policy.reason))].join('; ');
    host.warning(
      `Could not read the ${source} policies ${policies.map((policy) => `"${policy.title}"`).join(', ')} (${reasons}); their state is unknown. ` +
        `To let the task read them, give the audit identity ${READ_ROLES[source]}.`,
    );
  }
  // Read, but lacking what a rule needs (a lifespan policy without its day limit): unknown for that rule.
  for (const policy of (posture?.policies ?? []).filter((p) => p.state !== 'unknown' && p.readRole === undefined && p.reason))
    host.warning(`The ${policy.source} policy "${policy.title}" is ${policy.reason}.`);
  if (events.state === 'unknown' && events.logging) {
    host.warning(
      `The audit log was read, but ${events.reason}: leaked and system-revoked tokens are unknown. Turn on "Log audit events" (Organization settings > Policies).`,
    );
  } else if (events.state === 'unknown') {
    host.warning(
      `Could not read the audit log (${events.reason}); leaked and system-revoked tokens are unknown. ` +
        `To let the task read it, give the audit identity ${READ_ROLES.auditLog}.`,
    );
  }
}

function valueText(policy: PolicyStatus): string {
  if (policy.value === undefined) return '';
  return Array.isArray(policy.value) ? policy.value.join(', ') : `${policy.value} days`;
}

/** The summary's "PAT policies" and "Audit log" sections. */
export function postureSections(
  posture: PolicyPosture | undefined,
  events: EventRead,
  settings: PatAuditSettings,
  lookbackDays: number,
  holdings?: HoldingsByName,
): MarkdownSection[] {
  const sections: MarkdownSection[] = [];
  if (posture) {
    const sources = [...new Set(refused(posture).map((policy) => policy.source))];
    sections.push({
      title: 'PAT policies',
      paragraphs: [
        posture.complete
          ? `Every policy was read. Lifespan limit judged against ${settings.maxLifetimeDays} days.`
          : `Incomplete: some policies could not be read and are unknown (neither a pass nor a finding). ` +
            `To read them, give the audit identity ${sources.map((source) => READ_ROLES[source]).join('; ') || 'the missing access'}.`,
      ],
      table: {
        headers: ['Policy', 'Source', 'State', 'Value', 'Reason'],
        rows: posture.policies.map((policy) => [policy.title, policy.source, policy.state, valueText(policy), policy.reason ?? '']),
      },
    });
  }
  const section = eventsSection(events, lookbackDays, holdings);
  if (section.state === 'skipped') return sections;
  if (section.state === 'unknown' && !section.logging) {
    sections.push({
      title: 'Audit log',
      paragraphs: [
        `Unknown: the audit log could not be read (${section.reason}). To read it, give the audit identity ${READ_ROLES.auditLog}.`,
      ],
    });
    return sections;
  }
  sections.push({
    title: `Audit log (last ${lookbackDays} days)`,
    paragraphs: [
      ...(section.logging ? [`Unknown: ${section.reason}. Turn on "Log audit events" (Organization settings > Policies).`] : []),
      `${section.entriesRead} audit events read; ${section.leaks.length} events of tokens found in a public repository or revoked by the system.`,
    ],
    table: {
      headers: ['When', 'Owner', 'Token', 'What'],
      rows: section.leaks.map((leak) => [leak.when, leak.owner ?? '', leak.tokenName ?? '', leak.what]),
    },
  });
  if (section.churn.length > 0) {
    sections.push({
      title: 'Token churn by owner',
      table: {
        headers: ['Owner', 'Created', 'Regenerated', 'Revoked'],
        rows: section.churn.map((row) => [row.owner, row.created, row.regenerated, row.revoked]),
      },
    });
  }
  return sections;
}
