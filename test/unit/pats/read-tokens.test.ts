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

  it('asks the location service for the TokenAdmin area once; a definite 404 is said once, naming the area id and URL', async () => {
    const tokenAdminArea = '/resourceAreas/af68438b-ed04-4407-9eb6-f1dbae3f922e';
    const transport = new FakeTransport((request) => {
      const url = new URL(request.url);
      if (url.pathname.endsWith(tokenAdminArea))
        return { status: 404, body: { message: 'not found', typeKey: 'ResourceAreaNotFoundException' } };
      return answer(url);
    });
    const credential = { getToken: async () => ({ token: 't', expiresOnTimestamp: Date.now() + 3_600_000 }) };
    const client = new RestClient({ credential, scope: 's/.default', maxConcurrency: 4, logger: quiet, clock: systemClock, transport });
    const warnings: string[] = [];
    const logger: Logger = { ...quiet, warn: (message) => warnings.push(message) };
    const result = await readAllTokens(
      new AdoApi(client, ORG, logger),
      { concurrency: 4, includeSshKeys: false, now: NOW },
      'bench',
      quiet,
      () => undefined,
    );

    assert.equal(transport.sent.filter((r) => r.url.includes(tokenAdminArea)).length, 1, 'the area is asked for once per run');
    assert.equal(transport.sent.filter((r) => r.url.includes('/tokenadmin/')).length, 0);
    assert.equal(result.missing.length, 1, JSON.stringify(result.missing));
    assert.match(result.missing[0].reason, /af68438b-ed04-4407-9eb6-f1dbae3f922e/);
    assert.match(result.missing[0].reason, new RegExp(`${ORG}_apis/resourceAreas/af68438b`));
    assert.equal(warnings.length, 1);
  });

  it('keeps retrying an area lookup that failed transiently (5xx after retries), on the next call', async () => {
    let areaCalls = 0;
    const transport = new FakeTransport((request) => {
      const url = new URL(request.url);
      if (url.pathname.includes('/resourceAreas/'))
        return ++areaCalls <= 2 ? { status: 503 } : { status: 200, body: { locationUrl: VSSPS } };
      return answer(url);
    });
    const credential = { getToken: async () => ({ token: 't', expiresOnTimestamp: Date.now() + 3_600_000 }) };
    const client = new RestClient({
      credential,
      scope: 's/.default',
      maxConcurrency: 4,
      logger: quiet,
      clock: systemClock,
      transport,
      maxRetries: 1,
      baseDelayMs: 1,
      maxDelayMs: 2,
    });
    const api = new AdoApi(client, ORG, quiet);
    await assert.rejects(api.areaUrl('tokenAdmin', '_apis/tokenadmin/revocations'), /HTTP 503/);
    assert.equal(await api.areaUrl('tokenAdmin', '_apis/tokenadmin/revocations'), `${VSSPS}_apis/tokenadmin/revocations`);
    assert.equal(areaCalls, 3);
  });
});
