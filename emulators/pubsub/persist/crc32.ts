// CRC-32 (IEEE, as zlib and gzip use) of a byte range: zlib's native one where Node has it
// (20.15+), a table-driven fallback otherwise. Guards each log record against torn writes.
import zlib from 'node:zlib';

let table: Uint32Array | undefined;

function fallback(data: Uint8Array): number {
  if (!table) {
    table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (let i = 0; i < data.length; i++) crc = table[(crc ^ data[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

const native = (zlib as { crc32?: (data: Uint8Array) => number }).crc32;

export const crc32: (data: Uint8Array) => number = native ? (data) => native(data) >>> 0 : fallback;

/** The table-driven version, exported so a unit test can hold it to the native one. */
export const crc32Portable = fallback;
