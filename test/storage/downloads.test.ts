// alt=media downloads: full and ranged (206/416), the X-Goog-* headers, the /download surface,
// and the client's crc32c/md5 validation.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { crc32cOf } from '../../emulators/storage/hash/crc32c.ts';
import { bucketName, bytes, call, clientFor, startEmulator } from './helpers.ts';

describe('storage downloads', () => {
  it('serves bytes with X-Goog-Hash, generation and stored encoding headers on every path form', async () => {
    await using emu = await startEmulator();
    const [bucket] = await clientFor(emu.url).createBucket(bucketName('dl'));
    const data = bytes(5000, 7);
    await bucket.file('d/x.bin').save(data, { resumable: false, contentType: 'application/x-bin' });
    const [meta] = await bucket.file('d/x.bin').getMetadata();
    const enc = encodeURIComponent('d/x.bin');
    for (const url of [
      `${emu.url}/storage/v1/b/${bucket.name}/o/${enc}?alt=media`,
      `${emu.url}/b/${bucket.name}/o/${enc}?alt=media`,
      `${emu.url}/download/storage/v1/b/${bucket.name}/o/${enc}?alt=media`,
    ]) {
      const res = await fetch(url);
      expect(res.status).toBe(200);
      expect(Buffer.from(await res.arrayBuffer()).equals(data)).toBe(true);
      const md5 = createHash('md5').update(data).digest('base64');
      expect(res.headers.get('x-goog-hash')).toBe(`crc32c=${crc32cOf(data)},md5=${md5}`);
      expect(res.headers.get('x-goog-generation')).toBe(meta.generation);
      expect(res.headers.get('x-goog-metageneration')).toBe('1');
      expect(res.headers.get('x-goog-stored-content-encoding')).toBe('identity');
      expect(res.headers.get('content-type')).toBe('application/x-bin');
      expect(res.headers.get('content-length')).toBe('5000');
    }
  });

  it('small, empty and large objects, GET and HEAD, on both backends (one write or a stream)', async () => {
    for (const dataDir of [undefined, mkdtempSync(join(tmpdir(), 'devkit-dl-'))]) {
      try {
        await using emu = await startEmulator(dataDir ? { dataDir } : {});
        const [bucket] = await clientFor(emu.url).createBucket(bucketName('sizes'));
        for (const size of [0, 1, 4096, 256 * 1024, 256 * 1024 + 1, 700_000]) {
          const data = bytes(size, size + 3);
          await bucket.file(`s${size}`).save(data, { resumable: false });
          const url = `${emu.url}/storage/v1/b/${bucket.name}/o/s${size}?alt=media`;
          const res = await fetch(url);
          expect(Buffer.from(await res.arrayBuffer()).equals(data), `${size} bytes`).toBe(true);
          const head = await fetch(url, { method: 'HEAD' });
          expect(head.status).toBe(200);
          expect(head.headers.get('content-length')).toBe(String(size));
          expect((await head.arrayBuffer()).byteLength).toBe(0);
          if (size > 10) {
            const part = await fetch(url, { headers: { range: 'bytes=3-9' } });
            expect(part.status).toBe(206);
            expect(Buffer.from(await part.arrayBuffer()).equals(data.subarray(3, 10))).toBe(true);
          }
          const [viaClient] = await bucket.file(`s${size}`).download({ validation: 'crc32c' });
          expect(viaClient.equals(data)).toBe(true);
        }
      } finally {
        if (dataDir) rmSync(dataDir, { recursive: true, force: true });
      }
    }
  });

  it('XML-style GET /BUCKET/OBJECT (the Go client default for reads) serves media too', async () => {
    await using emu = await startEmulator();
    const [bucket] = await clientFor(emu.url).createBucket(bucketName('xml'));
    await bucket.file('dir/x y.txt').save('xml read', { resumable: false });
    const res = await fetch(`${emu.url}/${bucket.name}/${encodeURIComponent('dir/x y.txt')}`, {
      headers: { range: 'bytes=4-' },
    });
    expect(res.status).toBe(206);
    expect(await res.text()).toBe('read');
    expect(res.headers.get('x-goog-generation')).toMatch(/^\d+$/);
    const slashes = await fetch(`${emu.url}/${bucket.name}/dir/x%20y.txt`);
    expect(await slashes.text()).toBe('xml read');
    expect((await fetch(`${emu.url}/${bucket.name}/missing`)).status).toBe(404);
    expect((await fetch(`${emu.url}/${bucket.name}/dir/x%20y.txt`, { method: 'DELETE' })).status).toBe(404);
  });

  it('Range → 206 with Content-Range; unsatisfiable or malformed → 416', async () => {
    await using emu = await startEmulator();
    const [bucket] = await clientFor(emu.url).createBucket(bucketName('rng'));
    const data = bytes(1000, 8);
    await bucket.file('r').save(data, { resumable: false });
    const url = `${emu.url}/b/${bucket.name}/o/r?alt=media`;
    const cases: [string, number, number][] = [
      ['bytes=0-9', 0, 9],
      ['bytes=990-', 990, 999],
      ['bytes=-10', 990, 999],
      ['bytes=500-5000', 500, 999],
    ];
    for (const [range, start, end] of cases) {
      const res = await fetch(url, { headers: { range } });
      expect(res.status, range).toBe(206);
      expect(res.headers.get('content-range')).toBe(`bytes ${start}-${end}/1000`);
      expect(Buffer.from(await res.arrayBuffer()).equals(data.subarray(start, end + 1))).toBe(true);
    }
    for (const range of ['bytes=1000-', 'bytes=5-2', 'bytes=abc', 'bytes=0-1,5-6', 'items=0-1', 'bytes=-0']) {
      const res = await call(url, { headers: { range } });
      expect(res.status, range).toBe(416);
      expect(res.body.error.errors[0].reason).toBe('requestedRangeNotSatisfiable');
    }
    // Client range reads.
    const [part] = await bucket.file('r').download({ start: 100, end: 199 });
    expect(part.equals(data.subarray(100, 200))).toBe(true);
  });

  it('the client validates crc32c and md5 on download; composite objects have no md5', async () => {
    await using emu = await startEmulator();
    const [bucket] = await clientFor(emu.url).createBucket(bucketName('val'));
    const data = bytes(64 * 1024, 9);
    await bucket.file('v').save(data, { resumable: false });
    const [viaCrc] = await bucket.file('v').download({ validation: 'crc32c' });
    const [viaMd5] = await bucket.file('v').download({ validation: 'md5' });
    expect(viaCrc.equals(data)).toBe(true);
    expect(viaMd5.equals(data)).toBe(true);
    await bucket.file('w').save(data, { resumable: false });
    await bucket.combine(['v', 'w'], 'vw');
    const [combined] = await bucket.file('vw').download({ validation: 'crc32c' });
    expect(combined.equals(Buffer.concat([data, data]))).toBe(true);
    await expect(bucket.file('vw').download({ validation: 'md5' })).rejects.toMatchObject({
      code: 'MD5_NOT_AVAILABLE',
    });
  });

  it('a specific generation can be downloaded; metadata GET does not return bytes', async () => {
    await using emu = await startEmulator();
    const [bucket] = await clientFor(emu.url).createBucket(bucketName('gen'), {
      versioning: { enabled: true },
    });
    await bucket.file('g').save('first', { resumable: false });
    const [m1] = await bucket.file('g').getMetadata();
    await bucket.file('g').save('second', { resumable: false });
    const old = await fetch(`${emu.url}/b/${bucket.name}/o/g?alt=media&generation=${m1.generation}`);
    expect(await old.text()).toBe('first');
    const meta = await call(`${emu.url}/b/${bucket.name}/o/g`);
    expect(meta.body.kind).toBe('storage#object');
  });
});

describe('storage gzip objects', () => {
  it('gzip-encoded objects: stored encoding header, client decompresses and validates, transcoding without gzip', async () => {
    await using emu = await startEmulator();
    const [bucket] = await clientFor(emu.url).createBucket(bucketName('gz'));
    const text = 'compress me '.repeat(1000);
    await bucket.file('z.txt').save(text, { resumable: false, gzip: true, contentType: 'text/plain' });
    const [meta] = await bucket.file('z.txt').getMetadata();
    expect(meta.contentEncoding).toBe('gzip');
    expect(Number(meta.size)).toBeLessThan(text.length);
    const [back] = await bucket.file('z.txt').download({ validation: 'crc32c' });
    expect(back.toString()).toBe(text);
    const { request } = await import('node:http');
    const raw = await new Promise<{ headers: Record<string, unknown>; body: Buffer }>((resolve, reject) => {
      request(
        `${emu.url}/b/${bucket.name}/o/z.txt?alt=media`,
        { headers: { 'accept-encoding': 'gzip' } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
        },
      )
        .on('error', reject)
        .end();
    });
    expect(raw.headers['content-encoding']).toBe('gzip');
    expect(raw.headers['x-goog-stored-content-encoding']).toBe('gzip');
    expect(raw.body.length).toBe(Number(meta.size));
    const plain = await new Promise<{ headers: Record<string, unknown>; body: Buffer }>((resolve, reject) => {
      request(`${emu.url}/b/${bucket.name}/o/z.txt?alt=media`, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
      })
        .on('error', reject)
        .end();
    });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(text);
  });
});
