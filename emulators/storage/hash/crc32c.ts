// CRC-32C (Castagnoli), the checksum GCS reports as `crc32c`. Node's zlib.crc32 is the IEEE
// polynomial, so we carry our own: slice-by-16 over one flat table (16 bytes per step).

const POLY = 0x82f63b78;

/** TABLE[k * 256 + b]: the CRC of byte b followed by k zero bytes. */
const TABLE = (() => {
  const t = new Int32Array(16 * 256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ POLY : c >>> 1;
    t[n] = c;
  }
  for (let k = 1; k < 16; k++) {
    for (let n = 0; n < 256; n++) {
      const prev = t[(k - 1) * 256 + n]!;
      t[k * 256 + n] = (prev >>> 8) ^ t[prev & 0xff]!;
    }
  }
  return t;
})();

/** Continues a CRC-32C over `data`; start with `crc = 0`. Returns an unsigned 32-bit value. */
export function crc32cUpdate(crc: number, data: Uint8Array): number {
  const T = TABLE;
  const d = data;
  const n = d.length;
  let c = ~crc | 0;
  let i = 0;
  for (; i + 16 <= n; i += 16) {
    const a = c ^ (d[i]! | (d[i + 1]! << 8) | (d[i + 2]! << 16) | (d[i + 3]! << 24));
    c =
      T[3840 + (a & 0xff)]! ^
      T[3584 + ((a >>> 8) & 0xff)]! ^
      T[3328 + ((a >>> 16) & 0xff)]! ^
      T[3072 + (a >>> 24)]! ^
      T[2816 + d[i + 4]!]! ^
      T[2560 + d[i + 5]!]! ^
      T[2304 + d[i + 6]!]! ^
      T[2048 + d[i + 7]!]! ^
      T[1792 + d[i + 8]!]! ^
      T[1536 + d[i + 9]!]! ^
      T[1280 + d[i + 10]!]! ^
      T[1024 + d[i + 11]!]! ^
      T[768 + d[i + 12]!]! ^
      T[512 + d[i + 13]!]! ^
      T[256 + d[i + 14]!]! ^
      T[d[i + 15]!]!;
  }
  for (; i < n; i++) c = T[(c ^ d[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}

/** The big-endian base64 form GCS uses in `crc32c` fields and `X-Goog-Hash`. */
export function crc32cBase64(crc: number): string {
  const buf = Buffer.alloc(4);
  buf.writeUInt32BE(crc >>> 0);
  return buf.toString('base64');
}

/** CRC-32C of a whole buffer, base64 encoded. */
export function crc32cOf(data: Uint8Array): string {
  return crc32cBase64(crc32cUpdate(0, data));
}
