// The word-reading crc32c against two references: the bit-at-a-time definition, and the byte-wise
// slice-by-16 it replaced, over random buffers at every alignment and random chunkings.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { crc32cUpdate } from '../../emulators/storage/hash/crc32c.ts';

function crcBitwise(crc: number, data: Uint8Array): number {
  let c = ~crc >>> 0;
  for (const byte of data) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
  }
  return ~c >>> 0;
}

const SLICE16 = (() => {
  const t = new Int32Array(16 * 256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
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

/** The previous implementation: slice-by-16 with one load per byte. */
function crcByteSlice16(crc: number, d: Uint8Array): number {
  const T = SLICE16;
  let c = ~crc | 0;
  let i = 0;
  for (; i + 16 <= d.length; i += 16) {
    const a = c ^ (d[i]! | (d[i + 1]! << 8) | (d[i + 2]! << 16) | (d[i + 3]! << 24));
    c = T[3840 + (a & 0xff)]! ^ T[3584 + ((a >>> 8) & 0xff)]! ^ T[3328 + ((a >>> 16) & 0xff)]!;
    c ^= T[3072 + (a >>> 24)]!;
    for (let k = 4; k < 16; k++) c ^= T[(15 - k) * 256 + d[i + k]!]!;
  }
  for (; i < d.length; i++) c = T[(c ^ d[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}

/** Deterministic small PRNG so a failure repeats. */
function rng(seed: number) {
  let x = seed >>> 0 || 1;
  return (below: number) => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) % below;
  };
}

describe('crc32c (word-reading slice-by-16)', () => {
  it('gives the Castagnoli check value', () => {
    expect(crc32cUpdate(0, Buffer.from('123456789'))).toBe(0xe3069283);
    expect(crcBitwise(0, Buffer.from('123456789'))).toBe(0xe3069283);
    expect(crcByteSlice16(0, Buffer.from('123456789'))).toBe(0xe3069283);
  });

  it('equals both references on random buffers at every byte offset', () => {
    const next = rng(42);
    const backing = randomBytes(4096 + 64);
    for (let round = 0; round < 300; round++) {
      const offset = next(16);
      const length = round < 100 ? round : next(4096);
      const view = backing.subarray(offset, offset + length);
      const want = crcBitwise(0, view);
      expect(crc32cUpdate(0, view), `offset ${offset} length ${length}`).toBe(want);
      expect(crcByteSlice16(0, view)).toBe(want);
    }
  });

  it('equals the old implementation across random chunkings of a large buffer', () => {
    const next = rng(7);
    const data = randomBytes(3 * 1024 * 1024 + 13).subarray(1);
    const want = crcByteSlice16(0, data);
    for (let round = 0; round < 20; round++) {
      let crc = 0;
      for (let at = 0; at < data.length; ) {
        const size = Math.min(data.length - at, 1 + next(round % 2 ? 200_000 : 70));
        crc = crc32cUpdate(crc, data.subarray(at, at + size));
        at += size;
      }
      expect(crc, `chunking round ${round}`).toBe(want);
    }
  });

  it('reads word views of buffers that do not start their ArrayBuffer', () => {
    const shared = new Uint8Array(new ArrayBuffer(1030), 3, 1027).fill(0xa5);
    expect(crc32cUpdate(0, shared)).toBe(crcBitwise(0, shared));
  });
});
