import { strict as assert } from 'node:assert';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import { createDefaultHttpClient } from '@azure/core-rest-pipeline';
import { RestClient, type TransportClient } from '../../../tasks/common/http/client';
import { sharedEmulatorKeys } from '../../../emulator';
import { systemClock, type Logger } from '../../../tasks/common/model/context';

const quietLogger: Logger = { info() {}, warn() {}, debug() {} };
const credential = { getToken: async () => ({ token: 'token', expiresOnTimestamp: Date.now() + 3_600_000 }) };

/** Timers that keep the process alive (unreferenced ones do not count). */
const liveTimers = () => process.getActiveResourcesInfo().filter((name) => name === 'Timeout').length;

/** A loopback HTTPS server (bearer tokens need TLS) that answers each request with the next step of the script. */
async function scriptedServer(
  script: ('reset' | 'ok' | 'hang')[],
): Promise<{ url: string; transport: TransportClient; close(): Promise<void> }> {
  const { tls } = await sharedEmulatorKeys();
  let calls = 0;
  const server = https.createServer({ key: tls.key, cert: tls.cert }, (req, res) => {
    const step = script[Math.min(calls++, script.length - 1)];
    if (step === 'reset') req.socket.destroy();
    else if (step === 'ok') {
      res.writeHead(200, { 'content-type': 'application/json', connection: 'close' });
      res.end('{"ok":true}');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  // The real Node transport of the SDK (its timer handling is what is tested), trusting the test certificate.
  const agent = new https.Agent({ ca: tls.cert, keepAlive: false });
  const sdk = createDefaultHttpClient();
  const transport: TransportClient = { sendRequest: (request) => sdk.sendRequest(Object.assign(request, { agent })) };
  return {
    url: `https://127.0.0.1:${port}/`,
    transport,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

function client(timeoutMs: number, transport: TransportClient): RestClient {
  return new RestClient({
    credential,
    scope: 's/.default',
    maxConcurrency: 2,
    logger: quietLogger,
    clock: systemClock,
    timeoutMs,
    transport,
    baseDelayMs: 1,
    maxDelayMs: 2,
    random: () => 0,
  });
}

describe('RestClient attempt timeout', () => {
  it('leaves no timer behind after a connection reset (a finished task must be able to exit)', async () => {
    const server = await scriptedServer(['reset', 'ok']);
    try {
      const before = liveTimers();
      const response = await client(600_000, server.transport).get<{ ok: boolean }>(server.url);
      assert.equal(response.body.ok, true);
      assert.equal(liveTimers(), before, 'a timer of the failed attempt is still pending');
    } finally {
      await server.close();
    }
  });

  it('still gives up on an attempt that takes longer than timeoutMs', async () => {
    const server = await scriptedServer(['hang']);
    try {
      await assert.rejects(client(200, server.transport).get(server.url), (error: Error) => /abort/i.test(error.message));
    } finally {
      await server.close();
    }
  });
});
