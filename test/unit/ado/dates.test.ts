import { strict as assert } from 'assert';
import { parseTokenAdminDate } from '../../../tasks/common/ado/dates';

describe('ado/dates parseTokenAdminDate', () => {
  it('treats a zone-less timestamp as UTC', () => {
    assert.equal(parseTokenAdminDate('2018-07-19T00:00:00').toISOString(), '2018-07-19T00:00:00.000Z');
  });

  it('truncates .NET 7-digit fractions without rolling over', () => {
    assert.equal(parseTokenAdminDate('2020-11-23T04:04:38.5233333').toISOString(), '2020-11-23T04:04:38.523Z');
    assert.equal(parseTokenAdminDate('9999-12-31T23:59:59.9999999').toISOString(), '9999-12-31T23:59:59.999Z');
  });

  it('honours explicit Z and offsets', () => {
    assert.equal(parseTokenAdminDate('2020-10-24T03:04:57.52Z').toISOString(), '2020-10-24T03:04:57.520Z');
    assert.equal(parseTokenAdminDate('2020-10-24T03:04:57+02:00').toISOString(), '2020-10-24T01:04:57.000Z');
    assert.equal(parseTokenAdminDate('2020-10-24T03:04:57-0130').toISOString(), '2020-10-24T04:34:57.000Z');
  });

  it('accepts a date-only value as UTC midnight', () => {
    assert.equal(parseTokenAdminDate('2026-12-01').toISOString(), '2026-12-01T00:00:00.000Z');
  });

  it('rejects garbage and impossible dates with the input in the message', () => {
    assert.throws(() => parseTokenAdminDate('yesterday'), /'yesterday'/);
    assert.throws(() => parseTokenAdminDate('2024-02-30T00:00:00'), /Impossible.*2024-02-30/);
    assert.throws(() => parseTokenAdminDate('2024-01-01T24:00:00'), /Impossible/);
  });
});
