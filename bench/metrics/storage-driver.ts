// Drives one Cloud Storage endpoint (ours or fake-gcs-server) with the official @google-cloud/storage
// client: small upload+download pairs, and one large resumable upload and download streamed from
// and to memory-light streams while the server's RSS is sampled.
import { randomUUID } from 'node:crypto';
import { Agent, request as httpRequest } from 'node:http';
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
export async function benchBucket(storage: Storage, prefix: string) {
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

/** How the raw-HTTP pairs are sent: node:http with a keep-alive agent (the metric), or fetch. */
export type HttpVia = 'http' | 'fetch';

/**
 * The same pairs over plain HTTP/1.1 with keep-alive: media upload + `alt=media` download. Shows
 * what the server can do when the official client's per-request cost is taken out: node:http
 * costs this process ~1/3 of what fetch (undici's WHATWG streams) does per pair, so with fetch the
 * client, not the server, set the rate (`bench/profile/storage-cpu.ts --mode fetch` compares).
 */
export async function smallPairsRateHttp(
  url: string,
  concurrency: number,
  budgetMs: number,
  via: HttpVia = 'http',
): Promise<number> {
  const storage = client(url);
  const [bucket] = await benchBucket(storage, 'bench-http');
  const data = bytes(4096, 7);
  const base = url.replace(/\/$/, '');
  const send = via === 'http' ? keepAliveSender(concurrency) : fetchSender();
  try {
    const { done, ms } = await pump(Number.MAX_SAFE_INTEGER, concurrency, budgetMs, async (i) => {
      const name = `obj-${i % 1000}`;
      const up = await send(
        'POST',
        `${base}/upload/storage/v1/b/${bucket.name}/o?uploadType=media&name=${name}`,
        data,
      );
      if (up.status !== 200) throw new Error(`upload answered ${up.status}`);
      const down = await send('GET', `${base}/storage/v1/b/${bucket.name}/o/${name}?alt=media`);
      if (down.status !== 200 || down.length !== data.length)
        throw new Error(`download answered ${down.status}`);
    });
    return done / (ms / 1000);
  } finally {
    send.close();
  }
}

/** Sends one request and reads its whole body; `length` is the body's byte count. */
interface Sender {
  (method: 'GET' | 'POST', url: string, body?: Buffer): Promise<{ status: number; length: number }>;
  close(): void;
}

function keepAliveSender(sockets: number): Sender {
  const agent = new Agent({ keepAlive: true, maxSockets: sockets });
  const send = (method: string, url: string, body?: Buffer) =>
    new Promise<{ status: number; length: number }>((resolve, reject) => {
      const headers = body
        ? { 'content-type': 'application/octet-stream', 'content-length': body.length }
        : {};
      const req = httpRequest(url, { method, agent, headers }, (res) => {
        let length = 0;
        res.on('data', (c: Buffer) => {
          length += c.length;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, length }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(body);
    });
  return Object.assign(send, { close: () => agent.destroy() });
}

function fetchSender(): Sender {
  const send = async (method: string, url: string, body?: Buffer) => {
    const res = await fetch(url, {
      method,
      ...(body ? { headers: { 'content-type': 'application/octet-stream' }, body } : {}),
    });
    return { status: res.status, length: (await res.arrayBuffer()).byteLength };
  };
  return Object.assign(send, { close: () => undefined });
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

/** Uploads `sizeMb` MiB to `file`: one resumable session of 1 MiB chunks; returns its milliseconds. */
export async function uploadLarge(file: File, sizeMb: number): Promise<number> {
  const chunk = bytes(MiB, 11);
  const source = Readable.from(
    (function* () {
      for (let i = 0; i < sizeMb; i++) yield chunk;
    })(),
    { objectMode: false },
  );
  const start = performance.now();
  await pipeline(
    source,
    file.createWriteStream({ resumable: true, contentType: 'application/octet-stream', validation: false }),
  );
  return performance.now() - start;
}

/** Streams `file` (`sizeMb` MiB) into a counting sink; returns the milliseconds it took. */
export async function downloadLarge(file: File, sizeMb: number): Promise<number> {
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
  return sizeMb / ((await downloadLarge(client(url).bucket(bucket).file('large.bin'), sizeMb)) / 1000);
}

/** Uploads `sizeMb` MiB as one resumable upload, then downloads it, sampling the server's RSS. */
export async function largeRoundTrip(url: string, sizeMb: number, rss: () => number): Promise<LargeResult> {
  const storage = client(url);
  const [bucket] = await benchBucket(storage, 'bench-large');
  const file = bucket.file('large.bin');
  const baseUp = rss();
  const upSampler = sampler(rss);
  const upMs = await uploadLarge(file, sizeMb);
  const upPeak = upSampler.stop();

  const baseDown = rss();
  const downSampler = sampler(rss);
  const downMs = await downloadLarge(file, sizeMb);
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
