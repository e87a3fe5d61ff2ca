import { strict as assert } from 'node:assert';
import { churnByOwner, eventWindow, tokenEventOf, type TokenEvent } from '../../../tasks/common/pats/events';
import { requireAuditLogging, type EventRead } from '../../../tasks/common/pats/events-read';
import { eventsSection, holdingsByName, leakedTokenCount, leakFindings } from '../../../tasks/common/pats/events-report';
import { POLICY_TITLES, type PolicyPosture, type PolicyState } from '../../../tasks/common/pats/posture';
import { PAT014 } from '../../../tasks/common/pats/rules/PAT014';
import { DAY, NOW, OWNER, token } from './fixtures';

const SECOND = 1000;
const window = eventWindow(NOW, 30);

function event(actionId: string, msAgo: number, extra: Partial<TokenEvent> = {}): TokenEvent {
  return {
    id: `e-${actionId}-${msAgo}`,
    actionId,
    when: new Date(NOW.getTime() - msAgo),
    owner: 'Jane Doe',
    tokenName: 'deploy',
    ...extra,
  };
}

describe('pats/rules PAT014 (leaked or system-revoked tokens)', () => {
  it('fires (high) on a public discovery and on a system revocation inside the window', () => {
    const holdings = holdingsByName([{ token: token({ scopes: ['vso.build'] }), owner: OWNER }]);
    const result = PAT014.evaluate(
      [event('Token.PatPublicDiscoveryEvent', DAY), event('Token.PatSystemRevokeEvent', 2 * DAY)],
      holdings,
      window,
      NOW,
    );
    assert.deepEqual(
      result.findings.map((f) => [f.severity, f.evidence.actionId, f.principal?.mailAddress]),
      [
        ['high', 'Token.PatPublicDiscoveryEvent', 'jane@contoso.com'],
        ['high', 'Token.PatSystemRevokeEvent', 'jane@contoso.com'],
      ],
    );
    assert.match(result.findings[0].message, /Token 'deploy' of Jane Doe was found in a public repository/);
    assert.equal(result.findings[0].resource.kind, 'auditEvent');
  });

  it('is critical when the owner still holds a live full-scope or global token; names same-scope tokens', () => {
    for (const strong of [token({ scopes: ['app_token'], displayName: 'all' }), token({ targetAccounts: null, displayName: 'all' })]) {
      const same = token({ scopes: ['vso.code_write'], displayName: 'same' });
      const result = PAT014.evaluate(
        [event('Token.PatPublicDiscoveryEvent', DAY, { scopes: ['vso.code_write'] })],
        holdingsByName([
          { token: strong, owner: OWNER },
          { token: same, owner: OWNER },
        ]),
        window,
        NOW,
      );
      assert.equal(result.findings[0].severity, 'critical');
      assert.equal(result.findings[0].evidence.liveFullScopeOrGlobalTokens, 'all');
      assert.equal(result.findings[0].evidence.liveSameScopeTokens, 'same');
    }
  });

  it('an expired full-scope token or an SSH key does not make it critical', () => {
    const dead = token({ scopes: ['app_token'], validTo: new Date(NOW.getTime() - DAY) });
    const key = token({ scopes: ['app_token'], isPublic: true });
    const result = PAT014.evaluate(
      [event('Token.PatPublicDiscoveryEvent', DAY)],
      holdingsByName([
        { token: dead, owner: OWNER },
        { token: key, owner: OWNER },
      ]),
      window,
      NOW,
    );
    assert.equal(result.findings[0].severity, 'high');
  });

  it('near miss: an event one second before the window start does not fire; exactly at the start does', () => {
    const holdings = holdingsByName([]);
    const outside = PAT014.evaluate([event('Token.PatPublicDiscoveryEvent', 30 * DAY + SECOND)], holdings, window, NOW);
    assert.deepEqual(outside.findings, []);
    const edge = PAT014.evaluate([event('Token.PatPublicDiscoveryEvent', 30 * DAY)], holdings, window, NOW);
    assert.equal(edge.findings.length, 1);
  });

  it('other token events never fire; an unmatched owner is still reported by name', () => {
    const result = PAT014.evaluate(
      [
        event('Token.PatCreateEvent', DAY),
        event('Token.PatRevokeEvent', DAY),
        event('Token.PatSystemRevokeEvent', DAY, { owner: 'Ghost' }),
      ],
      holdingsByName([{ token: token(), owner: OWNER }]),
      window,
      NOW,
    );
    assert.equal(result.findings.length, 1);
    assert.equal(result.findings[0].evidence.ownerMatched, false);
    assert.equal(result.findings[0].principal?.displayName, 'Ghost');
  });

  it('owners are matched by display name, principal name or mail, case-insensitively', () => {
    const holdings = holdingsByName([{ token: token(), owner: OWNER }]);
    for (const name of ['jane doe', 'JANE@contoso.com']) assert.ok(holdings.get(name.toLowerCase()), name);
  });

  it('leakedTokenCount: a discovery and its system revocation are one token', () => {
    const result = PAT014.evaluate(
      [
        event('Token.PatPublicDiscoveryEvent', DAY),
        event('Token.PatSystemRevokeEvent', DAY - SECOND),
        event('Token.PatSystemRevokeEvent', DAY, { tokenName: 'other' }),
      ],
      holdingsByName([{ token: token(), owner: OWNER }]),
      window,
      NOW,
    );
    assert.equal(result.findings.length, 3);
    assert.equal(leakedTokenCount(result.findings), 2);
  });
});

describe('pats/events', () => {
  it('reads owner, token name and scopes from data case-insensitively; the actor owns self-service events', () => {
    const leak = tokenEventOf({
      id: '1',
      actionId: 'Token.PatPublicDiscoveryEvent',
      timestamp: NOW,
      actorDisplayName: 'Azure DevOps Service',
      data: { ownername: 'Jane Doe', displayName: 'deploy', SCOPES: 'vso.code vso.build' },
    });
    assert.deepEqual([leak.owner, leak.tokenName, leak.scopes], ['Jane Doe', 'deploy', ['vso.code', 'vso.build']]);
    const created = tokenEventOf({ id: '2', actionId: 'Token.PatCreateEvent', timestamp: NOW, actorUPN: 'jane@contoso.com', data: {} });
    assert.equal(created.owner, 'jane@contoso.com');
    assert.equal(created.scopes, undefined);
  });

  it('counts PATs created, regenerated and revoked per owner inside the window, busiest first', () => {
    const churn = churnByOwner(
      [
        event('Token.PatCreateEvent', DAY, { owner: 'Oscar' }),
        event('Token.PatCreateEvent', 2 * DAY, { owner: 'oscar' }),
        event('Token.PatUpdateEvent', DAY, { owner: 'Oscar' }),
        event('Token.PatRevokeEvent', DAY, { owner: 'Alice' }),
        event('Token.PatCreateEvent', 30 * DAY + SECOND, { owner: 'Alice' }),
        event('Token.PatPublicDiscoveryEvent', DAY, { owner: 'Alice' }),
      ],
      window,
    );
    assert.deepEqual(churn, [
      { owner: 'Oscar', created: 2, regenerated: 1, revoked: 0 },
      { owner: 'Alice', created: 0, regenerated: 0, revoked: 1 },
    ]);
  });
});

describe('pats: the audit log needs audit logging on', () => {
  const read: EventRead = { state: 'read', window, entriesRead: 3, events: [] };
  const logging = (state: PolicyState): PolicyPosture => ({
    complete: state !== 'unknown',
    policies: [
      {
        name: 'Policy.LogAuditEvents',
        title: POLICY_TITLES['Policy.LogAuditEvents'],
        source: 'organization',
        state,
        ...(state === 'unknown' ? { reason: 'HTTP 403' } : {}),
      },
    ],
  });

  it('audit logging on: the events part stays read and complete', () => {
    const events = requireAuditLogging(read, logging('on'));
    assert.equal(events.state, 'read');
    assert.equal(eventsSection(events, 30).complete, true);
  });

  it('audit logging off, unknown or not checked: the events part is unknown with that reason, never "read, no leaks"', () => {
    for (const [posture, pattern] of [
      [logging('off'), /is off/],
      [logging('unknown'), /is unknown \(HTTP 403\)/],
      [undefined, /not checked \(checkPolicies: false\)/],
    ] as const) {
      const events = requireAuditLogging(read, posture);
      assert.equal(events.state, 'unknown');
      assert.match(events.reason ?? '', pattern);
      const section = eventsSection(events, 30);
      assert.equal(section.complete, false);
      assert.equal(section.readRole, undefined, 'a read that worked needs no read role');
    }
  });

  it('a leak the log shows while logging is off is still a finding; skipped and refused reads stay as they are', () => {
    const holdings = holdingsByName([{ token: token(), owner: OWNER }]);
    const shown = requireAuditLogging({ ...read, events: [event('Token.PatPublicDiscoveryEvent', DAY)] }, logging('off'));
    assert.equal(leakFindings(shown, holdings, NOW).findings.length, 1);
    const skipped: EventRead = { state: 'skipped', entriesRead: 0, events: [] };
    assert.equal(requireAuditLogging(skipped, logging('off')), skipped);
  });
});
