import { strict as assert } from 'node:assert';
import { AdoApi } from '../../../tasks/common/ado/api';
import { RestClient } from '../../../tasks/common/http/client';
import { systemClock, type Logger } from '../../../tasks/common/model/context';
import type { PatOwner, PatToken } from '../../../tasks/common/model/pat';
import { readAllTokens } from '../../../tasks/common/pats/read';
import { FakeTransport, type FakeAnswer } from '../http/fake-transport';

const quiet: Logger = { info() {}, warn() {}, debug() {} };
const ORG = 'https://dev.example.test/contoso/';
const VSSPS = 'https://vssps.example.test/contoso/';
const NOW = new Date('2026-06-15T12:00:00Z');
const zoneless = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, '');

/** Two users pages (alice, bob | carol); alice holds a live token, bob only an expired one, carol none. */
function answer(url: URL): FakeAnswer {
  if (url.pathname.includes('/resourceAreas/')) return { status: 200, body: { locationUrl: VSSPS } };
  if (/\/graph\/users\/?$/.test(url.pathname)) {
    return url.searchParams.get('continuationToken')
      ? { status: 200, body: { value: [{ descriptor: 'aad.carol', displayName: 'Carol' }] } }
      : {
          status: 200,
          body: {
            value: [
              { descriptor: 'aad.alice', displayName: 'Alice' },
              { descriptor: 'aad.bob', displayName: 'Bob' },
            ],
          },
          headers: { 'x-ms-continuationtoken': 'page-2' },
        };
  }
  if (url.pathname.includes('/membershipstates/')) return { status: 200, body: { active: false } };
  const tokens: Record<string, { validTo: Date }[]> = {
    'aad.alice': [{ validTo: new Date(NOW.getTime() + 86_400_000) }],
    'aad.bob': [{ validTo: new Date(NOW.getTime() - 86_400_000) }],
    'aad.carol': [],
  };
  const owner = decodeURIComponent(url.pathname.split('/').filter(Boolean).pop() ?? '');
  const value = (tokens[owner] ?? []).map((t, i) => ({
    authorizationId: `${owner}-${i}`,
    displayName: 't',
    scope: 'vso.code',
    targetAccounts: null,
    validFrom: zoneless(new Date(0)),
    validTo: zoneless(t.validTo),
    isValid: true,
  }));
  return { status: 200, body: { value, continuationToken: null } };
}

describe('PAT audit token reading', () => {
  it('reads every user of every page and asks membership state only for owners of a live token', async () => {
    const transport = new FakeTransport((request) => answer(new URL(request.url)));
    const credential = { getToken: async () => ({ token: 't', expiresOnTimestamp: Date.now() + 3_600_000 }) };
    const client = new RestClient({ credential, scope: 's/.default', maxConcurrency: 4, logger: quiet, clock: systemClock, transport });
    const seen: { token: PatToken; owner: PatOwner }[] = [];
    const result = await readAllTokens(
      new AdoApi(client, ORG, quiet),
      { concurrency: 4, includeSshKeys: false, now: NOW },
      'bench',
      quiet,
      (token, owner) => seen.push({ token, owner }),
    );

    assert.equal(result.users, 3);
    assert.deepEqual(result.missing, []);
    assert.deepEqual(seen.map((s) => s.token.authorizationId).sort(), ['aad.alice-0', 'aad.bob-0']);
    assert.equal(seen.find((s) => s.owner.descriptor === 'aad.alice')?.owner.active, false, 'the live token owner has its state');
    assert.equal(seen.find((s) => s.owner.descriptor === 'aad.bob')?.owner.active, undefined, 'no live token: state not asked');
    const states = transport.sent
      .filter((r) => r.url.includes('/membershipstates/'))
      .map((r) => decodeURIComponent(new URL(r.url).pathname.split('/').filter(Boolean).pop() ?? ''));
    assert.deepEqual(states, ['aad.alice']);
  });
});
