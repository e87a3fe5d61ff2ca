import assert from 'node:assert/strict';
import { AdaptiveConcurrency, signalsOf, type ResponseSignals } from '../../../tasks/common/http/concurrency';

const ok = (latencyMs = 20): ResponseSignals => ({ status: 200, latencyMs });

/** Feeds `count` copies of `signals` and returns the limit after each. */
function feed(controller: AdaptiveConcurrency, signals: ResponseSignals, count: number): number[] {
  return Array.from({ length: count }, () => {
    controller.observe(signals);
    return controller.limit;
  });
}

describe('http/concurrency AdaptiveConcurrency (a pure state machine)', () => {
  it('starts at 8, or at the ceiling when that is lower', () => {
    assert.equal(new AdaptiveConcurrency({ initial: 8, max: 32 }).limit, 8);
    assert.equal(new AdaptiveConcurrency({ initial: 8, max: 3 }).limit, 3);
  });

  it('rejects a ceiling or start that is not a whole number of at least 1', () => {
    assert.throws(() => new AdaptiveConcurrency({ initial: 8, max: 0 }), /max must be a whole number of at least 1, got 0/);
    assert.throws(() => new AdaptiveConcurrency({ initial: 1.5, max: 4 }), /initial/);
  });

  it('doubles after each round of healthy answers until the ceiling, and never passes it', () => {
    const controller = new AdaptiveConcurrency({ initial: 8, max: 32 });
    const first = controller.observe(ok());
    assert.equal(first, undefined, 'one answer is not yet a round');
    const limits = feed(controller, ok(), 7 + 16 + 200);
    assert.equal(limits[6], 16, 'after 8 healthy answers');
    assert.equal(limits[6 + 16], 32, 'after 16 more');
    assert.equal(Math.max(...limits), 32);
  });

  it('reports each change with its reason', () => {
    const controller = new AdaptiveConcurrency({ initial: 2, max: 8 });
    controller.observe(ok());
    assert.deepEqual(controller.observe(ok()), { from: 2, to: 4, reason: '2 healthy answers in a row' });
    assert.deepEqual(controller.observe({ status: 429, latencyMs: 5, retryAfterMs: 1000 }), {
      from: 4,
      to: 2,
      reason: 'HTTP 429 (throttled)',
    });
  });

  const pressures: Array<[string, ResponseSignals, RegExp]> = [
    ['429', { status: 429, latencyMs: 10 }, /429/],
    ['503', { status: 503, latencyMs: 10 }, /503/],
    ['Retry-After on a 200', { status: 200, latencyMs: 10, retryAfterMs: 1000 }, /Retry-After 1000 ms/],
    ['X-RateLimit-Delay on a 200', { status: 200, latencyMs: 10, rateLimitDelayMs: 500 }, /X-RateLimit-Delay 500 ms/],
    [
      'X-RateLimit-Remaining below a fifth',
      { status: 200, latencyMs: 10, rateLimitRemaining: 100, rateLimitLimit: 1000 },
      /Remaining 100\/1000/,
    ],
  ];
  for (const [name, signals, reason] of pressures) {
    it(`halves on ${name}`, () => {
      const controller = new AdaptiveConcurrency({ initial: 16, max: 32 });
      const change = controller.observe(signals);
      assert.equal(change?.to, 8);
      assert.match(change?.reason ?? '', reason);
    });
  }

  it('does not halve on a remaining budget that is still large, or on X-RateLimit-Delay 0', () => {
    const controller = new AdaptiveConcurrency({ initial: 16, max: 32 });
    assert.equal(controller.observe({ status: 200, latencyMs: 10, rateLimitRemaining: 5000, rateLimitLimit: 6000 }), undefined);
    assert.equal(controller.observe({ status: 200, latencyMs: 10, rateLimitDelayMs: 0 }), undefined);
    assert.equal(controller.limit, 16);
  });

  it('halves once per burst: answers of requests already in flight cannot halve it again', () => {
    const controller = new AdaptiveConcurrency({ initial: 32, max: 32 });
    const limits = feed(controller, { status: 429, latencyMs: 10 }, 32);
    assert.equal(limits[0], 16);
    assert.equal(limits[31], 16, 'the other 31 answers of the same round change nothing');
    controller.observe({ status: 429, latencyMs: 10 });
    assert.equal(controller.limit, 8, 'pressure in the next round halves again');
  });

  it('never goes below 1', () => {
    const controller = new AdaptiveConcurrency({ initial: 8, max: 32 });
    for (let i = 0; i < 100; i++) controller.observe({ status: 503, latencyMs: 10 });
    assert.equal(controller.limit, 1);
  });

  it('grows by one per round (not doubling) once it has backed off', () => {
    const controller = new AdaptiveConcurrency({ initial: 8, max: 32 });
    controller.observe({ status: 429, latencyMs: 10 }); // 8 → 4, cooldown of 8 answers
    const limits = feed(controller, ok(), 4 + 5 + 6);
    assert.deepEqual([...new Set(limits)], [4, 5, 6, 7], 'one more after each round of 4, 5, 6 healthy answers');
  });

  it('after a long stretch of pressure, doubles back to half the limit it began at, then adds one per round', () => {
    const controller = new AdaptiveConcurrency({ initial: 32, max: 32 });
    for (let i = 0; i < 200; i++) controller.observe({ status: 200, latencyMs: 10, retryAfterMs: 1000 });
    assert.equal(controller.limit, 1, 'warnings round after round bring it down to 1');
    const limits = feed(controller, ok(), 1 + 2 + 4 + 8 + 16 + 17);
    assert.deepEqual([...new Set(limits)], [2, 4, 8, 16, 17, 18], 'slow start up to 16 (half of 32), then one per round');
  });

  it('halves when latency rises several-fold, not on noise, and once per rise', () => {
    const noisy = new AdaptiveConcurrency({ initial: 32, max: 32 });
    feed(noisy, ok(20), 100);
    feed(noisy, ok(150), 200);
    assert.equal(noisy.limit, 32, '20 → 150 ms (a busy client, bigger pages) is not a service under strain');
    const loaded = new AdaptiveConcurrency({ initial: 32, max: 32 });
    feed(loaded, ok(40), 100);
    const decreases = Array.from({ length: 600 }, () => loaded.observe(ok(600))).filter((c) => c !== undefined && c.to < c.from);
    assert.equal(decreases.length, 1, 'halves once, then the new level is the reference');
    assert.equal(decreases[0]?.to, 16);
    assert.match(decreases[0]?.reason ?? '', /^latency rising \(\d+ ms, was 40 ms\)$/);
  });

  it('neither grows nor shrinks on failures that are not load signals', () => {
    const controller = new AdaptiveConcurrency({ initial: 4, max: 32 });
    const limits = feed(controller, { status: 0, latencyMs: 10 }, 20).concat(feed(controller, { status: 500, latencyMs: 10 }, 20));
    assert.deepEqual(new Set(limits), new Set([4]));
  });

  it('reads the signals off status and headers', () => {
    const headers = new Map(
      Object.entries({ 'x-ratelimit-delay': '0.500', 'x-ratelimit-remaining': '12', 'x-ratelimit-limit': '6000', 'retry-after': '1' }),
    );
    assert.deepEqual(signalsOf(200, { get: (name) => headers.get(name) }, 25, 1000), {
      status: 200,
      latencyMs: 25,
      retryAfterMs: 1000,
      rateLimitDelayMs: 500,
      rateLimitRemaining: 12,
      rateLimitLimit: 6000,
    });
    assert.deepEqual(signalsOf(200, { get: () => undefined }, 25, undefined), {
      status: 200,
      latencyMs: 25,
      retryAfterMs: undefined,
      rateLimitDelayMs: undefined,
      rateLimitRemaining: undefined,
      rateLimitLimit: undefined,
    });
  });
});
