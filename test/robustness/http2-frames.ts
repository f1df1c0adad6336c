// A tiny HTTP/2 frame builder (RFC 9113 framing, HPACK literals without Huffman) for sending
// hostile byte sequences that no well-behaved client library would produce.
export const PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n');

export const FRAME = {
  DATA: 0x0,
  HEADERS: 0x1,
  RST_STREAM: 0x3,
  SETTINGS: 0x4,
  PING: 0x6,
  GOAWAY: 0x7,
  WINDOW_UPDATE: 0x8,
  CONTINUATION: 0x9,
} as const;

export const FLAG = { END_STREAM: 0x1, ACK: 0x1, END_HEADERS: 0x4 } as const;

/** One frame: 24-bit length, type, flags, 31-bit stream id, payload. */
export function frame(type: number, flags: number, streamId: number, payload: Buffer = Buffer.alloc(0)) {
  const head = Buffer.alloc(9);
  head.writeUIntBE(payload.length, 0, 3);
  head[3] = type;
  head[4] = flags;
  head.writeUInt32BE(streamId & 0x7fffffff, 5);
  return Buffer.concat([head, payload]);
}

/** HPACK integer with an N-bit prefix (RFC 7541 §5.1). */
function hpackInt(value: number, prefixBits: number, firstByteFlags: number): Buffer {
  const max = (1 << prefixBits) - 1;
  if (value < max) return Buffer.from([firstByteFlags | value]);
  const out = [firstByteFlags | max];
  let rest = value - max;
  while (rest >= 128) {
    out.push((rest % 128) + 128);
    rest = Math.floor(rest / 128);
  }
  out.push(rest);
  return Buffer.from(out);
}

function hpackString(s: string): Buffer {
  const bytes = Buffer.from(s, 'latin1');
  return Buffer.concat([hpackInt(bytes.length, 7, 0), bytes]);
}

/** A header block of "literal header field without indexing — new name" entries. */
export function headerBlock(headers: [string, string][]): Buffer {
  return Buffer.concat(headers.flatMap(([k, v]) => [Buffer.from([0x00]), hpackString(k), hpackString(v)]));
}

export const settings = (pairs: [number, number][] = []) => {
  const payload = Buffer.alloc(pairs.length * 6);
  pairs.forEach(([id, value], i) => {
    payload.writeUInt16BE(id, i * 6);
    payload.writeUInt32BE(value, i * 6 + 2);
  });
  return frame(FRAME.SETTINGS, 0, 0, payload);
};
export const settingsAck = () => frame(FRAME.SETTINGS, FLAG.ACK, 0);

export const rstStream = (streamId: number, code = 0x8 /* CANCEL */) => {
  const payload = Buffer.alloc(4);
  payload.writeUInt32BE(code);
  return frame(FRAME.RST_STREAM, 0, streamId, payload);
};

/** Request headers for a POST to `path`; `grpc` adds the gRPC content-type and te. */
export function requestHeaders(path: string, authority: string, grpc: boolean): [string, string][] {
  const base: [string, string][] = [
    [':method', 'POST'],
    [':scheme', 'http'],
    [':path', path],
    [':authority', authority],
  ];
  return grpc ? [...base, ['content-type', 'application/grpc'], ['te', 'trailers']] : base;
}

export const headers = (streamId: number, block: Buffer, flags: number = FLAG.END_HEADERS) =>
  frame(FRAME.HEADERS, flags, streamId, block);

/** A gRPC message: 1 byte compressed flag, 4 bytes length, the bytes (which may be garbage). */
export function grpcMessage(body: Buffer, declaredLength = body.length): Buffer {
  const head = Buffer.alloc(5);
  head.writeUInt32BE(declaredLength, 1);
  return Buffer.concat([head, body]);
}

export const data = (streamId: number, payload: Buffer, endStream = true) =>
  frame(FRAME.DATA, endStream ? FLAG.END_STREAM : 0, streamId, payload);
