import assert from 'node:assert/strict';
import { unresolvedRoleHolders } from '../../../tasks/common/audit/unresolved';
import { orgAllRow, orgPoolRow, pool, snapshot, user } from './fixtures';

describe('unresolvedRoleHolders', () => {
  it('lists each unresolved holder once with its grants at their origin, and ignores resolved identities', () => {
    const ghost = { id: 'dead-1', kind: 'unknown' as const, displayName: 'dead-1', unresolved: true };
    const jane = user('u-jane', 'Jane');
    const holders = unresolvedRoleHolders(
      snapshot({
        pools: [pool(12, 'linux')],
        roleAssignments: [
          orgAllRow(ghost, 'Administrator'),
          orgPoolRow(12, ghost, 'Administrator', 'inherited'),
          orgPoolRow(12, ghost, 'Reader'),
          orgPoolRow(12, jane, 'Administrator'),
        ],
      }),
    );
    assert.deepEqual(holders, [
      {
        id: 'dead-1',
        displayName: 'dead-1',
        roles: ["Administrator on organization 'fabrikam' (All agent pools)", "Reader on agent pool 'linux'"],
      },
    ]);
  });

  it('is empty when every holder resolved', () => {
    assert.deepEqual(unresolvedRoleHolders(snapshot({ roleAssignments: [orgAllRow(user('u-a', 'A'), 'Reader')] })), []);
  });
});
