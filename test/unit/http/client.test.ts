import { strict as assert } from 'node:assert';
import { RestClient } from '../../../tasks/common/http/client';
import { HttpError, SignInError } from '../../../tasks/common/http/errors';
import { collect, pagesByBody, pagesByHeader, pagesByNextLink } from '../../../tasks/common/http/paging';
import { systemClock, type Logger } from '../../../tasks/common/model/context';
import { FakeTransport, type FakeAnswer } from './fake-transport';

const quietLogger: Logger = { info() {}, warn() {}, debug() {} };
const BASE = 'https://dev.example.test/contoso/';

function clientWith(transport: FakeTransport, tokens: string[] = ['token-1', 'token-2', 'token-3'], maxConcurrency = 4) {
  let calls = 0;
  const credential = {
    getToken: async () => ({ token: tokens[Math.min(calls++, tokens.length - 1)], expiresOnTimestamp: Date.now() + 3_600_000 }),
  };
  const client = new RestClient({
    credential,
    scope: 'scope/.default',
    maxConcurrency,
    logger: quietLogger,
    clock: systemClock,
    transport,
    baseDelayMs: 1,
    maxDelayMs: 5,
    random: () => 0,
  });
  return { client, tokenCalls: () => calls };
}

describe('RestClient', () => {
  it('adds a query without touching the path: no trailing slash, existing parameters kept', async () => {
    const transport = new FakeTransport(() => ({ status: 200, body: {} }));
    const { client } = clientWith(transport);
    await client.get(`${BASE}_apis/projects`, { query: { $top: 500, 'api-version': '7.1' } });
    await client.get(`${BASE}_apis/tokenadmin/personalaccesstokens/aad.abc?isPublic=false`, { query: { pageSize: 100 } });
    await client.send('PATCH', 'https://arm.example.test/subscriptions/s/providers/Microsoft.Compute/virtualMachineScaleSets/x', {
      query: { 'api-version': '2024-07-01' },
      body: {},
    });
    assert.deepEqual(
      transport.sent.map((request) => request.url),
      [
        `${BASE}_apis/projects?%24top=500&api-version=7.1`,
        `${BASE}_apis/tokenadmin/personalaccesstokens/aad.abc?isPublic=false&pageSize=100`,
        'https://arm.example.test/subscriptions/s/providers/Microsoft.Compute/virtualMachineScaleSets/x?api-version=2024-07-01',
      ],
    );
    assert.ok(transport.sent.every((request) => !new URL(request.url).pathname.endsWith('/')));
  });

  it('retries a GET after 503 and network resets, then returns the body', async () => {
    const script: FakeAnswer[] = [{ status: 503 }, { status: 0, networkError: 'ECONNRESET' }, { status: 200, body: { ok: true } }];
    const transport = new FakeTransport((_, i) => script[i]);
    const { client } = clientWith(transport);
    const response = await client.get<{ ok: boolean }>(`${BASE}_apis/x`);
    assert.equal(response.body.ok, true);
    assert.equal(transport.sent.length, 3);
    assert.equal(client.stats.retries, 2);
    assert.equal(response.attempts, 3);
  });

  it('tells a 404 on the first attempt from a 404 after a retry (our own earlier DELETE went through)', async () => {
    const first = new FakeTransport(() => ({ status: 404 }));
    const gone = await clientWith(first).client.send('DELETE', `${BASE}_apis/x/1`, { allowStatuses: [404] });
    assert.deepEqual([gone.status, gone.attempts], [404, 1]);
    const script: FakeAnswer[] = [{ status: 0, networkError: 'ECONNRESET' }, { status: 404 }];
    const retried = new FakeTransport((_, i) => script[i]);
    const after = await clientWith(retried).client.send('DELETE', `${BASE}_apis/x/1`, { allowStatuses: [404] });
    assert.deepEqual([after.status, after.attempts], [404, 2]);
  });

  it('never repeats a POST after a 500 (it may have been processed)', async () => {
    const transport = new FakeTransport(() => ({ status: 500, body: { message: 'boom', typeKey: 'ServerError' } }));
    const { client } = clientWith(transport);
    await assert.rejects(client.send('POST', `${BASE}_apis/x`, { body: {} }), (error: HttpError) => {
      assert.equal(error.status, 500);
      assert.match(error.message, /POST .* failed with HTTP 500 \(ServerError\): boom/);
      return true;
    });
    assert.equal(transport.sent.length, 1);
  });

  it("reads the service's message and code from Azure DevOps, ARM, OAuth and non-JSON error bodies", async () => {
    const bodies: unknown[] = [
      { message: 'no pool', typeKey: 'TaskAgentPoolNotFoundException' },
      { error: { code: 'AuthorizationFailed', message: 'not allowed' } },
      { error: 'invalid_client', error_description: 'AADSTS7000215: bad secret' },
      'Bad gateway from a proxy',
    ];
    const seen: [string | undefined, string | undefined][] = [];
    for (const body of bodies) {
      const { client } = clientWith(new FakeTransport(() => ({ status: 400, body })));
      await assert.rejects(client.get(`${BASE}_apis/x`), (error: HttpError) => {
        seen.push([error.serviceMessage, error.code]);
        return true;
      });
    }
    assert.deepEqual(seen, [
      ['no pool', 'TaskAgentPoolNotFoundException'],
      ['not allowed', 'AuthorizationFailed'],
      ['AADSTS7000215: bad secret', 'invalid_client'],
      ['Bad gateway from a proxy', undefined],
    ]);
  });

  it('repeats any method after 429, waiting what Retry-After asks', async () => {
    const script: FakeAnswer[] = [{ status: 429, headers: { 'retry-after': '0' } }, { status: 204 }];
    const transport = new FakeTransport((_, i) => script[i]);
    const { client } = clientWith(transport);
    const response = await client.send('POST', `${BASE}_apis/revocations`, { body: [] });
    assert.equal(response.status, 204);
    assert.equal(client.stats.throttled, 1);
    assert.equal(transport.sent.length, 2);
  });

  it('pauses the next request as long as a successful answer asks (Retry-After, X-RateLimit-Delay)', async () => {
    let nowMs = Date.UTC(2026, 11, 2);
    const slept: number[] = [];
    const clock = {
      now: () => new Date(nowMs),
      sleep: async (ms: number) => {
        slept.push(ms);
        nowMs += ms;
      },
    };
    const script: FakeAnswer[] = [
      { status: 200, body: {}, headers: { 'x-ratelimit-delay': '2' } },
      { status: 200, body: {}, headers: { 'retry-after': '3' } },
      { status: 200, body: {} },
    ];
    const transport = new FakeTransport((_, i) => script[i]);
    const credential = { getToken: async () => ({ token: 't', expiresOnTimestamp: Date.now() + 3_600_000 }) };
    const client = new RestClient({ credential, scope: 's/.default', maxConcurrency: 1, logger: quietLogger, clock, transport });
    await client.get(`${BASE}_apis/a`);
    assert.deepEqual(slept, []);
    await client.get(`${BASE}_apis/b`);
    assert.deepEqual(slept, [2000]);
    await client.get(`${BASE}_apis/c`);
    assert.deepEqual(slept, [2000, 3000]);
  });

  it('treats a 203 sign-in page as a sign-in failure, without retrying', async () => {
    const transport = new FakeTransport(() => ({ status: 203, body: '<html>Sign in</html>' }));
    const { client } = clientWith(transport);
    await assert.rejects(client.get(`${BASE}_apis/x`), SignInError);
    assert.equal(transport.sent.length, 1);
  });

  it('fetches a new token once when Azure DevOps answers 401 with a challenge', async () => {
    const transport = new FakeTransport((request) =>
      request.headers.get('authorization') === 'Bearer token-1'
        ? { status: 401, headers: { 'www-authenticate': 'Bearer authorization_uri=https://login.example.test' } }
        : { status: 200, body: { value: [] } },
    );
    const { client, tokenCalls } = clientWith(transport);
    const response = await client.get(`${BASE}_apis/x`);
    assert.equal(response.status, 200);
    assert.equal(transport.sent[1].headers.get('authorization'), 'Bearer token-2');
    assert.equal(tokenCalls(), 2);
  });

  it('keeps at most maxConcurrency requests in flight', async () => {
    const transport = new FakeTransport(async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      return { status: 200, body: {} };
    });
    const { client } = clientWith(transport, undefined, 3);
    await Promise.all(Array.from({ length: 12 }, (_, i) => client.get(`${BASE}_apis/x/${i}`)));
    assert.equal(transport.sent.length, 12);
    assert.equal(transport.maxInFlight, 3);
  });

  it('returns allowed error statuses instead of throwing', async () => {
    const transport = new FakeTransport(() => ({ status: 404, body: { message: 'gone' } }));
    const { client } = clientWith(transport);
    const response = await client.get(`${BASE}_apis/x`, { allowStatuses: [404] });
    assert.equal(response.status, 404);
  });

  it('counts requests per normalised resource', async () => {
    const transport = new FakeTransport(() => ({ status: 200, body: {} }));
    const { client } = clientWith(transport);
    await client.get(`${BASE}_apis/distributedtask/pools/12/agents`);
    await client.get(`${BASE}_apis/distributedtask/pools/13/agents`);
    assert.equal(client.stats.byResource['GET _apis/distributedtask/pools/{id}/agents'], 2);
  });
});

describe('paging', () => {
  it('follows X-MS-ContinuationToken headers until absent', async () => {
    const transport = new FakeTransport((request) => {
      const token = new URL(request.url).searchParams.get('continuationToken');
      if (!token) return { status: 200, body: { count: 2, value: [1, 2] }, headers: { 'x-ms-continuationtoken': 'p2' } };
      if (token === 'p2') return { status: 200, body: { count: 1, value: [3] }, headers: { 'x-ms-continuationtoken': 'p3' } };
      return { status: 200, body: { count: 1, value: [4] } };
    });
    const { client } = clientWith(transport);
    assert.deepEqual(await collect(pagesByHeader<number>(client, `${BASE}_apis/graph/users`)), [1, 2, 3, 4]);
  });

  it('follows body continuation tokens until null', async () => {
    const transport = new FakeTransport((request) => {
      const token = new URL(request.url).searchParams.get('continuationToken');
      return token
        ? { status: 200, body: { value: ['b'], continuationToken: null } }
        : { status: 200, body: { value: ['a'], continuationToken: 'c1' } };
    });
    const { client } = clientWith(transport);
    assert.deepEqual(await collect(pagesByBody<string>(client, `${BASE}_apis/tokenadmin/personalaccesstokens/aad.x`)), ['a', 'b']);
  });

  it('follows ARM nextLink and stops on a repeated token', async () => {
    const transport = new FakeTransport((request) =>
      request.url.includes('page=2')
        ? { status: 200, body: { value: ['y'] } }
        : { status: 200, body: { value: ['x'], nextLink: `${BASE}vm?page=2` } },
    );
    const { client } = clientWith(transport);
    assert.deepEqual(await collect(pagesByNextLink<string>(client, `${BASE}vm`)), ['x', 'y']);

    const looping = new FakeTransport(() => ({ status: 200, body: { value: [1] }, headers: { 'x-ms-continuationtoken': 'same' } }));
    const { client: loopClient } = clientWith(looping);
    await assert.rejects(collect(pagesByHeader(loopClient, `${BASE}_apis/graph/users`)), /same continuation token twice/);
  });
});
