import { createHash } from 'node:crypto';
import type { Finding, PrincipalRef, Severity } from '../model/finding';
import { severityRank } from '../policy/outcome';
import { findingFingerprint } from '../report/fingerprint';
import type { WorkItemMode } from './inputs';

/** What one work item is about in `perOwner` mode: a pool (PoolRoleAudit) or a token owner (PatAudit). */
export interface GroupRef {
  kind: string;
  id: string;
  label: string;
}

/** How an audit groups and assigns: the owner group of a finding, and the user a work item may be assigned to. */
export interface Grouping {
  groupOf(finding: Finding): GroupRef;
  ownerOf(finding: Finding): PrincipalRef | undefined;
}

/** One finding as a work item lists it; `key` is the start of its fingerprint. */
export interface ItemEntry {
  key: string;
  finding: Finding;
}

/** The findings one work item tracks. */
export interface ItemGroup {
  /** Stable across runs (task, organization, mode, group): the `pw-<key>` tag finds the work item again. */
  key: string;
  label: string;
  owner?: PrincipalRef;
  entries: ItemEntry[];
}

/** Length of the fingerprint prefix in a work item's table (48 bits: no collision among one item's findings). */
export const ENTRY_KEY_LENGTH = 12;

/**
 * The work items the findings call for: unexempted findings at or above `minSeverity`, one group per finding or per
 * owner group. Keys come from the task, organization, mode and the group's identity (never names), so a rename
 * keeps the same work item.
 */
export function groupFindings(
  findings: readonly Finding[],
  options: { mode: Exclude<WorkItemMode, 'none'>; task: string; organization: string; minSeverity: Severity; grouping: Grouping },
): ItemGroup[] {
  const groups = new Map<string, ItemGroup>();
  const threshold = severityRank(options.minSeverity);
  for (const finding of findings) {
    if (finding.exemption || severityRank(finding.severity) < threshold) continue;
    const fingerprint = findingFingerprint(finding, options.organization);
    const ref: GroupRef =
      options.mode === 'perFinding'
        ? {
            kind: 'finding',
            id: fingerprint,
            label: `${finding.ruleId} ${finding.title}: ${finding.resource.kind} ${finding.resource.name}`,
          }
        : options.grouping.groupOf(finding);
    const key = groupKey(options.task, options.organization, options.mode, ref);
    let group = groups.get(key);
    if (!group) {
      group = { key, label: ref.label, owner: options.grouping.ownerOf(finding), entries: [] };
      groups.set(key, group);
    }
    group.entries.push({ key: fingerprint.slice(0, ENTRY_KEY_LENGTH), finding });
  }
  return [...groups.values()];
}

/** The `pw-<key>` tag value of a group. */
export function groupKey(task: string, organization: string, mode: string, ref: Pick<GroupRef, 'kind' | 'id'>): string {
  const parts = [task, organization.toLowerCase(), mode, ref.kind, ref.id.toLowerCase()];
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 16);
}
