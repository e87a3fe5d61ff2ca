import assert from 'node:assert/strict';
import { escapeCsvField, escapeMarkdownCell, neutraliseLoggingCommands, truncate, xmlCdata } from '../../../tasks/common/report';
import { escapeXmlAttribute, escapeXmlText } from '../../../tasks/common/report/escape';
import { stripControls, toLogLine } from '../../../tasks/common/report/escape';
import { HOSTILE_NAMES } from './fixtures';

const COMMAND = /##vso\[|##\[/i;

describe('escape helpers', () => {
  it('neutraliseLoggingCommands breaks ##vso[ and ##[ in any case and position', () => {
    for (const text of ['##vso[task.setvariable variable=x]y', 'a ##VSO[task.complete]', '###vso[x]', '##[error]x', '####vso[']) {
      assert.doesNotMatch(neutraliseLoggingCommands(text), COMMAND, text);
    }
    assert.equal(neutraliseLoggingCommands('plain ## heading [x]'), 'plain ## heading [x]');
  });

  it('toLogLine keeps a name on one line, without terminal escapes or commands', () => {
    assert.equal(toLogLine('a\nb\r\nc\rd\u2028e'), 'a b c d e');
    assert.equal(toLogLine('red \u001b[31mtext\u001b[0m \u202Etxt'), 'red [31mtext[0m txt');
    assert.doesNotMatch(toLogLine('x\n##vso[task.complete result=Succeeded]'), COMMAND);
    for (const name of HOSTILE_NAMES) assert.doesNotMatch(toLogLine(name), /[\r\n\u0000-\u001f\u007f\u2028\u202e]/);
  });

  it('stripControls drops escapes and bidi overrides but keeps line breaks and tabs', () => {
    assert.equal(stripControls('a\u0000b\u001b[8mc\u007f\u0085\u202Ed\te\nf\r\n'), 'ab[8mcd\te\nf\r\n');
  });

  it('escapeMarkdownCell keeps one line, escapes pipes, HTML and markdown', () => {
    for (const name of HOSTILE_NAMES) {
      const cell = escapeMarkdownCell(name);
      assert.doesNotMatch(cell, /[\r\n\u0000-\u001f\u202e]/, 'single line without controls');
      assert.doesNotMatch(cell, /(^|[^\\])\|/, 'every pipe escaped');
      assert.doesNotMatch(cell, /</, 'no raw <');
      assert.doesNotMatch(cell, COMMAND);
    }
    assert.equal(escapeMarkdownCell('a|b'), 'a\\|b');
    assert.equal(escapeMarkdownCell('<script>'), '&lt;script&gt;');
    assert.equal(escapeMarkdownCell('a\nb'), 'a b');
    assert.equal(escapeMarkdownCell('[x](y)'), '\\[x\\]\\(y\\)');
  });

  it('escapeMarkdownCell truncates long names by code point and keeps non-Latin text', () => {
    assert.equal(Array.from(escapeMarkdownCell('x'.repeat(5000), 100)).length, 100);
    assert.equal(escapeMarkdownCell('生产池-東京 Пул'), '生产池-東京 Пул');
    assert.equal(truncate('🚀🚀🚀', 2), '🚀…', 'no broken surrogate pair');
  });

  it('escapeCsvField neutralises formula starts and quotes per RFC 4180', () => {
    assert.equal(escapeCsvField('=1+1'), "'=1+1");
    assert.equal(escapeCsvField('+1'), "'+1");
    assert.equal(escapeCsvField('-1'), "'-1");
    assert.equal(escapeCsvField('@SUM(A1)'), "'@SUM(A1)");
    assert.equal(escapeCsvField('\tx'), "'\tx");
    assert.equal(escapeCsvField('\rx'), `"'\rx"`);
    assert.equal(escapeCsvField('a,"b"'), '"a,""b"""');
    assert.equal(escapeCsvField('a\nb'), '"a\nb"');
    assert.equal(escapeCsvField('plain'), 'plain');
  });

  it('xmlCdata splits ]]> and keeps ##vso[ out of the raw text', () => {
    const cdata = xmlCdata('a]]>b ##vso[x]');
    assert.equal(cdata.match(/]]>/g)?.length, 3, 'two splits plus the real end');
    assert.doesNotMatch(cdata, COMMAND);
  });
  it('XML escapes leave plain text as it is and still escape each character they handle', () => {
    assert.equal(escapeXmlAttribute('Token a-1 of User 7 (fabrikam)'), 'Token a-1 of User 7 (fabrikam)');
    assert.equal(escapeXmlText('plain text'), 'plain text');
    assert.equal(xmlCdata('line 1\n\tline 2'), '<![CDATA[line 1\n\tline 2]]>');
    const cases: [string, string][] = [
      ['a&b', 'a&amp;b'],
      ['\'<">', '&#39;&lt;&quot;&gt;'],
      ['a\tb\nc\rd', 'a&#9;b&#10;c&#13;d'],
      ['x\u0001y', 'x\\u0001y'],
      ['lone \uD800', 'lone \\uD800'],
      ['##vso[task.complete]', '#&#35;vso[task.complete]'],
    ];
    for (const [input, expected] of cases) assert.equal(escapeXmlAttribute(input), expected, JSON.stringify(input));
    assert.equal(escapeXmlText('a\rb<'), 'a&#13;b&lt;');
    assert.equal(xmlCdata('a\rb\u0002'), '<![CDATA[ab\\u0002]]>');
  });
});
