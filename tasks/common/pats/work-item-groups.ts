import type { Finding } from '../model/finding';
import type { Grouping } from '../workitems/groups';

/** PatAudit's follow-up grouping: one work item per token owner, assigned to the owner (a user of the organization). */
export const PAT_WORK_ITEM_GROUPING: Grouping = {
  groupOf(finding: Finding) {
    const owner = finding.principal ?? {
      id: finding.resource.parent?.id ?? finding.resource.id,
      displayName: finding.resource.parent?.name ?? '',
    };
    return { kind: 'user', id: owner.id, label: `tokens of ${owner.displayName}` };
  },
  ownerOf: (finding) => finding.principal,
};
