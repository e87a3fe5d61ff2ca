import type { RuleInfo } from '../model/finding';
import type { ItemEntry, ItemGroup } from './groups';
import { changeComment, closeComment, itemDescription, itemTitle, listedEntries, type ListedEntry } from './render';

/** An open work item an earlier run filed (found by tag). */
export interface ExistingItem {
  id: number;
  /** The group key from its `pw-<key>` tag. */
  key: string;
  title: string;
  description: unknown;
}

export type PlannedAction =
  | { kind: 'create'; key: string; title: string; description: string; assignTo?: string; findings: number }
  | { kind: 'update'; id: number; key: string; title: string; description: string; comment: string; findings: number }
  | { kind: 'close'; id: number; key: string; title: string; comment: string; findings: 0 };

export interface WorkItemPlan {
  actions: PlannedAction[];
  /** Things that were left alone, and why (for the log and the summary). */
  notes: string[];
}

export interface PlanContext {
  task: string;
  organization: string;
  rules: readonly RuleInfo[];
  assignToOwner: boolean;
  /** False when the audit could not read everything: then no work item is closed (a finding may only be unread). */
  complete: boolean;
}

/**
 * Keeps work items in step with the groups of findings: create one for a group without an open work item, update one
 * whose listed findings (key and severity) differ from the current ones (description + comment), close one whose
 * group has no finding left. An unchanged group makes no request, so identical runs never write.
 */
export function planWorkItems(groups: readonly ItemGroup[], existing: readonly ExistingItem[], context: PlanContext): WorkItemPlan {
  const notes: string[] = [];
  const open = new Map<string, ExistingItem>();
  for (const item of [...existing].sort((a, b) => a.id - b.id)) {
    const earlier = open.get(item.key);
    if (earlier) notes.push(`Work item ${item.id} has the same key as ${earlier.id} (pw-${item.key}); only ${earlier.id} is kept in step.`);
    else open.set(item.key, item);
  }
  const actions: PlannedAction[] = [];
  for (const group of groups) {
    const title = itemTitle(context.task, group);
    const description = itemDescription(context.task, context.organization, group, context.rules);
    const item = open.get(group.key);
    open.delete(group.key);
    if (!item) {
      const assignTo = context.assignToOwner ? assignee(group) : undefined;
      actions.push({
        kind: 'create',
        key: group.key,
        title,
        description,
        findings: group.entries.length,
        ...(assignTo ? { assignTo } : {}),
      });
      continue;
    }
    const listed = listedEntries(item.description);
    const change = compareEntries(group.entries, listed);
    const changed = change.added.length + change.changed.length + change.resolved.length > 0;
    if (!changed && item.title === title) continue;
    actions.push({
      kind: 'update',
      id: item.id,
      key: group.key,
      title,
      description,
      // A renamed resource changes only the title: no comment then.
      comment: changed ? changeComment(change.added, change.changed, change.resolved) : '',
      findings: group.entries.length,
    });
  }
  for (const item of open.values()) {
    if (!context.complete) {
      notes.push(`Work item ${item.id} was not closed: the audit is incomplete, so its findings may only be unread.`);
      continue;
    }
    actions.push({
      kind: 'close',
      id: item.id,
      key: item.key,
      title: item.title,
      comment: closeComment(listedEntries(item.description)),
      findings: 0,
    });
  }
  return { actions, notes };
}

function compareEntries(current: readonly ItemEntry[], listed: readonly ListedEntry[]) {
  const before = new Map(listed.map((entry) => [entry.key, entry]));
  const now = new Set(current.map((entry) => entry.key));
  return {
    added: current.filter((entry) => !before.has(entry.key)),
    changed: current.filter((entry) => before.has(entry.key) && before.get(entry.key)!.severity !== entry.finding.severity),
    resolved: listed.filter((entry) => !now.has(entry.key)),
  };
}

/** The owner's sign-in name when the owner is a user (groups, service principals and unknown owners are not assigned). */
function assignee(group: ItemGroup): string | undefined {
  if (group.owner?.kind !== 'user') return undefined;
  return group.owner.principalName ?? group.owner.mailAddress;
}
