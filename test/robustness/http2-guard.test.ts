// guardHttp2Server on a plain node:http2 server fed sniffed sockets, as every shared HTTP/1+HTTP/2
// port feeds its server: a handler that answers at once survives HEADERS + RST_STREAM in one write
// (5 uncaught ERR_HTTP2_INVALID_STREAM without the guard), a silent session is closed after
// `firstRequestTimeoutMs`, and a well-behaved client is served.
import http2 from 'node:http2';
import net, { type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { guardHttp2Server, sniffConnection } from '../../emulators/common/index.ts';
import * as h2 from './http2-frames.ts';
import { openHeld, sendRaw } from './raw-socket.ts';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

/** A node:http2 server fed sniffed sockets, as the emulators' shared ports feed theirs. */
async function guardedServer(
  firstRequestTimeoutMs: number,
): Promise<{ port: number; answered: () => number }> {
  const server = http2.createServer();
  guardHttp2Server(server, { firstRequestTimeoutMs });
  let answered = 0;
  server.on('stream', (stream) => {
    // Answers synchronously, as grpc-js does for a wrong content-type: this is what used to throw.
    stream.respond({ ':status': 200 }, { endStream: true });
    answered++;
  });
  const sockets = new Set<net.Socket>();
  const port = net.createServer((socket) => {
    sockets.add(socket);
    sniffConnection(socket, { http2: (s) => server.emit('connection', s), http1: (s) => s.destroy() });
  });
  await new Promise<void>((r) => port.listen(0, '127.0.0.1', r));
  closers.push(async () => {
    for (const s of sockets) s.destroy();
    await new Promise((r) => port.close(r));
  });
  return { port: (port.address() as AddressInfo).port, answered: () => answered };
}

describe('guardHttp2Server', () => {
  it('drops streams reset in the same write as their HEADERS and keeps serving', async () => {
    const { port, answered } = await guardedServer(10_000);
    const errors: unknown[] = [];
    const onUncaught = (err: unknown) => errors.push(err);
    process.on('uncaughtException', onUncaught);
    try {
      const block = h2.headerBlock(h2.requestHeaders('/', `127.0.0.1:${port}`, false));
      const packet = Buffer.concat([h2.PREFACE, h2.settings(), h2.headers(1, block), h2.rstStream(1)]);
      for (let i = 0; i < 5; i++) await sendRaw('127.0.0.1', port, [packet], 100);
      await new Promise((r) => setTimeout(r, 200));
    } finally {
      process.off('uncaughtException', onUncaught);
    }
    expect(errors).toEqual([]);
    const client = http2.connect(`http://127.0.0.1:${port}`);
    const status = await new Promise((resolve, reject) => {
      const req = client.request({ ':path': '/' });
      req.on('response', (h) => resolve(h[':status']));
      req.on('error', reject);
      req.end();
    });
    client.close();
    expect(status).toBe(200);
    expect(answered()).toBeGreaterThanOrEqual(1);
  });

  it('closes a session that never opens a stream', async () => {
    const { port } = await guardedServer(300);
    const held = await openHeld('127.0.0.1', port, Buffer.concat([h2.PREFACE, h2.settings()]));
    const closedAfter = await held.closed;
    expect(closedAfter).toBeGreaterThanOrEqual(250);
    expect(closedAfter).toBeLessThan(10_000);
  });
});
