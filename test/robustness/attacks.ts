// The hostile inputs of the robustness suite, as plain data: malformed HTTP/1 and HTTP/2 byte
// streams, garbage gRPC messages for a method, hostile REST bodies. Seeded, so runs repeat.
import * as h2 from './http2-frames.ts';

/** A small deterministic PRNG (mulberry32), so a failing input can be replayed. */
export function prng(seed: number): (n: number) => Buffer {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return (n) => Buffer.from(Array.from({ length: n }, () => Math.floor(next() * 256)));
}

export function http1Attacks(authority: string): { name: string; bytes: Buffer }[] {
  const random = prng(1);
  const line = (s: string) => Buffer.from(s, 'latin1');
  return [
    ...Array.from({ length: 10 }, (_, i) => ({ name: `random ${i}`, bytes: random(16 + i * 400) })),
    { name: 'bad request line', bytes: line('GARBAGE / HTTP/1.1\r\n\r\n') },
    { name: 'HTTP/0.9', bytes: line('GET /\r\n\r\n') },
    { name: 'NUL in path', bytes: line(`GET /\0/x HTTP/1.1\r\nHost: ${authority}\r\n\r\n`) },
    {
      name: 'header flood 200 KiB',
      bytes: line(`GET / HTTP/1.1\r\nHost: ${authority}\r\nX: ${'a'.repeat(200_000)}\r\n\r\n`),
    },
    {
      name: '5,000 header lines',
      bytes: line(`GET / HTTP/1.1\r\nHost: ${authority}\r\n${'X-A: b\r\n'.repeat(5000)}\r\n`),
    },
    {
      name: 'CL and TE (smuggling)',
      bytes: line(
        `POST /x HTTP/1.1\r\nHost: ${authority}\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /admin HTTP/1.1\r\n\r\n`,
      ),
    },
    {
      name: 'bad chunk size',
      bytes: line(`POST /x HTTP/1.1\r\nHost: ${authority}\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n`),
    },
    {
      name: 'negative length',
      bytes: line(`POST /x HTTP/1.1\r\nHost: ${authority}\r\nContent-Length: -1\r\n\r\n`),
    },
    {
      name: 'huge declared length, short body',
      bytes: line(`POST /x HTTP/1.1\r\nHost: ${authority}\r\nContent-Length: 99999999999\r\n\r\n{"a":`),
    },
    {
      name: 'absolute-form URI',
      bytes: line('GET http://evil.example/ HTTP/1.1\r\nHost: evil.example\r\n\r\n'),
    },
    {
      name: 'pipelined garbage',
      bytes: line(`GET / HTTP/1.1\r\nHost: ${authority}\r\n\r\n`.repeat(50) + '\x00\x01\x02'),
    },
  ];
}

/** One gRPC request header block for `path`. */
const grpcHeaders = (authority: string, path: string) =>
  h2.headerBlock(h2.requestHeaders(path, authority, true));

export function http2Attacks(authority: string, rpcPath: string): { name: string; chunks: Buffer[] }[] {
  const opening = Buffer.concat([h2.PREFACE, h2.settings()]);
  const block = grpcHeaders(authority, rpcPath);
  const rapidReset = (count: number) => {
    const frames: Buffer[] = [opening];
    for (let i = 0; i < count; i++) frames.push(h2.headers(2 * i + 1, block), h2.rstStream(2 * i + 1));
    return Buffer.concat(frames);
  };
  const manyHeaders = h2.headerBlock(
    Array.from({ length: 4000 }, (_, i): [string, string] => [`x-h${i}`, 'v'.repeat(32)]),
  );
  const fragments: Buffer[] = [];
  for (let at = 0; at < manyHeaders.length; at += 16_000)
    fragments.push(manyHeaders.subarray(at, at + 16_000));
  const headerFlood = Buffer.concat([
    opening,
    h2.frame(h2.FRAME.HEADERS, 0, 1, Buffer.concat([block, fragments[0]!])),
    ...fragments
      .slice(1)
      .map((f, i) =>
        h2.frame(h2.FRAME.CONTINUATION, i === fragments.length - 2 ? h2.FLAG.END_HEADERS : 0, 1, f),
      ),
  ]);
  const continuation = h2.frame(h2.FRAME.CONTINUATION, 0, 1, h2.headerBlock([['x-c', 'c'.repeat(1000)]]));
  const continuationFlood = [
    Buffer.concat([opening, h2.frame(h2.FRAME.HEADERS, 0, 1, block)]),
    ...Array.from({ length: 40 }, () => Buffer.concat(Array.from({ length: 100 }, () => continuation))),
  ];
  const badSettings = Buffer.alloc(6);
  badSettings.writeUInt16BE(0x4, 0); // INITIAL_WINDOW_SIZE above 2^31-1
  badSettings.writeUInt32BE(0xffffffff, 2);
  const pings = Array.from({ length: 5000 }, () => h2.frame(h2.FRAME.PING, 0, 0, Buffer.alloc(8)));
  const settingsFlood = Array.from({ length: 5000 }, () => h2.settings([[0x3, 100]]));
  const oversizedData = Buffer.alloc(9);
  oversizedData.writeUIntBE(0xffffff, 0, 3); // declares 16 MiB - 1 > SETTINGS_MAX_FRAME_SIZE
  oversizedData[3] = h2.FRAME.DATA;
  oversizedData.writeUInt32BE(1, 5);
  return [
    { name: 'rapid reset ×1000', chunks: [rapidReset(1000)] },
    { name: 'header flood (4,000 headers)', chunks: [headerFlood] },
    { name: 'CONTINUATION flood (4,000 frames)', chunks: continuationFlood },
    { name: 'bad preface', chunks: [Buffer.from('PRI * HTTP/2.0\r\n\r\nXX\r\n\r\n')] },
    { name: 'preface + garbage', chunks: [Buffer.concat([h2.PREFACE, prng(2)(4096)])] },
    { name: 'HEADERS on stream 0', chunks: [Buffer.concat([opening, h2.headers(0, block)])] },
    { name: 'even stream id', chunks: [Buffer.concat([opening, h2.headers(2, block)])] },
    {
      name: 'invalid SETTINGS value',
      chunks: [Buffer.concat([h2.PREFACE, h2.frame(h2.FRAME.SETTINGS, 0, 0, badSettings)])],
    },
    { name: 'PING flood ×5000', chunks: [Buffer.concat([opening, ...pings])] },
    { name: 'SETTINGS flood ×5000', chunks: [Buffer.concat([h2.PREFACE, ...settingsFlood])] },
    {
      name: 'WINDOW_UPDATE of 0',
      chunks: [Buffer.concat([opening, h2.frame(h2.FRAME.WINDOW_UPDATE, 0, 0, Buffer.alloc(4))])],
    },
    {
      name: 'oversized DATA frame',
      chunks: [Buffer.concat([opening, h2.headers(1, block), oversizedData, Buffer.alloc(65_536)])],
    },
    {
      name: 'oversized HEADERS frame',
      chunks: [Buffer.concat([opening, h2.headers(1, Buffer.alloc(1_048_576, 0x41))])],
    },
    {
      name: 'broken HPACK',
      chunks: [Buffer.concat([opening, h2.headers(1, Buffer.from([0xff, 0xff, 0xff, 0xff, 0x0f]))])],
    },
    { name: 'DATA on idle stream', chunks: [Buffer.concat([opening, h2.data(7, Buffer.alloc(100))])] },
    {
      name: 'GOAWAY then requests',
      chunks: [
        Buffer.concat([opening, h2.frame(h2.FRAME.GOAWAY, 0, 0, Buffer.alloc(8)), h2.headers(1, block)]),
      ],
    },
  ];
}

export interface GarbageMessage {
  name: string;
  /** The gRPC length-prefixed frame(s) to send as the request body. */
  body: Buffer;
}

/** Garbage for one RPC: random bytes, a truncated real message, lying length prefixes, bad compression. */
export function protobufGarbage(seed: number, valid: Buffer): GarbageMessage[] {
  const random = prng(seed);
  const frame = (bytes: Buffer, declared = bytes.length, compressed = 0) => {
    const head = Buffer.alloc(5);
    head[0] = compressed;
    head.writeUInt32BE(declared, 1);
    return Buffer.concat([head, bytes]);
  };
  return [
    { name: 'random', body: frame(random(1 + (seed % 300))) },
    { name: 'all 0xff', body: frame(Buffer.alloc(64, 0xff)) },
    { name: 'truncated message', body: frame(valid.subarray(0, Math.max(1, valid.length - 3))) },
    { name: 'length prefix larger than body', body: frame(valid, valid.length + 100) },
    { name: 'length prefix of 100 MiB', body: frame(random(16), 100 * 1024 * 1024) },
    { name: 'compressed flag without compression', body: frame(random(32), 32, 1) },
    { name: 'half a prefix', body: Buffer.from([0, 0, 0]) },
    { name: 'two messages on a unary call', body: Buffer.concat([frame(valid), frame(valid)]) },
  ];
}

/** Bodies no JSON endpoint should choke on. */
export function hostileBodies(): { name: string; body: Buffer }[] {
  const s = (text: string) => Buffer.from(text);
  return [
    { name: 'deep arrays', body: s(`${'['.repeat(100_000)}${']'.repeat(100_000)}`) },
    { name: 'deep objects', body: s(`${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}`) },
    // Just above the largest body limit (Pub/Sub REST: 16 MiB, for a 10 MB publish in base64).
    { name: 'huge (17 MiB string)', body: s(`{"name":"${'A'.repeat(17 * 1024 * 1024)}"}`) },
    {
      name: 'invalid UTF-8',
      body: Buffer.concat([s('{"name":"'), Buffer.from([0xff, 0xfe, 0xc3, 0x28]), s('"}')]),
    },
    { name: 'invalid base64', body: s('{"messages":[{"data":"!!!not base64!!!"}],"data":"%%%"}') },
    {
      name: '__proto__ and constructor keys',
      body: s(
        '{"__proto__":{"admin":true},"constructor":{"prototype":{"polluted":true}},"labels":{"__proto__":"x"}}',
      ),
    },
    { name: 'not JSON', body: s('<xml>') },
    { name: 'JSON array', body: s('[1,2,3]') },
    { name: 'big numbers', body: s('{"ackDeadlineSeconds":1e999,"pageSize":-9007199254740993}') },
    { name: 'many keys', body: s(`{${Array.from({ length: 20_000 }, (_, i) => `"k${i}":1`).join(',')}}`) },
  ];
}
