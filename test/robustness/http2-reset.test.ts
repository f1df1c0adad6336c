// Finding 1: a HEADERS frame the server refuses (no gRPC content-type) and an RST_STREAM for the
// same stream in one TCP write used to throw ERR_HTTP2_INVALID_STREAM out of grpc-js and kill
// the whole `devkit start` process. Every gRPC port must shrug it off and keep serving.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as h2 from './http2-frames.ts';
import { sendRaw } from './raw-socket.ts';
import { type StackUnderTest, startStackProcess } from './stack-process.ts';

let stack: StackUnderTest;
beforeAll(async () => {
  stack = await startStackProcess();
}, 90_000);
afterAll(async () => stack?.stop());

/** The packets of the finding and close relatives, each one TCP write. */
function resetPackets(authority: string, rpcPath: string): Buffer[] {
  const opening = Buffer.concat([h2.PREFACE, h2.settings()]);
  const plain = h2.headerBlock(h2.requestHeaders('/', authority, false));
  const grpcCall = h2.headerBlock(h2.requestHeaders(rpcPath, authority, true));
  const message = h2.data(1, h2.grpcMessage(Buffer.from([0x0a, 0x01, 0x78])), false);
  return [
    Buffer.concat([opening, h2.headers(1, plain), h2.rstStream(1)]),
    Buffer.concat([opening, h2.headers(1, plain, h2.FLAG.END_HEADERS | h2.FLAG.END_STREAM), h2.rstStream(1)]),
    Buffer.concat([opening, h2.headers(1, grpcCall), h2.rstStream(1)]),
    Buffer.concat([opening, h2.headers(1, grpcCall), message, h2.rstStream(1)]),
    Buffer.concat([
      opening,
      h2.headers(1, h2.headerBlock(h2.requestHeaders('/no.Such/Method', authority, true))),
      h2.rstStream(1),
    ]),
  ];
}

describe('HEADERS + RST_STREAM in one write', () => {
  it('leaves the process running and every port serving the official clients', async () => {
    const grpcPorts = stack.ports.filter((p) => p.spec.rpcs().length > 0);
    expect(grpcPorts.map((p) => p.spec.name)).toEqual(expect.arrayContaining(['pubsub', 'scheduler']));
    for (const { spec, host, port } of grpcPorts) {
      const rpc = spec.rpcs()[0]!.path;
      for (const packet of resetPackets(`${host}:${port}`, rpc)) {
        for (let i = 0; i < 3; i++) await sendRaw(host, port, [packet], 100);
      }
    }
    // Give a deferred throw (next tick, next read) the chance to happen before we look.
    await new Promise((r) => setTimeout(r, 500));
    expect(stack.alive(), `devkit died:\n${stack.devkit.stderr()}`).toBe(true);
    for (const { spec, host, port } of stack.ports) await spec.officialCall({ host, port });
    expect(stack.devkit.stderr()).not.toMatch(/ERR_HTTP2_INVALID_STREAM/);
  });
});
