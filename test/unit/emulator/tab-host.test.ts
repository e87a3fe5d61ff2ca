import { strict as assert } from 'node:assert';
import { startTabHost, type TabHost } from '../../../emulator/tab-host/server';
import * as path from 'node:path';
import { skipUnlessBuilt } from '../../harness/built';

const TAB_PAGE = path.resolve(__dirname, '..', '..', '..', 'dist', 'tab', 'pool-warden-tab.html');

/** The tab host's Build attachments API answers as strictly as the service on what the tab sends. */
describe('tab host: Build attachments API', function () {
  let host: TabHost;
  let base: string;
  const attachments = [{ name: 'PoolInventory-contoso', content: '{"task":"PoolInventory"}' }];
  before(async function () {
    skipUnlessBuilt(this, TAB_PAGE, 'the tab page');
    host = await startTabHost([{ buildId: 7, attachments }]);
    base = new URL(host.pageUrl({ buildId: 7 })).origin;
  });
  after(() => host?.close());

  const list = (version?: string, token = host.accessToken) =>
    fetch(`${base}/contoso/Platform/_apis/build/builds/7/attachments/pool-warden.report.v1${version ? `?api-version=${version}` : ''}`, {
      headers: token ? { Authorization: `Bearer ${token}` } : {},
    });

  it('lists the attachments of a type as {count, value} with a self link to each', async () => {
    const response = await list('7.1-preview.2');
    assert.equal(response.status, 200);
    const body = (await response.json()) as { count: number; value: { name: string; _links: { self: { href: string } } }[] };
    assert.equal(body.count, 1);
    assert.equal(body.value[0].name, 'PoolInventory-contoso');
    const content = await fetch(`${body.value[0]._links.self.href}?api-version=7.1-preview.2`, {
      headers: { Authorization: `Bearer ${host.accessToken}` },
    });
    assert.equal(await content.text(), attachments[0].content);
  });

  it('refuses a request without the session token, and without a preview api-version', async () => {
    assert.equal((await list('7.1-preview.2', 'someone-else')).status, 401);
    assert.equal((await list('7.1-preview.2', '')).status, 401);
    const released = await list('7.1');
    assert.equal(released.status, 400);
    assert.equal(((await released.json()) as { typeKey: string }).typeKey, 'VssInvalidPreviewVersionException');
    assert.equal((await list(undefined)).status, 400);
  });

  it('answers CORS preflights from the extension origin', async () => {
    const response = await fetch(`${base}/contoso/Platform/_apis/build/builds/7/attachments/pool-warden.report.v1`, {
      method: 'OPTIONS',
      headers: { Origin: 'http://localhost:1', 'Access-Control-Request-Headers': 'authorization' },
    });
    assert.equal(response.headers.get('access-control-allow-origin'), 'http://localhost:1');
    assert.equal(response.headers.get('access-control-allow-headers'), 'authorization');
  });
});
