// Attack classes on the wire: malformed HTTP/1, malformed HTTP/2 (floods, resets, bad prefaces,
// oversized frames) and the HEADERS + RST_STREAM packet of finding 1, on every port.
import { expect } from 'vitest';
import { http1Attacks, http2Attacks } from '../attacks.ts';
import * as h2 from '../http2-frames.ts';
import { sendRaw } from '../raw-socket.ts';
import type { StackUnderTest } from '../stack-process.ts';

export async function malformedHttp1(stack: StackUnderTest): Promise<void> {
  await Promise.all(
    stack.ports.map(async ({ host, port }) => {
      for (const attack of http1Attacks(`${host}:${port}`)) await sendRaw(host, port, [attack.bytes], 300);
    }),
  );
}

export async function malformedHttp2(stack: StackUnderTest): Promise<void> {
  await Promise.all(
    stack.ports.map(async ({ spec, host, port }) => {
      const rpc = spec.rpcs()[0]?.path ?? '/x';
      const attacks = http2Attacks(`${host}:${port}`, rpc);
      await Promise.all(attacks.map((attack) => sendRaw(host, port, attack.chunks, 400)));
      // Rapid reset from several connections at once.
      await Promise.all(Array.from({ length: 8 }, () => sendRaw(host, port, attacks[0]!.chunks, 400)));
    }),
  );
}

/** Finding 1 and its relatives: a stream reset in the same TCP write as its HEADERS. */
function resetPackets(authority: string, rpcPath: string): Buffer[] {
  const opening = Buffer.concat([h2.PREFACE, h2.settings()]);
  const plain = h2.headerBlock(h2.requestHeaders('/', authority, false));
  const grpcCall = h2.headerBlock(h2.requestHeaders(rpcPath, authority, true));
  const unknown = h2.headerBlock(h2.requestHeaders('/no.Such/Method', authority, true));
  const message = h2.data(1, h2.grpcMessage(Buffer.from([0x0a, 0x01, 0x78])), false);
  return [
    Buffer.concat([opening, h2.headers(1, plain), h2.rstStream(1)]),
    Buffer.concat([opening, h2.headers(1, plain, h2.FLAG.END_HEADERS | h2.FLAG.END_STREAM), h2.rstStream(1)]),
    Buffer.concat([opening, h2.headers(1, grpcCall), h2.rstStream(1)]),
    Buffer.concat([opening, h2.headers(1, grpcCall), message, h2.rstStream(1)]),
    Buffer.concat([opening, h2.headers(1, unknown), h2.rstStream(1)]),
  ];
}

export async function resetBeforeAnswer(stack: StackUnderTest): Promise<void> {
  const grpcPorts = stack.ports.filter((p) => p.spec.rpcs().length > 0);
  expect(grpcPorts.map((p) => p.spec.name)).toEqual(expect.arrayContaining(['pubsub', 'scheduler']));
  for (const { spec, host, port } of grpcPorts) {
    for (const packet of resetPackets(`${host}:${port}`, spec.rpcs()[0]!.path)) {
      for (let i = 0; i < 3; i++) await sendRaw(host, port, [packet], 100);
    }
  }
  // Rapid reset: past 100 streams reset before dispatch the session is sent away.
  for (const { spec, host, port } of grpcPorts) {
    const block = h2.headerBlock(h2.requestHeaders(spec.rpcs()[0]!.path, `${host}:${port}`, true));
    const frames = [h2.PREFACE, h2.settings()];
    for (let id = 1; id < 2 * 150; id += 2) frames.push(h2.headers(id, block), h2.rstStream(id));
    const answer = await sendRaw(host, port, [Buffer.concat(frames)], 5_000);
    expect(answer.closedByPeer, `${spec.name} kept a rapid-reset session`).toBe(true);
    expect(goawayCodes(answer.received), spec.name).toContain(0xb); // ENHANCE_YOUR_CALM
  }
  // Give a deferred throw (next tick, next read) the chance to happen before anyone looks.
  await new Promise((r) => setTimeout(r, 500));
  expect(stack.devkit.stderr()).not.toMatch(/ERR_HTTP2_INVALID_STREAM/);
}

/** The error codes of the GOAWAY frames in a server's byte stream. */
function goawayCodes(bytes: Buffer): number[] {
  const codes: number[] = [];
  for (let at = 0; at + 9 <= bytes.length; ) {
    const length = bytes.readUIntBE(at, 3);
    if (bytes[at + 3] === h2.FRAME.GOAWAY && at + 17 <= bytes.length) codes.push(bytes.readUInt32BE(at + 13));
    at += 9 + length;
  }
  return codes;
}
