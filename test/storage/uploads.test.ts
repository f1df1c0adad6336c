// Media, multipart and resumable uploads: chunkSize uploads through the client, 308 + Range for
// partial chunks, `bytes */*` status queries, an interrupted upload resumed, cancel, hash checks.

import { createHash } from 'node:crypto';
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { crc32cOf } from '../../emulators/storage/hash/crc32c.ts';
import { bucketName, bytes, call, clientFor, envClientFor, startEmulator } from './helpers.ts';

const KiB = 1024;

async function createSession(
  url: string,
  bucket: string,
  name: string,
  headers: Record<string, string> = {},
) {
  const res = await call(
    `${url}/upload/storage/v1/b/${bucket}/o?uploadType=resumable&name=${encodeURIComponent(name)}`,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ metadata: { origin: 'test' } }),
    },
  );
  expect(res.status).toBe(200);
  const location = res.headers.get('location');
  expect(location).toMatch(/upload_id=/);
  return location!;
}

const put = (uri: string, range: string, body?: Buffer) =>
  call(uri, { method: 'PUT', headers: { 'content-range': range }, body });

describe('storage uploads', () => {
  it('media upload (raw) and multipart upload (client, resumable: false) keep content type and metadata', async () => {
    await using emu = await startEmulator();
    const [bucket] = await clientFor(emu.url).createBucket(bucketName('up'));
    const media = await call(`${emu.url}/upload/storage/v1/b/${bucket.name}/o?uploadType=media&name=m.bin`, {
      method: 'POST',
      headers: { 'content-type': 'image/png' },
      body: bytes(1000),
    });
    expect(media.status).toBe(200);
    expect(media.body).toMatchObject({
      name: 'm.bin',
      size: '1000',
      contentType: 'image/png',
      md5Hash: expect.any(String),
    });
    expect(media.body.crc32c).toBe(crc32cOf(bytes(1000)));

    const data = bytes(300 * KiB, 2);
    await bucket.file('multi.bin').save(data, {
      resumable: false,
      metadata: { contentType: 'application/x-test', metadata: { k: 'v' } },
    });
    const [meta] = await bucket.file('multi.bin').getMetadata();
    expect(meta).toMatchObject({
      contentType: 'application/x-test',
      metadata: { k: 'v' },
      size: String(data.length),
    });
    expect(meta.md5Hash).toBe(createHash('md5').update(data).digest('base64'));
    const [back] = await bucket.file('multi.bin').download();
    expect(back.equals(data)).toBe(true);
  });

  it('resumable upload through the client with chunkSize (several 308 rounds), both path styles', async () => {
    await using emu = await startEmulator();
    for (const storage of [clientFor(emu.url), envClientFor(emu.url)]) {
      const [bucket] = await storage.createBucket(bucketName('chunk'));
      const data = bytes(1024 * KiB + 123, 3);
      const progress: number[] = [];
      await new Promise<void>((resolve, reject) => {
        const ws = bucket
          .file('big.bin')
          .createWriteStream({ resumable: true, chunkSize: 256 * KiB, validation: 'crc32c' });
        ws.on('progress', (p: { bytesWritten: number }) => progress.push(p.bytesWritten));
        ws.on('error', reject).on('finish', resolve);
        ws.end(data);
      });
      const [back] = await bucket.file('big.bin').download({ validation: 'crc32c' });
      expect(back.equals(data)).toBe(true);
      expect(progress.length).toBeGreaterThanOrEqual(4);
    }
  });

  it('chunked PUTs: 308 with Range, bytes */* status, overlapping retry, finalize, 200 afterwards', async () => {
    await using emu = await startEmulator();
    const [bucket] = await clientFor(emu.url).createBucket(bucketName('raw'));
    const data = bytes(600 * KiB, 4);
    const uri = await createSession(emu.url, bucket.name, 'r.bin', { 'x-upload-content-type': 'text/x-raw' });
    const empty = await put(uri, 'bytes */*');
    expect(empty.status).toBe(308);
    expect(empty.headers.get('range')).toBeNull();
    const first = await put(uri, 'bytes 0-262143/*', data.subarray(0, 256 * KiB));
    expect(first.status).toBe(308);
    expect(first.headers.get('range')).toBe('bytes=0-262143');
    // A retried chunk overlapping what is stored only appends the new part.
    const overlap = await put(uri, `bytes 131072-524287/*`, data.subarray(128 * KiB, 512 * KiB));
    expect(overlap.headers.get('range')).toBe('bytes=0-524287');
    const gap = await put(uri, `bytes 600000-600001/*`, Buffer.from('xx'));
    expect(gap.status).toBe(400);
    const status = await put(uri, 'bytes */*');
    expect(status.status).toBe(308);
    expect(status.headers.get('range')).toBe('bytes=0-524287');
    const last = await put(uri, `bytes 524288-${data.length - 1}/${data.length}`, data.subarray(512 * KiB));
    expect(last.status).toBe(200);
    expect(last.body).toMatchObject({ name: 'r.bin', size: String(data.length), contentType: 'text/x-raw' });
    expect(last.body.metadata).toEqual({ origin: 'test' });
    expect(last.body.crc32c).toBe(crc32cOf(data));
    // Go's uploader sends X-GUploader-No-308 and expects 200 + X-HTTP-Status-Code-Override.
    const uri2 = await createSession(emu.url, bucket.name, 'go.bin');
    const noRedirect = await call(uri2, {
      method: 'PUT',
      headers: { 'content-range': 'bytes 0-3/*', 'x-guploader-no-308': 'yes' },
      body: 'abcd',
    });
    expect(noRedirect.status).toBe(200);
    expect(noRedirect.headers.get('x-http-status-code-override')).toBe('308');
    expect(noRedirect.headers.get('range')).toBe('bytes=0-3');
    const again = await put(uri, 'bytes */*');
    expect(again.status).toBe(200);
    expect(again.body.generation).toBe(last.body.generation);
  });

  it('an interrupted upload is resumed after a bytes */* query by the official client', async () => {
    await using emu = await startEmulator();
    const [bucket] = await clientFor(emu.url).createBucket(bucketName('resume'));
    const data = bytes(1024 * KiB, 5);
    const uri = await createSession(emu.url, bucket.name, 'resumed.bin');
    const persistedNow = async () => {
      const status = await put(uri, 'bytes */*');
      expect(status.status).toBe(308);
      const range = status.headers.get('range');
      return range ? Number(range.split('-')[1]) + 1 : 0;
    };
    // Send part of the object; status queries answer while that PUT is still open.
    const req = request(uri, {
      method: 'PUT',
      headers: {
        'content-range': `bytes 0-${data.length - 1}/${data.length}`,
        'content-length': data.length,
      },
    });
    req.on('error', () => undefined);
    req.write(data.subarray(0, 300 * KiB));
    let during = 0;
    for (let i = 0; i < 400 && during === 0; i++) {
      during = await persistedNow();
      if (!during) await new Promise((r) => setTimeout(r, 25));
    }
    expect(during).toBeGreaterThan(0);
    // Cut the connection mid-request: what reached the disk stays.
    req.destroy();
    await new Promise((r) => setTimeout(r, 100));
    const persisted = await persistedNow();
    expect(persisted).toBeGreaterThanOrEqual(during);
    expect(persisted).toBeLessThanOrEqual(300 * KiB);
    // The client queries `bytes */*`, skips what the server has and sends the rest.
    await new Promise<void>((resolve, reject) => {
      const ws = bucket.file('resumed.bin').createWriteStream({ uri, resumable: true, validation: false });
      ws.on('error', reject).on('finish', resolve);
      ws.end(data);
    });
    const [back] = await bucket.file('resumed.bin').download({ validation: 'md5' });
    expect(back.equals(data)).toBe(true);
  });

  it('single-request resumable with bytes 0-*/* style, cancel → 499, unknown session → 404', async () => {
    await using emu = await startEmulator();
    const [bucket] = await clientFor(emu.url).createBucket(bucketName('misc'));
    const uri = await createSession(emu.url, bucket.name, 'one.txt');
    const done = await put(uri, 'bytes 0-*/*', Buffer.from('all at once'));
    expect(done.status).toBe(200);
    expect(done.body.size).toBe('11');
    const uri2 = await createSession(emu.url, bucket.name, 'cancelled.txt');
    await put(uri2, 'bytes 0-2/*', Buffer.from('abc'));
    const cancel = await call(uri2, { method: 'DELETE' });
    expect(cancel.status).toBe(499);
    expect((await put(uri2, 'bytes */*')).status).toBe(404);
    const [exists] = await bucket.file('cancelled.txt').exists();
    expect(exists).toBe(false);
  });

  it('declared hashes that do not match → 400 and nothing stored', async () => {
    await using emu = await startEmulator();
    const [bucket] = await clientFor(emu.url).createBucket(bucketName('hash'));
    const bad = await call(`${emu.url}/upload/storage/v1/b/${bucket.name}/o?uploadType=media&name=h`, {
      method: 'POST',
      headers: { 'x-goog-hash': `crc32c=${crc32cOf(Buffer.from('other'))}` },
      body: 'content',
    });
    expect(bad.status).toBe(400);
    const uri = await createSession(emu.url, bucket.name, 'h2');
    const res = await call(uri, {
      method: 'PUT',
      headers: { 'content-range': 'bytes 0-6/7', 'x-goog-hash': 'md5=AAAAAAAAAAAAAAAAAAAAAA==' },
      body: 'content',
    });
    expect(res.status).toBe(400);
    const good = await call(`${emu.url}/upload/storage/v1/b/${bucket.name}/o?uploadType=media&name=h3`, {
      method: 'POST',
      headers: { 'x-goog-hash': `crc32c=${crc32cOf(Buffer.from('content'))}` },
      body: 'content',
    });
    expect(good.status).toBe(200);
    const [files] = await bucket.getFiles();
    expect(files.map((f) => f.name)).toEqual(['h3']);
  });
});
