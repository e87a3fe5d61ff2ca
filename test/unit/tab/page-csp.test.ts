import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { allowConnectionsTo } from '../../../emulator/tab-host/server';

const PAGE = path.join(__dirname, '..', '..', '..', 'tab', 'pool-warden-tab.html');

function connectSources(html: string): string[] {
  const policy = /http-equiv="Content-Security-Policy"\s+content="([^"]*)"/.exec(html)?.[1] ?? '';
  const directive = policy.split(';').find((part) => part.trim().startsWith('connect-src')) ?? '';
  return directive.trim().split(/\s+/).slice(1);
}

describe('run tab page: Content-Security-Policy', () => {
  it('the shipped page connects over https only (no plain-http or loopback source)', () => {
    assert.deepEqual(connectSources(fs.readFileSync(PAGE, 'utf8')), ['https:']);
  });

  it('the local harness widens only its own copy, by the one origin it serves the Build API from', () => {
    const widened = allowConnectionsTo(fs.readFileSync(PAGE, 'utf8'), 'http://127.0.0.1:4567');
    assert.deepEqual(connectSources(widened), ['https:', 'http://127.0.0.1:4567']);
    assert.throws(() => allowConnectionsTo('<html></html>', 'http://127.0.0.1:1'), /connect-src https:/);
  });
});
