import { strict as assert } from 'node:assert';
import { InputError, readBoolean, readChoice, readHttpsUrl, readInteger, readString } from '../../../tasks/common/inputs/read';

const reader = (values: Record<string, string>) => (name: string) => values[name];

describe('input parsing', () => {
  it('reads whole numbers within bounds and names the input when not', () => {
    assert.equal(readInteger(reader({ count: ' 3 ' }), 'count', { min: 0, max: 10 }), 3);
    assert.equal(readInteger(reader({}), 'count', { default: 7 }), 7);
    assert.throws(
      () => readInteger(reader({ count: '-1' }), 'count', { min: 0, max: 10 }),
      /Input 'count' must be a whole number from 0 to 10; got -1/,
    );
    assert.throws(() => readInteger(reader({ count: '2.5' }), 'count'), InputError);
    assert.throws(() => readInteger(reader({ count: '99999999999999999999' }), 'count'), /from 0 to 1000000/);
    assert.throws(() => readInteger(reader({}), 'targetCount', { required: true }), /Input 'targetCount' is required/);
    assert.throws(
      () => readString(reader({ pool: '  ' }), 'pool', { required: true, describe: 'the pool name or id' }),
      /^InputError: Input 'pool' is required: the pool name or id\.$/,
    );
    assert.throws(() => readString(reader({}), 'pool', { required: true }), /^InputError: Input 'pool' is required\.$/);
  });

  it('accepts only true/false for booleans', () => {
    assert.equal(readBoolean(reader({ dryRun: 'TRUE' }), 'dryRun', false), true);
    assert.equal(readBoolean(reader({}), 'dryRun', true), true);
    assert.throws(() => readBoolean(reader({ dryRun: 'yes' }), 'dryRun', false), /Input 'dryRun' must be true or false; got 'yes'/);
  });

  it('matches choices case-insensitively and lists the allowed values', () => {
    assert.equal(readChoice(reader({ action: 'SETCOUNT' }), 'action', ['add', 'setCount'] as const), 'setCount');
    assert.throws(
      () => readChoice(reader({ action: 'grow' }), 'action', ['add', 'remove'] as const),
      /must be one of add, remove; got 'grow'/,
    );
    assert.throws(() => readChoice(reader({}), 'action', ['add'] as const), /is required; allowed values: add/);
  });

  it('requires absolute https organization URLs and normalises the trailing slash', () => {
    assert.equal(
      readHttpsUrl(reader({ organizationUrl: 'https://dev.azure.com/contoso' }), 'organizationUrl'),
      'https://dev.azure.com/contoso/',
    );
    assert.equal(readHttpsUrl(reader({}), 'organizationUrl', 'https://contoso.visualstudio.com/'), 'https://contoso.visualstudio.com/');
    assert.throws(() => readHttpsUrl(reader({ organizationUrl: 'dev.azure.com/contoso' }), 'organizationUrl'), /absolute https URL/);
    assert.throws(() => readHttpsUrl(reader({ organizationUrl: 'http://dev.azure.com/contoso' }), 'organizationUrl'), /must use https/);
  });

  it('treats blank strings as absent', () => {
    assert.equal(readString(reader({ policyFile: '   ' }), 'policyFile'), undefined);
    assert.equal(readString(reader({}), 'poolNameFilter', { default: '*' }), '*');
  });
});
