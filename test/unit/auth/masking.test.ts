import { strict as assert } from 'node:assert';
import { maskableParts } from '../../../tasks/common/auth/masking';

describe('auth: maskableParts', () => {
  it('keeps a single-line secret whole', () => {
    assert.deepEqual(maskableParts('s3cr3t-value'), ['s3cr3t-value']);
    assert.deepEqual(maskableParts(''), []);
  });

  it('splits a PEM key into its lines (the agent refuses multi-line secrets), leaving out armour and short tails', () => {
    const pem = '-----BEGIN PRIVATE KEY-----\r\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\nBKcwggSjAgEAAoIBAQC7\nZg==\n-----END PRIVATE KEY-----\n';
    const parts = maskableParts(pem);
    assert.deepEqual(parts, ['MIIEvQIBADANBgkqhkiG9w0BAQEFAASC', 'BKcwggSjAgEAAoIBAQC7']);
    assert.ok(parts.every((part) => !/[\r\n]/.test(part)));
  });
});
