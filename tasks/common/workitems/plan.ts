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
  /**
   * Rules this run could not judge (reads refused or skipped). A listed finding of one that is not found now is
   * carried (kept in the table, not resolved), and a work item holding one is never closed. A listed finding whose
   * rule cannot be read back from the table counts as one of them while any rule was not judged.
   */
  notJudgedRules?: ReadonlySet<string>;
}

/**
 * Keeps work items in step with the groups of findings: create one for a group without an open work item, update one
 * whose listed findings (key and severity) differ from the current ones (description + comment), close one whose
 * group has no finding left. An unchanged group makes no request, so identical runs never write.
 */
export function planWorkItems(groups: readonly ItemGroup[], existing: readonly ExistingItem[], context: PlanContext): WorkItemPlan {
  const notes: string[] = [];
  const unjudged = context.notJudgedRules ?? new Set<string>();
  const notJudged = (entry: ListedEntry) => (entry.ruleId === undefined ? unjudged.size > 0 : unjudged.has(entry.ruleId));
  const open = new Map<string, ExistingItem>();
  for (const item of [...existing].sort((a, b) => a.id - b.id)) {
    const earlier = open.get(item.key);
    if (earlier) notes.push(`Work item ${item.id} has the same key as ${earlier.id} (pw-${item.key}); only ${earlier.id} is kept in step.`);
    else open.set(item.key, item);
  }
  const actions: PlannedAction[] = [];
  for (const group of groups) {
    const title = itemTitle(context.task, group);
    const item = open.get(group.key);
    open.delete(group.key);
    if (!item) {
      const assignTo = context.assignToOwner ? assignee(group) : undefined;
      actions.push({
        kind: 'create',
        key: group.key,
        title,
        description: itemDescription(context.task, context.organization, group, context.rules),
        findings: group.entries.length,
        ...(assignTo ? { assignTo } : {}),
      });
      continue;
    }
    const listed = listedEntries(item.description);
    const change = compareEntries(group.entries, listed, notJudged);
    const changed = change.added.length + change.changed.length + change.resolved.length > 0;
    if (!changed && item.title === title) continue;
    actions.push({
      kind: 'update',
      id: item.id,
      key: group.key,
      title,
      description: itemDescription(context.task, context.organization, group, context.rules, change.carried),
      // A renamed resource changes only the title: no comment then.
      comment: changed ? changeComment(change.added, change.changed, change.resolved) : '',
      findings: group.entries.length + change.carried.length,
    });
  }
  for (const item of open.values()) {
    const listed = listedEntries(item.description);
    const carried = listed.filter((entry) => notJudged(entry));
    if (carried.length > 0) {
      // Some of its findings were not judged this run: never closed; the judged ones that are gone are resolved.
      const resolved = listed.filter((entry) => !notJudged(entry));
      notes.push(
        `Work item ${item.id} was not closed: ${carried.length} of its findings (${[...new Set(carried.map((e) => e.ruleId ?? 'rule unknown'))].join(', ')}) were not judged this run.`,
      );
      if (resolved.length === 0 || !context.complete) continue;
      const group: ItemGroup = { key: item.key, label: item.title, entries: [] };
      actions.push({
        kind: 'update',
        id: item.id,
        key: item.key,
        title: item.title,
        description: itemDescription(context.task, context.organization, group, context.rules, carried),
        comment: changeComment([], [], resolved),
        findings: carried.length,
      });
      continue;
    }
    if (!context.complete) {
      notes.push(`Work item ${item.id} was not closed: the audit is incomplete, so its findings may only be unread.`);
      continue;
    }
    actions.push({
      kind: 'close',
      id: item.id,
      key: item.key,
      title: item.title,
      comment: closeComment(listed),
      findings: 0,
    });
  }
  return { actions, notes };
}

/** Added, changed and resolved entries; listed ones that are gone but were not judged this run are `carried`. */
function compareEntries(current: readonly ItemEntry[], listed: readonly ListedEntry[], notJudged: (entry: ListedEntry) => boolean) {
  const before = new Map(listed.map((entry) => [entry.key, entry]));
  const now = new Set(current.map((entry) => entry.key));
  const gone = listed.filter((entry) => !now.has(entry.key));
  return {
    added: current.filter((entry) => !before.has(entry.key)),
    changed: current.filter((entry) => before.has(entry.key) && before.get(entry.key)!.severity !== entry.finding.severity),
    resolved: gone.filter((entry) => !notJudged(entry)),
    carried: gone.filter(notJudged),
  };
}

/** The owner's sign-in name when the owner is a user (groups, service principals and unknown owners are not assigned). */
function assignee(group: ItemGroup): string | undefined {
  if (group.owner?.kind !== 'user') return undefined;
  return group.owner.principalName ?? group.owner.mailAddress;
}
