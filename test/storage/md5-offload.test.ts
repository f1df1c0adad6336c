// MD5 on the offload worker equals node:crypto's over the same bytes, for streams shorter than one
// batch (hashed inline), long streams in random chunkings, several at once, and abandoned ones.
import { createHash, randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { crc32cOf } from '../../emulators/storage/hash/crc32c.ts';
import { StreamHasher } from '../../emulators/storage/hash/hashing.ts';
import { BATCH_BYTES, Md5Offload, type OffloadedMd5 } from '../../emulators/storage/hash/md5-offload.ts';

const md5 = (data: Uint8Array) => createHash('md5').update(data).digest('base64');

async function feed(stream: OffloadedMd5 | StreamHasher, data: Buffer, maxChunk: number, seed: number) {
  let x = seed;
  for (let at = 0; at < data.length; ) {
    x = (x * 1103515245 + 12345) >>> 0;
    const size = Math.min(data.length - at, 1 + (x % maxChunk));
    stream.update(data.subarray(at, at + size));
    at += size;
    if (stream.backlogged) await stream.drained();
  }
}

describe('Md5Offload', () => {
  let offload: Md5Offload;
  afterEach(async () => {
    await offload.close();
  });

  it('hashes short streams inline and long ones on the worker, in any chunking', async () => {
    offload = new Md5Offload();
    for (const size of [0, 1, 4096, BATCH_BYTES - 1, BATCH_BYTES, BATCH_BYTES + 1, 9 * BATCH_BYTES + 77]) {
      const data = randomBytes(size);
      for (const maxChunk of [100, 65_536, 3 * BATCH_BYTES]) {
        const stream = offload.stream();
        await feed(stream, data, maxChunk, size + maxChunk);
        expect(await stream.digest(), `size ${size} chunks ≤ ${maxChunk}`).toBe(md5(data));
      }
    }
  });

  it('keeps concurrent streams apart and forgets discarded ones', async () => {
    offload = new Md5Offload();
    const inputs = [0, 1, 2, 3].map(() => randomBytes(5 * BATCH_BYTES + 123));
    const streams = inputs.map(() => offload.stream());
    const abandoned = offload.stream();
    abandoned.update(randomBytes(3 * BATCH_BYTES));
    await Promise.all(inputs.map((data, i) => feed(streams[i]!, data, 200_000, i + 1)));
    abandoned.discard();
    const digests = await Promise.all(streams.map((s) => s.digest()));
    expect(digests).toEqual(inputs.map(md5));
  });

  it('fails a pending digest when closed, so the caller can fall back', async () => {
    offload = new Md5Offload();
    const stream = offload.stream();
    stream.update(randomBytes(2 * BATCH_BYTES));
    const rejected = expect(stream.digest()).rejects.toThrow(/closed/);
    await offload.close();
    await rejected;
  });
});

describe('StreamHasher', () => {
  it('reports size, crc32c and md5 like the inline hasher', async () => {
    const offload = new Md5Offload();
    try {
      const data = randomBytes(3 * BATCH_BYTES + 5);
      const hasher = new StreamHasher(offload);
      await feed(hasher, data, 70_000, 9);
      expect(await hasher.digest()).toEqual({
        size: data.length,
        crc32c: crc32cOf(data),
        md5Hash: md5(data),
      });
    } finally {
      await offload.close();
    }
  });
});
