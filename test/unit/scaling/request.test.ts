import { strict as assert } from 'node:assert';
import { validateScaleRequest } from '../../../tasks/common/scaling/request';
import { request } from './helpers';

describe('validateScaleRequest', () => {
  const inputsOf = (fields: Parameters<typeof request>[0]) => validateScaleRequest(request(fields)).map((e) => e.input);

  it('accepts a complete add request', () => {
    assert.deepEqual(validateScaleRequest(request({ action: 'add', count: 2 })), []);
  });
  it('requires count for add and remove, targetCount for setCount', () => {
    assert.deepEqual(inputsOf({ action: 'add' }), ['count']);
    assert.deepEqual(inputsOf({ action: 'remove' }), ['count']);
    assert.deepEqual(inputsOf({ action: 'setCount' }), ['targetCount']);
  });
  it('rejects negative, fractional and huge numbers, naming the allowed range', () => {
    const errors = validateScaleRequest(request({ action: 'remove', count: -1 }));
    assert.equal(errors[0].input, 'count');
    assert.match(errors[0].message, /whole number from 1 to 1000 \(got -1\)/);
    assert.deepEqual(inputsOf({ action: 'add', count: 2.5 }), ['count']);
    assert.deepEqual(inputsOf({ action: 'add', count: 1e9 }), ['count']);
    assert.deepEqual(inputsOf({ action: 'add', count: Number.NaN }), ['count']);
    assert.deepEqual(inputsOf({ action: 'setCount', targetCount: 3, drainTimeoutMinutes: 99999 }), ['drainTimeoutMinutes']);
  });
  it('rejects minAgents above maxAgents', () => {
    const errors = validateScaleRequest(request({ action: 'add', count: 1, minAgents: 5, maxAgents: 2 }));
    assert.equal(errors.length, 1);
    assert.match(errors[0].message, /maxAgents \(2\) must be at least minAgents \(5\)/);
  });
  it('rejects an unknown action listing the allowed ones', () => {
    const errors = validateScaleRequest(request({ action: 'grow' as never, count: 1 }));
    assert.match(errors[0].message, /one of add, remove, setCount, removeOffline, configure/);
  });
  it('configure needs something to change and consistent settings', () => {
    // Errors name the task inputs (standbyAgents), never the REST field (desiredIdle) the user never typed.
    assert.deepEqual(inputsOf({ action: 'configure' }), ['action']);
    assert.deepEqual(inputsOf({ action: 'configure', settings: {} }), ['action']);
    assert.deepEqual(inputsOf({ action: 'configure', settings: { desiredIdle: 5, maxCapacity: 3 } }), ['standbyAgents']);
    assert.deepEqual(inputsOf({ action: 'configure', settings: { desiredIdle: -1 } }), ['standbyAgents']);
    assert.deepEqual(inputsOf({ action: 'configure', settings: { timeToLiveMinutes: 30 } }), []);
  });
});
