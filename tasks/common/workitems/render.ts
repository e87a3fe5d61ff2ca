/**
 * What a follow-up work item says: its title, a description table of its current findings (owner, severity, first
 * seen, what to do) that later runs read back, and the comments when findings come and go. Names come from the
 * organization and are escaped for HTML.
 */
import type { RuleInfo, Severity } from '../model/finding';
import { describePrincipal, describeResource } from '../report/describe';
import { escapeXmlAttribute, toSingleLine, truncate } from '../report/escape';
import type { ItemEntry, ItemGroup } from './groups';

/** An entry as the description holds it: `pw:<key>:<severity>` in the first column, the rule id in the third. */
export interface ListedEntry {
  key: string;
  severity: Severity;
  /** Read from the Rule cell of the row; undefined when the table was edited and the cell is gone. */
  ruleId?: string;
}

const ENTRY = /pw:([0-9a-f]{12}):(critical|high|medium|low)(?:<\/td>\s*<td[^>]*>[^<]*<\/td>\s*<td[^>]*>\s*([A-Z]+[0-9]+)\b)?/g;
/** The Resource and Principal cells of a row carried without being judged this run. */
const NOT_JUDGED_CELL = '(not judged this run)';
const MAX_TITLE = 255;

const html = (value: unknown) => escapeXmlAttribute(value);

export function itemTitle(task: string, group: ItemGroup): string {
  return truncate(toSingleLine(`Pool Warden ${task}: ${group.label}`), MAX_TITLE);
}

/**
 * `carried`: entries an earlier run listed whose rule this run could not judge; kept as rows (from what the table
 * said) so they are neither dropped nor reported as resolved.
 */
export function itemDescription(
  task: string,
  organization: string,
  group: ItemGroup,
  rules: readonly RuleInfo[],
  carried: readonly ListedEntry[] = [],
): string {
  const fixes = new Map(rules.map((rule) => [rule.id, rule.fix || rule.rationale]));
  const titles = new Map(rules.map((rule) => [rule.id, rule.title]));
  const judged = group.entries.map(({ key, finding }) => ({
    key,
    cells: [
      `pw:${key}:${finding.severity}`,
      finding.severity,
      `${finding.ruleId} ${finding.title}`,
      describeResource(finding.resource),
      describePrincipal(finding),
      (finding.firstSeen ?? '').slice(0, 10),
      fixes.get(finding.ruleId) ?? '',
    ],
  }));
  const kept = carried.map(({ key, severity, ruleId }) => ({
    key,
    cells: [
      `pw:${key}:${severity}`,
      severity,
      `${ruleId ?? ''} ${titles.get(ruleId ?? '') ?? ''}`.trim(),
      NOT_JUDGED_CELL,
      NOT_JUDGED_CELL,
      '',
      fixes.get(ruleId ?? '') ?? '',
    ],
  }));
  const rows = [...judged, ...kept]
    .sort((a, b) => a.key.localeCompare(b.key))
    .map(({ cells }) => cells.map((cell) => `<td>${html(cell)}</td>`).join(''));
  const count = group.entries.length + carried.length;
  const owner = group.owner ? `<p>Owner: ${html(describeOwner(group.owner))}</p>` : '';
  return [
    `<p>Pool Warden ${html(task)} found ${count} problem${count === 1 ? '' : 's'} in organization <b>${html(organization)}</b>: ${html(group.label)}.</p>`,
    owner,
    '<p>Each run keeps this work item in step with the audit: it updates this table when findings change, comments on what was added or resolved, and closes the work item when all are resolved. Edits to the table are overwritten.</p>',
    '<table><tr><th>Key</th><th>Severity</th><th>Rule</th><th>Resource</th><th>Principal</th><th>First seen</th><th>What to do</th></tr>',
    ...rows.map((row) => `<tr>${row}</tr>`),
    '</table>',
  ].join('');
}

/** The entries an earlier run listed in a description (nothing for a description someone replaced). */
export function listedEntries(description: unknown): ListedEntry[] {
  const found = new Map<string, ListedEntry>();
  for (const match of String(description ?? '').matchAll(ENTRY))
    found.set(match[1], { key: match[1], severity: match[2] as Severity, ...(match[3] ? { ruleId: match[3] } : {}) });
  return [...found.values()];
}

/** A comment naming the findings added, changed in severity and resolved since the last run. */
export function changeComment(added: readonly ItemEntry[], changed: readonly ItemEntry[], resolved: readonly ListedEntry[]): string {
  const parts: string[] = [];
  const list = (entries: readonly ItemEntry[]) =>
    entries
      .map(({ key, finding }) => `<li>${html(`[${finding.severity}] ${finding.ruleId} ${finding.message}`)} (pw:${key})</li>`)
      .join('');
  if (added.length > 0) parts.push(`<p>New findings:</p><ul>${list(added)}</ul>`);
  if (changed.length > 0) parts.push(`<p>Severity changed:</p><ul>${list(changed)}</ul>`);
  if (resolved.length > 0)
    parts.push(`<p>Resolved:</p><ul>${resolved.map((entry) => `<li>pw:${entry.key} (${entry.severity})</li>`).join('')}</ul>`);
  return `<p>Pool Warden: the findings of this work item changed.</p>${parts.join('')}`;
}

export function closeComment(resolved: readonly ListedEntry[]): string {
  const keys = resolved.map((entry) => `pw:${entry.key}`).join(', ');
  return `<p>Pool Warden: all findings of this work item are resolved${keys ? ` (${keys})` : ''}; closing it.</p>`;
}

function describeOwner(owner: NonNullable<ItemGroup['owner']>): string {
  const contact = owner.mailAddress ?? owner.principalName;
  return contact && contact !== owner.displayName ? `${owner.displayName} <${contact}>` : owner.displayName;
}
