import { strict as assert } from 'assert';
import { compileSecretPatterns, looksHighEntropy, secretReason, shannonEntropy } from '../../../tasks/common/patterns/secrets';
import { DEFAULT_SECRET_PATTERNS } from '../../../tasks/common/patterns/secrets';
import { compileNamePattern } from '../../../tasks/common/patterns/names';

describe('patterns/secrets', () => {
  const patterns = compileSecretPatterns(DEFAULT_SECRET_PATTERNS);

  it('measures entropy', () => {
    assert.equal(shannonEntropy('aaaa'), 0);
    assert.equal(shannonEntropy('abcd'), 2);
  });

  it('treats an Azure DevOps PAT-shaped value as high entropy but not a 40-char hex commit id', () => {
    assert.ok(looksHighEntropy('k3x7q2m9w5z4t8r6y1p0n2b4v6c8x0z2l4j6h8g0f2d4s6a8q'));
    assert.ok(!looksHighEntropy('9fceb02d0ae598e95dc970b74767f19372d61af8'));
  });

  it('matches PAT as a separate word only', () => {
    assert.match(String(secretReason('AZP_PAT', 'abc123', patterns)), /pattern/);
    assert.equal(secretReason('PATH', 'C:\\Windows', patterns), undefined);
    assert.equal(secretReason('PATCH_LEVEL', '3', patterns), undefined);
    assert.equal(secretReason('SASS_BINARY_SITE', 'https://mirror.local/sass', patterns), undefined);
    assert.match(String(secretReason('STORAGE_SAS', 'sv=2020', patterns)), /pattern/);
    assert.match(String(secretReason('CONN', 'BlobEndpoint=x;SharedAccessSignature=sv=2020', patterns)), /assignment/);
    assert.match(String(secretReason('NOTE', 'PAT=abc', patterns)), /assignment/);
  });

  it('names a bad pattern', () => {
    assert.throws(() => compileSecretPatterns(['(']), /Invalid secret pattern '\('/);
  });
});

describe('patterns/names', () => {
  it('supports exact names and globs; there is no regular-expression form', () => {
    assert.ok(compileNamePattern('Linux-Prod')('linux-prod'));
    assert.ok(!compileNamePattern('linux-prod')('linux-prod-2'));
    assert.ok(compileNamePattern('prod-*')('PROD-west'));
    assert.ok(!compileNamePattern('prod-*')('preprod-west'));
    assert.ok(!compileNamePattern('/^(prod|release)-/')('release-1'));
  });
});
