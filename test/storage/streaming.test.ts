// Streaming: with a data dir, a large upload (resumable and media) and its download pass
// through the server without being buffered whole; Buffer memory stays far below the size.
import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { crc32cBase64, crc32cUpdate } from '../../emulators/storage/hash/crc32c.ts';
import { bucketName, bytes, call, clientFor, startEmulator } from './helpers.ts';

const MiB = 1024 * 1024;
const SIZE = 128 * MiB;

/** Samples Buffer (ArrayBuffer) memory while `fn` runs; returns the peak growth in MiB. */
async function bufferGrowth(fn: () => Promise<void>): Promise<number> {
  const base = process.memoryUsage().arrayBuffers;
  let peak = base;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().arrayBuffers);
  }, 10);
  try {
    await fn();
  } finally {
    clearInterval(timer);
  }
  return (Math.max(peak, process.memoryUsage().arrayBuffers) - base) / MiB;
}

function streamPut(
  url: string,
  method: string,
  headers: Record<string, string | number>,
  block: Buffer,
  count: number,
) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      let body = '';
      res.on('data', (c) => {
        body += c;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    let sent = 0;
    const pump = () => {
      while (sent < count) {
        sent++;
        if (!req.write(block)) return void req.once('drain', pump);
      }
      req.end();
    };
    pump();
  });
}

describe('storage streaming', () => {
  it(`a ${SIZE / MiB} MiB object streams in and out of the directory backend`, async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'gcs-stream-'));
    try {
      await using emu = await startEmulator({ dataDir });
      const [bucket] = await clientFor(emu.url).createBucket(bucketName('stream'));
      const block = bytes(MiB, 21);
      const count = SIZE / MiB;
      let crc = 0;
      for (let i = 0; i < count; i++) crc = crc32cUpdate(crc, block);

      const session = await call(
        `${emu.url}/upload/storage/v1/b/${bucket.name}/o?uploadType=resumable&name=big`,
        {
          method: 'POST',
        },
      );
      const uri = session.headers.get('location')!;
      let done = { status: 0, body: '' };
      const up = await bufferGrowth(async () => {
        done = await streamPut(
          uri,
          'PUT',
          { 'content-range': `bytes 0-${SIZE - 1}/${SIZE}`, 'content-length': SIZE },
          block,
          count,
        );
      });
      expect(done.status).toBe(200);
      expect(JSON.parse(done.body)).toMatchObject({ size: String(SIZE), crc32c: crc32cBase64(crc) });

      let media = { status: 0, body: '' };
      const upMedia = await bufferGrowth(async () => {
        media = await streamPut(
          `${emu.url}/upload/storage/v1/b/${bucket.name}/o?uploadType=media&name=big-media`,
          'POST',
          { 'content-length': SIZE },
          block,
          count,
        );
      });
      expect(media.status).toBe(200);

      let received = 0;
      let downCrc = 0;
      let hashHeader = '';
      const down = await bufferGrowth(async () => {
        const res = await fetch(`${emu.url}/b/${bucket.name}/o/big?alt=media`);
        hashHeader = res.headers.get('x-goog-hash') ?? '';
        for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
          received += chunk.length;
          downCrc = crc32cUpdate(downCrc, chunk);
        }
      });
      expect(received).toBe(SIZE);
      expect(hashHeader).toContain(`crc32c=${crc32cBase64(downCrc)}`);
      // Holding the object would grow Buffer memory by ≥ SIZE; streaming keeps it to buffers in flight.
      for (const growth of [up, upMedia, down]) expect(growth).toBeLessThan(SIZE / MiB / 2);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
