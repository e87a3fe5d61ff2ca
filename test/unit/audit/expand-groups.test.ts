import { strict as assert } from 'assert';
import { createGroupExpander } from '../../../tasks/common/audit/expand-groups';
import type { Identity } from '../../../tasks/common/model/identity';
import { adoGroup, user } from './fixtures';

const A = adoGroup('A', 'Group A');
const B = adoGroup('B', 'Group B');
const C = adoGroup('C', 'Group C');
const D = adoGroup('D', 'Group D');

/** getMembers over a static graph, counting calls per descriptor. */
function graph(edges: Record<string, Identity[]>) {
  const calls: Record<string, number> = {};
  return {
    calls,
    getMembers: async (descriptor: string) => {
      calls[descriptor] = (calls[descriptor] ?? 0) + 1;
      return edges[descriptor] ?? [];
    },
  };
}

describe('audit/expand-groups', () => {
  it('expands nested groups to distinct non-group members', async () => {
    const g = graph({ 'vssgp.A': [user('u1', 'One'), B], 'vssgp.B': [user('u2', 'Two'), user('u1', 'One')] });
    const expansion = await createGroupExpander({ getMembers: g.getMembers, maxDepth: 5 }).expand(A);
    assert.deepEqual(expansion, { groupId: 'A', effectiveMemberIds: ['u1', 'u2'], truncated: false, cycles: [] });
  });

  it('detects a membership cycle and still terminates with all members', async () => {
    const g = graph({ 'vssgp.A': [B, user('u1', 'One')], 'vssgp.B': [C], 'vssgp.C': [A, user('u3', 'Three')] });
    const expansion = await createGroupExpander({ getMembers: g.getMembers, maxDepth: 10 }).expand(A);
    assert.deepEqual(expansion.cycles, ['A']);
    assert.deepEqual(expansion.effectiveMemberIds, ['u1', 'u3']);
    assert.equal(g.calls['vssgp.A'], 1);
  });

  it('recognises the expanded group when it comes back as a member known by descriptor only', async () => {
    // Role assignments name the group by storage key; graph memberships name it by descriptor.
    const top = adoGroup('vsid-A', 'Group A', { descriptor: 'vssgp.A' });
    const asMember = adoGroup('vssgp.A', 'Group A', { descriptor: 'vssgp.A' });
    const g = graph({ 'vssgp.A': [B, user('u1', 'One')], 'vssgp.B': [asMember, user('u2', 'Two')] });
    const expansion = await createGroupExpander({ getMembers: g.getMembers, maxDepth: 2 }).expand(top);
    assert.deepEqual(expansion, { groupId: 'vsid-A', effectiveMemberIds: ['u1', 'u2'], truncated: false, cycles: ['vssgp.A'] });
  });

  it('does not call a diamond (two paths to one group) a cycle, and fetches the shared group once', async () => {
    const g = graph({ 'vssgp.A': [B, C], 'vssgp.B': [D], 'vssgp.C': [D], 'vssgp.D': [user('u4', 'Four')] });
    const expansion = await createGroupExpander({ getMembers: g.getMembers, maxDepth: 10 }).expand(A);
    assert.deepEqual(expansion.cycles, []);
    assert.deepEqual(expansion.effectiveMemberIds, ['u4']);
    assert.equal(g.calls['vssgp.D'], 1);
  });

  it('stops at maxDepth and marks the expansion truncated', async () => {
    const g = graph({ 'vssgp.A': [user('u1', 'One'), B], 'vssgp.B': [user('u2', 'Two'), C], 'vssgp.C': [user('u3', 'Three')] });
    const depth2 = await createGroupExpander({ getMembers: g.getMembers, maxDepth: 2 }).expand(A);
    assert.deepEqual(depth2.effectiveMemberIds, ['u1', 'u2']);
    assert.equal(depth2.truncated, true);
    assert.equal(g.calls['vssgp.C'], undefined, 'the group beyond the cap is never fetched');
    const depth3 = await createGroupExpander({ getMembers: g.getMembers, maxDepth: 3 }).expand(A);
    assert.deepEqual(depth3.effectiveMemberIds, ['u1', 'u2', 'u3']);
    assert.equal(depth3.truncated, false);
  });

  it('marks a nested group without descriptor as truncated', async () => {
    const orphan: Identity = { id: 'X', kind: 'entraGroup', displayName: 'No descriptor' };
    const g = graph({ 'vssgp.A': [orphan, user('u1', 'One')] });
    const expansion = await createGroupExpander({ getMembers: g.getMembers, maxDepth: 3 }).expand(A);
    assert.equal(expansion.truncated, true);
    assert.deepEqual(expansion.effectiveMemberIds, ['u1']);
  });

  it('fetches each group once per run, also when requested concurrently (shared in-flight promise)', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const calls: string[] = [];
    const expander = createGroupExpander({
      maxDepth: 5,
      getMembers: async (descriptor) => {
        calls.push(descriptor);
        await gate;
        return descriptor === 'vssgp.B' ? [user('u2', 'Two')] : [B, user('u1', 'One')];
      },
    });
    const pending = [expander.expand(A), expander.expand(A), expander.expand(B)];
    release();
    const [first, second, third] = await Promise.all(pending);
    assert.deepEqual(calls.sort(), ['vssgp.A', 'vssgp.B']);
    assert.deepEqual(first.effectiveMemberIds, ['u1', 'u2']);
    assert.deepEqual(second, first);
    assert.deepEqual(third.effectiveMemberIds, ['u2']);
    const again = await expander.expand(A);
    assert.deepEqual(again, first);
    assert.equal(calls.length, 2);
    assert.equal(expander.fetchedGroupCount(), 2);
    assert.ok(expander.knownIdentities().u2);
  });

  it('rejects invalid options', () => {
    assert.throws(() => createGroupExpander({ getMembers: async () => [], maxDepth: 0 }), /maxDepth/);
  });
});
