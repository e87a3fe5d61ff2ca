import type { Finding } from '../model/finding';
import type { Grouping } from '../workitems/groups';

/**
 * PoolRoleAudit's follow-up grouping: one work item per pool (a finding on a pool or on one of its agents), else per
 * resource the finding is on (a queue, a project's or the organization's pool roles). Pools have no owner the audit
 * could assign, so nothing is assigned.
 */
export const POOL_WORK_ITEM_GROUPING: Grouping = {
  groupOf(finding: Finding) {
    const { resource } = finding;
    const target = resource.kind !== 'pool' && resource.parent?.kind === 'pool' ? resource.parent : resource;
    const where = target === resource && resource.parent ? ` (${resource.parent.kind} ${resource.parent.name})` : '';
    return { kind: target.kind, id: target.id, label: `${target.kind} ${target.name}${where}` };
  },
  ownerOf: () => undefined,
};
