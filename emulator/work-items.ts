/**
 * Work items the emulated work item tracking service holds, and the work item types of the two processes the
 * emulator knows. States and categories follow the real processes: Agile Task New/Active/Closed/Removed, Agile Bug
 * with Resolved, Basic Task/Issue To Do/Doing/Done (so a client that hard-codes "Done" or "Closed" breaks on one).
 */

export interface WorkItemState {
  name: string;
  color: string;
  /** `Proposed` | `InProgress` | `Resolved` | `Completed` | `Removed`. */
  category: string;
}

const NEW: WorkItemState = { name: 'New', color: 'b2b2b2', category: 'Proposed' };
const ACTIVE: WorkItemState = { name: 'Active', color: '007acc', category: 'InProgress' };
const RESOLVED: WorkItemState = { name: 'Resolved', color: 'ff9d00', category: 'Resolved' };
const CLOSED: WorkItemState = { name: 'Closed', color: '339933', category: 'Completed' };
const REMOVED: WorkItemState = { name: 'Removed', color: 'ffffff', category: 'Removed' };

const AGILE_TASK: WorkItemState[] = [NEW, ACTIVE, CLOSED, REMOVED];
const AGILE_BUG: WorkItemState[] = [NEW, ACTIVE, RESOLVED, CLOSED, REMOVED];
const AGILE_ISSUE: WorkItemState[] = [ACTIVE, CLOSED];
const BASIC: WorkItemState[] = [
  { name: 'To Do', color: 'b2b2b2', category: 'Proposed' },
  { name: 'Doing', color: '007acc', category: 'InProgress' },
  { name: 'Done', color: '339933', category: 'Completed' },
];

export const PROCESS_TYPES: Record<'Agile' | 'Basic', Record<string, WorkItemState[]>> = {
  Agile: { Task: AGILE_TASK, Bug: AGILE_BUG, 'User Story': AGILE_BUG, Issue: AGILE_ISSUE },
  Basic: { Task: BASIC, Issue: BASIC, Epic: BASIC },
};

export interface WorkItemComment {
  id: number;
  text: string;
  createdBy: string;
  createdDate: string;
}

export interface StoredWorkItem {
  id: number;
  rev: number;
  projectId: string;
  /** Field reference name → value (identity fields hold the identity id). */
  fields: Record<string, unknown>;
  comments: WorkItemComment[];
}

/** Work items by id, with ids and comment ids handed out in order. */
export class WorkItemStore {
  readonly items = new Map<number, StoredWorkItem>();
  private nextId = 101;
  private nextCommentId = 1;

  add(projectId: string, fields: Record<string, unknown>): StoredWorkItem {
    const item: StoredWorkItem = { id: this.nextId++, rev: 1, projectId, fields, comments: [] };
    this.items.set(item.id, item);
    return item;
  }

  comment(item: StoredWorkItem, text: string, createdBy: string, createdDate: string): WorkItemComment {
    const comment = { id: this.nextCommentId++, text, createdBy, createdDate };
    item.comments.push(comment);
    return comment;
  }

  all(): StoredWorkItem[] {
    return [...this.items.values()];
  }
}
