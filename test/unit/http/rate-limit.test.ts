import { strict as assert } from 'node:assert';
import { RestClient } from '../../../tasks/common/http/client';
import { concurrencyForBudget } from '../../../tasks/common/http/policies';
import { systemClock, type Logger } from '../../../tasks/common/model/context';
import { FakeTransport } from './fake-transport';

const quiet: Logger = { info() {}, warn() {}, debug() {} };

describe('rate-limit budget', () => {
  it('keeps full concurrency above 30 % left, narrows in proportion, and goes one at a time from 20 %', () => {
    assert.equal(concurrencyForBudget(8, 600, 1000), 8);
    assert.equal(concurrencyForBudget(8, 300, 1000), 8);
    assert.equal(concurrencyForBudget(8, 250, 1000), 4);
    assert.equal(concurrencyForBudget(8, 210, 1000), 1);
    assert.equal(concurrencyForBudget(8, 200, 1000), 1);
    assert.equal(concurrencyForBudget(8, 0, 1000), 1);
  });

  it('sends one request at a time once the service says the budget is nearly spent, and widens again when it recovers', async () => {
    let remaining = 100;
    const transport = new FakeTransport(async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      return { status: 200, body: {}, headers: { 'x-ratelimit-limit': '1000', 'x-ratelimit-remaining': String(remaining) } };
    });
    const credential = { getToken: async () => ({ token: 't', expiresOnTimestamp: Date.now() + 3_600_000 }) };
    const client = new RestClient({ credential, scope: 's/.default', maxConcurrency: 8, logger: quiet, clock: systemClock, transport });
    await client.get('https://dev.example.test/contoso/_apis/first');
    transport.maxInFlight = 0;
    await Promise.all(Array.from({ length: 6 }, (_, i) => client.get(`https://dev.example.test/contoso/_apis/low/${i}`)));
    assert.equal(transport.maxInFlight, 1, 'narrowed to one at a time');

    remaining = 900;
    await client.get('https://dev.example.test/contoso/_apis/recovered');
    transport.maxInFlight = 0;
    await Promise.all(Array.from({ length: 6 }, (_, i) => client.get(`https://dev.example.test/contoso/_apis/high/${i}`)));
    assert.ok(transport.maxInFlight > 1, `widened again (max in flight ${transport.maxInFlight})`);
  });
});
