import { strict as assert } from 'node:assert';
import { compileNamePattern, matchesAnyNamePattern } from '../../../tasks/common/patterns/names';

describe('settings name patterns', () => {
  it('exact names ignore case, globs cover the whole name, regular-expression syntax is literal', () => {
    assert.equal(compileNamePattern('Linux-Prod')('linux-prod'), true);
    assert.equal(compileNamePattern('linux-*')('LINUX-prod-2'), true);
    assert.equal(compileNamePattern('linux-*')('old-linux-prod'), false);
    assert.equal(compileNamePattern('/^prod-\\d+$/')('prod-12'), false);
    assert.equal(compileNamePattern('/^prod$/')('/^prod$/'), true);
  });

  it('globs span line breaks, so a pool named with a newline still counts as sensitive', () => {
    assert.equal(compileNamePattern('prod*')('prod\n| injected |'), true);
    assert.equal(compileNamePattern('a?b')('a\nb'), true);
    assert.equal(matchesAnyNamePattern('x\r\nprod', ['*prod']), true);
  });

  it('never throws: every string is a valid pattern', () => {
    assert.equal(compileNamePattern('/([/')('/([/'), true);
  });
});
