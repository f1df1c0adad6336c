// Drives one Cloud Storage endpoint (ours or fake-gcs-server) with the official @google-cloud/storage
// client: small upload+download pairs, and one large resumable upload and download streamed from
// and to memory-light streams while the server's RSS is sampled.
import { randomUUID } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type File, Storage } from '@google-cloud/storage';
import { pump } from '../pump.ts';

export const PROJECT = 'devkit-bench';
const MiB = 1024 * 1024;

export function client(url: string): Storage {
  return new Storage({ projectId: PROJECT, apiEndpoint: url });
}

function bytes(size: number, seed: number): Buffer {
  const data = Buffer.alloc(size);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    data[i] = x & 0xff;
  }
  return data;
}

/**
 * A bucket for one measurement. Soft delete is off (as GCS allows with a 0 s policy): the loops
 * overwrite the same names, and kept generations would grow our side while the peer, which has no
 * soft delete, keeps nothing.
 */
async function benchBucket(storage: Storage, prefix: string) {
  const [bucket] = await storage.createBucket(`${prefix}-${randomUUID().slice(0, 8)}`, {
    softDeletePolicy: { retentionDurationSeconds: 0 },
  } as Parameters<Storage['createBucket']>[1]);
  return [bucket] as const;
}

/** 4 KiB upload + download pairs per second, `concurrency` in flight, bounded by `budgetMs`. */
export async function smallPairsRate(url: string, concurrency: number, budgetMs: number): Promise<number> {
  const storage = client(url);
  const [bucket] = await benchBucket(storage, 'bench-small');
  const data = bytes(4096, 7);
  const { done, ms } = await pump(Number.MAX_SAFE_INTEGER, concurrency, budgetMs, async (i) => {
    const file = bucket.file(`obj-${i % 1000}`);
    await file.save(data, { resumable: false });
    const [back] = await file.download();
    if (back.length !== data.length)
      throw new Error(`downloaded ${back.length} bytes, expected ${data.length}`);
  });
  return done / (ms / 1000);
}

/**
 * The same pairs over plain HTTP (fetch, keep-alive): media upload + `alt=media` download. Shows
 * what the server can do when the official client's per-request cost is taken out.
 */
export async function smallPairsRateHttp(
  url: string,
  concurrency: number,
  budgetMs: number,
): Promise<number> {
  const storage = client(url);
  const [bucket] = await benchBucket(storage, 'bench-http');
  const data = bytes(4096, 7);
  const base = url.replace(/\/$/, '');
  const { done, ms } = await pump(Number.MAX_SAFE_INTEGER, concurrency, budgetMs, async (i) => {
    const name = `obj-${i % 1000}`;
    const up = await fetch(`${base}/upload/storage/v1/b/${bucket.name}/o?uploadType=media&name=${name}`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: data,
    });
    await up.arrayBuffer();
    if (!up.ok) throw new Error(`upload answered ${up.status}`);
    const down = await fetch(`${base}/storage/v1/b/${bucket.name}/o/${name}?alt=media`);
    const back = await down.arrayBuffer();
    if (!down.ok || back.byteLength !== data.length) throw new Error(`download answered ${down.status}`);
  });
  return done / (ms / 1000);
}

export interface LargeResult {
  uploadMbPerS: number;
  uploadRssGrowthMb: number;
  downloadMbPerS: number;
  downloadRssGrowthMb: number;
}

/** Samples `rss()` every 50 ms until stopped; returns the peak. */
function sampler(rss: () => number): { stop(): number } {
  let peak = rss();
  const timer = setInterval(() => {
    try {
      peak = Math.max(peak, rss());
    } catch {
      // the process is gone; the caller will notice
    }
  }, 50);
  return {
    stop() {
      clearInterval(timer);
      try {
        peak = Math.max(peak, rss());
      } catch {}
      return peak;
    },
  };
}

/** Streams `file` (`sizeMb` MiB) into a counting sink; returns the milliseconds it took. */
async function download(file: File, sizeMb: number): Promise<number> {
  let received = 0;
  const sink = new Writable({
    write(c: Buffer, _enc, cb) {
      received += c.length;
      cb();
    },
  });
  const start = performance.now();
  await pipeline(file.createReadStream({ validation: false }), sink);
  const ms = performance.now() - start;
  if (received !== sizeMb * MiB) throw new Error(`downloaded ${received} bytes, expected ${sizeMb * MiB}`);
  return ms;
}

/** MiB/s of one download of `large.bin` (`sizeMb` MiB) from `bucket`, as in `largeRoundTrip`. */
export async function downloadRate(url: string, bucket: string, sizeMb: number): Promise<number> {
  return sizeMb / ((await download(client(url).bucket(bucket).file('large.bin'), sizeMb)) / 1000);
}

/** Uploads `sizeMb` MiB as one resumable upload, then downloads it, sampling the server's RSS. */
export async function largeRoundTrip(url: string, sizeMb: number, rss: () => number): Promise<LargeResult> {
  const storage = client(url);
  const [bucket] = await benchBucket(storage, 'bench-large');
  const chunk = bytes(MiB, 11);
  const file = bucket.file('large.bin');
  const source = Readable.from(
    (function* () {
      for (let i = 0; i < sizeMb; i++) yield chunk;
    })(),
    { objectMode: false },
  );
  const baseUp = rss();
  const upSampler = sampler(rss);
  const upStart = performance.now();
  await pipeline(
    source,
    file.createWriteStream({ resumable: true, contentType: 'application/octet-stream', validation: false }),
  );
  const upMs = performance.now() - upStart;
  const upPeak = upSampler.stop();

  const baseDown = rss();
  const downSampler = sampler(rss);
  const downMs = await download(file, sizeMb);
  const downPeak = downSampler.stop();
  await file.delete().catch(() => {});
  await bucket.delete().catch(() => {});
  return {
    uploadMbPerS: sizeMb / (upMs / 1000),
    uploadRssGrowthMb: upPeak - baseUp,
    downloadMbPerS: sizeMb / (downMs / 1000),
    downloadRssGrowthMb: downPeak - baseDown,
  };
}
