import { strict as assert } from 'assert';
import {
  identityMatchesTrusted,
  isBroadGroupByName,
  isBuildService,
  isGroup,
  isIndividualUser,
  localGroupName,
} from '../../../tasks/common/audit/classify';
import { DEFAULT_BROAD_GROUPS } from '../../../tasks/common/audit/settings';
import { adoGroup, user } from './fixtures';

describe('audit/classify', () => {
  it('strips scope prefixes from group names', () => {
    assert.equal(localGroupName('[Fabrikam]\\Contributors'), 'Contributors');
    assert.equal(localGroupName('fabrikam\\Project Collection Valid Users'), 'Project Collection Valid Users');
    assert.equal(localGroupName('Readers'), 'Readers');
  });

  it('recognises broad Azure DevOps groups by display or principal name, any case', () => {
    assert.ok(isBroadGroupByName(adoGroup('g1', '[Web]\\Contributors'), DEFAULT_BROAD_GROUPS));
    assert.ok(isBroadGroupByName(adoGroup('g2', 'Team', { principalName: '[Web]\\readers' }), DEFAULT_BROAD_GROUPS));
    assert.ok(isBroadGroupByName(adoGroup('g3', '[fabrikam]\\Project Collection Build Service Accounts'), DEFAULT_BROAD_GROUPS));
  });

  it('does not call look-alike names, Entra groups or users broad', () => {
    assert.ok(!isBroadGroupByName(adoGroup('g1', '[Web]\\Team Contributors'), DEFAULT_BROAD_GROUPS));
    assert.ok(!isBroadGroupByName(adoGroup('g2', '[Web]\\Contributors Leads'), DEFAULT_BROAD_GROUPS));
    assert.ok(!isBroadGroupByName({ id: 'e', kind: 'entraGroup', displayName: 'Readers' }, DEFAULT_BROAD_GROUPS));
    assert.ok(!isBroadGroupByName(user('u', 'Contributors'), DEFAULT_BROAD_GROUPS));
  });

  it('recognises build service identities but not the build service accounts group', () => {
    assert.ok(isBuildService({ id: 'b1', kind: 'unknown', displayName: 'Project Collection Build Service (fabrikam)' }));
    assert.ok(isBuildService({ id: 'b2', kind: 'user', displayName: 'Web Build Service (fabrikam)' }));
    assert.ok(isBuildService({ id: 'b3', kind: 'unknown', displayName: 'x', descriptor: 'svc.abc' }));
    assert.ok(isBuildService({ id: 'b4', kind: 'buildService', displayName: 'whatever' }));
    assert.ok(!isBuildService(adoGroup('g', '[fabrikam]\\Project Collection Build Service Accounts')));
    assert.ok(!isBuildService(user('u', 'Build Service Team')));
  });

  it('classifies individual users and groups from kind or descriptor', () => {
    assert.ok(isIndividualUser(user('u', 'Jane')));
    assert.ok(isIndividualUser({ id: 'u2', kind: 'unknown', displayName: 'Jo', descriptor: 'msa.xyz' }));
    assert.ok(!isIndividualUser({ id: 's', kind: 'servicePrincipal', displayName: 'deploy-sp' }));
    assert.ok(!isIndividualUser({ id: 'b', kind: 'user', displayName: 'Project Collection Build Service (fabrikam)' }));
    assert.ok(isGroup({ id: 'g', kind: 'unknown', displayName: 'x', descriptor: 'aadgp.123' }));
    assert.ok(!isGroup(user('u', 'Jane')));
  });

  it('matches allow-list entries against id, descriptor, principal and display name', () => {
    const jane = user('u1', 'Jane Doe', { principalName: 'jane@contoso.com' });
    assert.ok(identityMatchesTrusted(jane, ['JANE@contoso.com']));
    assert.ok(identityMatchesTrusted(jane, ['u1']));
    assert.ok(identityMatchesTrusted(jane, ['aad.u1']));
    assert.ok(!identityMatchesTrusted(jane, ['Jane']));
    assert.ok(!identityMatchesTrusted(jane, []));
  });

  it('allow lists never match the display name, and take name patterns', () => {
    const jane = user('u1', 'Jane Doe', { principalName: 'jane@contoso.com' });
    assert.ok(!identityMatchesTrusted(jane, ['Jane Doe']), 'a display name anyone can copy');
    assert.ok(identityMatchesTrusted(jane, ['*@contoso.com']));
    assert.ok(!identityMatchesTrusted(jane, ['*@contoso.co']));
    const orgGroup = adoGroup('g1', 'Release Approvers', { principalName: '[fabrikam]\\Release Approvers' });
    const projectGroup = adoGroup('g2', 'Release Approvers', { principalName: '[Web]\\Release Approvers' });
    assert.ok(identityMatchesTrusted(orgGroup, ['[fabrikam]\\Release Approvers']));
    assert.ok(!identityMatchesTrusted(projectGroup, ['[fabrikam]\\Release Approvers']), 'same display name, other scope');
    assert.ok(
      !identityMatchesTrusted(adoGroup('g3', '[fabrikam]\\Release Approvers'), ['[fabrikam]\\Release Approvers']),
      'display name only',
    );
  });

  it('broad group names are patterns: without a backslash over the local name, with one over the scoped name', () => {
    assert.ok(isBroadGroupByName(adoGroup('g1', '[Web]\\All Staff'), ['All *']));
    assert.ok(isBroadGroupByName(adoGroup('g1', 'x', { principalName: '[Web]\\Contributors' }), ['[w?b]\\contributors']));
    assert.ok(!isBroadGroupByName(adoGroup('g1', 'x', { principalName: '[Api]\\Contributors' }), ['[Web]\\Contributors']));
  });
});
