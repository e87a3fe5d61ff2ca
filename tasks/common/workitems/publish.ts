import type { TaskHost } from '../host';
import type { MarkdownSection } from '../report/markdown';
import type { WorkItemSync } from './sync';

/** Sets workItemsCreated/Updated/Closed (0 in a dry run: nothing was written) and warns about what went wrong. */
export function publishWorkItems(host: TaskHost, sync: WorkItemSync | undefined): void {
  host.setOutput('workItemsCreated', sync?.created ?? 0);
  host.setOutput('workItemsUpdated', sync?.updated ?? 0);
  host.setOutput('workItemsClosed', sync?.closed ?? 0);
  if (!sync) return;
  if (sync.error) host.warning(`Follow-up work items: ${sync.error}`);
  for (const note of sync.notes) host.warning(`Follow-up work items: ${note}`);
  const refused = sync.results.filter((result) => result.status === 'refused' || result.status === 'failed');
  if (refused.length > 0)
    host.warning(
      `Follow-up work items: ${refused.length} write(s) refused or failed (the audit result is unaffected). The identity needs "Edit work items in this node" on the area path.`,
    );
}

/** The summary section: every planned or performed create, update and close with its status. */
export function workItemSection(sync: WorkItemSync): MarkdownSection {
  const title = sync.dryRun ? 'Follow-up work items (dry run: nothing written)' : 'Follow-up work items';
  const paragraphs = [
    `Mode ${sync.mode}, project ${sync.project}: ${sync.created} created, ${sync.updated} updated, ${sync.closed} closed.`,
    ...(sync.error ? [sync.error] : []),
    ...sync.notes,
  ];
  if (sync.results.length === 0)
    return { title, paragraphs: [...paragraphs, 'Nothing to change: the work items are in step with the findings.'] };
  return {
    title,
    paragraphs,
    table: {
      headers: ['Action', 'Work item', 'Title', 'Findings', 'Status'],
      rows: sync.results.map((result) => [
        result.action,
        result.id ?? '',
        result.title,
        result.findings,
        result.error ? `${result.status}: ${result.error}` : result.status,
      ]),
    },
  };
}
