import { strict as assert } from 'node:assert';
import { inStableOrder } from '../../../tasks/common/pats/read';

describe('PAT audit: token order', () => {
  it('orders tokens by owner, PAT before SSH key, then token id, whatever order they arrived in', () => {
    const entry = (owner: string, id: string, isPublic = false) => ({
      owner: { descriptor: owner },
      token: { authorizationId: id, isPublic },
    });
    const arrived = [entry('aad.b', '2'), entry('aad.a', '9', true), entry('aad.b', '1'), entry('aad.a', '5')];
    const ids = (list: typeof arrived) => list.map((e) => `${e.owner.descriptor}/${e.token.authorizationId}`);
    assert.deepEqual(ids(inStableOrder(arrived)), ['aad.a/5', 'aad.a/9', 'aad.b/1', 'aad.b/2']);
    assert.deepEqual(ids(inStableOrder([...arrived].reverse())), ids(inStableOrder(arrived)));
  });
});
