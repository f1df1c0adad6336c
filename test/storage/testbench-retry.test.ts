// The storage-testbench Retry Test API on the Storage port: tests created, read, listed and
// deleted over raw HTTP; instructions consumed one per request in order; the official Node
// client retrying through a 503 and a reset connection via `x-retry-test-id`.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Storage } from '@google-cloud/storage';
import { describe, expect, it, onTestFinished } from 'vitest';
import { bucketName, bytes, call, clientFor, PROJECT, startEmulator } from './helpers.ts';

const create = (url: string, instructions: Record<string, string[]>) =>
  call(`${url}/retry_test`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ instructions }),
  });

describe('storage testbench retry API', () => {
  it('instructions are consumed once each, in order; the resource reports what is left', async () => {
    await using emu = await startEmulator();
    const made = await create(emu.url, { 'storage.buckets.list': ['return-503', 'return-429'] });
    expect(made.status).toBe(200);
    expect(made.body).toMatchObject({ transport: 'HTTP', completed: false });
    const id = made.body.id as string;
    const list = () =>
      call(`${emu.url}/storage/v1/b?project=${PROJECT}`, { headers: { 'x-retry-test-id': id } });
    const first = await list();
    expect(first.status).toBe(503);
    expect(first.body.error.code).toBe(503);
    expect((await call(`${emu.url}/retry_test/${id}`)).body.instructions).toEqual({
      'storage.buckets.list': ['return-429'],
    });
    expect((await list()).status).toBe(429);
    expect((await list()).status).toBe(200);
    const done = await call(`${emu.url}/retry_test/${id}`);
    expect(done.body).toMatchObject({ id, completed: true, instructions: { 'storage.buckets.list': [] } });
    expect((await call(`${emu.url}/retry_tests`)).body.retry_test.map((t: { id: string }) => t.id)).toEqual([
      id,
    ]);
    expect((await call(`${emu.url}/retry_test/${id}`, { method: 'DELETE' })).status).toBe(200);
    expect((await call(`${emu.url}/retry_test/${id}`)).status).toBe(404);
    // A request naming a test that does not exist is 404, as the testbench answers it.
    expect((await list()).status).toBe(404);

    expect((await call(`${emu.url}/retry_test`, { method: 'POST', body: '{}' })).status).toBe(400);
    expect((await create(emu.url, { 'storage.objects.get': ['redirect-send-token-T'] })).status).toBe(400);
  });

  it('reset connection, broken stream, upload failure after 1 KiB and the per-request header', async () => {
    await using emu = await startEmulator();
    const [bucket] = await clientFor(emu.url).createBucket(bucketName('tb'));
    const data = bytes(64 * 1024);
    await bucket.file('o').save(data, { resumable: false });
    const media = `${emu.url}/storage/v1/b/${bucket.name}/o/o?alt=media`;
    const { body } = await create(emu.url, {
      'storage.objects.get': ['return-reset-connection', 'return-broken-stream'],
      'storage.objects.insert': ['return-503-after-1K'],
    });
    const headers = { 'x-retry-test-id': body.id };
    await expect(fetch(media, { headers })).rejects.toThrow();
    await expect(fetch(media, { headers }).then((r) => r.arrayBuffer())).rejects.toThrow();
    expect(Buffer.from(await (await fetch(media, { headers })).arrayBuffer())).toEqual(data);

    const upload = `${emu.url}/upload/storage/v1/b/${bucket.name}/o?uploadType=media&name=u`;
    const failed = await call(upload, { method: 'POST', headers, body: data });
    expect(failed.status).toBe(503);
    expect((await bucket.file('u').exists())[0]).toBe(false);
    expect((await call(upload, { method: 'POST', headers, body: data })).status).toBe(200);

    // x-goog-emulator-instructions applies to every request carrying it.
    const corrupted = Buffer.from(
      await (
        await fetch(media, { headers: { 'x-goog-emulator-instructions': 'return-corrupted-data' } })
      ).arrayBuffer(),
    );
    expect(corrupted.length).toBe(data.length);
    expect(corrupted.equals(data)).toBe(false);
    const h = { 'x-goog-emulator-instructions': 'return-503' };
    expect((await call(`${emu.url}/storage/v1/b/${bucket.name}`, { headers: h })).status).toBe(503);
  });

  // Large downloads are sent from blob files (data dir) or chunk lists (memory), not one buffer:
  // the instructions must see those bytes too (they once replaced them with `null`).
  for (const backend of ['memory', 'directory'] as const) {
    it(`broken stream after 256 KiB and corrupted data on a 3 MiB ${backend} download`, async () => {
      const dir = await mkdtemp(path.join(tmpdir(), 'tb-retry-'));
      onTestFinished(() => rm(dir, { recursive: true, force: true }));
      await using emu = await startEmulator(backend === 'directory' ? { dataDir: dir } : {});
      const [bucket] = await clientFor(emu.url).createBucket(bucketName('tb'));
      const data = bytes(3 * 1024 * 1024);
      await bucket.file('big').save(data, { resumable: false });
      const media = `${emu.url}/${bucket.name}/big`; // the Go client's XML-style read
      const { body } = await create(emu.url, { 'storage.objects.get': ['return-broken-stream-after-256K'] });
      const got = await readUntilCut(await fetch(media, { headers: { 'x-retry-test-id': body.id } }));
      expect(got.cut).toBe(true);
      expect(got.bytes.length).toBeLessThanOrEqual(256 * 1024);
      expect(got.bytes.equals(data.subarray(0, got.bytes.length))).toBe(true);
      const h = { 'x-goog-emulator-instructions': 'return-corrupted-data' };
      const corrupted = Buffer.from(await (await fetch(media, { headers: h })).arrayBuffer());
      expect(corrupted.length).toBe(data.length);
      expect(corrupted[0]).toBe(data[0]! ^ 0xff);
      expect(corrupted.subarray(1).equals(data.subarray(1))).toBe(true);
    }, 60_000);
  }

  it("an upload's after-YK instruction waits for the chunk that crosses Y KiB", async () => {
    await using emu = await startEmulator();
    const [bucket] = await clientFor(emu.url).createBucket(bucketName('tb'));
    const { body } = await create(emu.url, {
      'storage.objects.insert': ['return-503-after-257K', 'return-503'],
    });
    const headers = { 'x-retry-test-id': body.id as string };
    const started = await fetch(
      `${emu.url}/upload/storage/v1/b/${bucket.name}/o?uploadType=resumable&name=r`,
      { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: '{}' },
    );
    expect(started.status).toBe(200); // the start request carries no upload bytes
    const session = started.headers.get('location')!;
    const data = bytes(512 * 1024);
    const chunk = (from: number, to: number) =>
      fetch(session, {
        method: 'PUT',
        headers: { ...headers, 'content-range': `bytes ${from}-${to - 1}/${data.length}` },
        body: data.subarray(from, to),
      });
    expect((await chunk(0, 256 * 1024)).status).toBe(308); // ends before 257 KiB
    const left = async () => (await call(`${emu.url}/retry_test/${body.id}`)).body.instructions;
    expect(await left()).toEqual({ 'storage.objects.insert': ['return-503-after-257K', 'return-503'] });
    expect((await chunk(256 * 1024, data.length)).status).toBe(503); // crosses it
    expect((await chunk(256 * 1024, data.length)).status).toBe(503); // the plain return-503
    expect(await left()).toEqual({ 'storage.objects.insert': [] });
    expect((await chunk(256 * 1024, data.length)).status).toBe(200);
    const [stored] = await bucket.file('r').download();
    expect(stored.equals(data)).toBe(true);
  }, 60_000);

  it('the official Node client retries through a 503 and a reset connection', async () => {
    await using emu = await startEmulator();
    const seed = clientFor(emu.url);
    const [bucket] = await seed.createBucket(bucketName('tb'));
    await bucket.file('doc').save('payload', { resumable: false });
    const { body } = await create(emu.url, {
      'storage.objects.get': ['return-503', 'return-reset-connection'],
      'storage.buckets.get': ['return-reset-connection', 'return-503'],
    });
    const storage = new Storage({
      apiEndpoint: emu.url,
      projectId: PROJECT,
      retryOptions: { autoRetry: true, maxRetries: 4, retryDelayMultiplier: 1.1, totalTimeout: 120 },
    });
    storage.interceptors.push({
      // The header every retry conformance suite sends with each request of a case.
      request: (opts) => {
        opts.headers = { ...opts.headers, 'x-retry-test-id': body.id };
        return opts as Parameters<NonNullable<(typeof storage.interceptors)[number]['request']>>[0] & {
          uri: string;
        };
      },
    });
    const [meta] = await storage.bucket(bucket.name).getMetadata();
    expect(meta.name).toBe(bucket.name);
    const [content] = await storage.bucket(bucket.name).file('doc').download();
    expect(content.toString()).toBe('payload');
    expect((await call(`${emu.url}/retry_test/${body.id}`)).body.completed).toBe(true);
  }, 90_000);
});

/** The body bytes that arrived before the connection was cut (or all of them). */
async function readUntilCut(res: Response): Promise<{ bytes: Buffer; cut: boolean }> {
  const parts: Buffer[] = [];
  const reader = res.body!.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { bytes: Buffer.concat(parts), cut: false };
      parts.push(Buffer.from(value));
    }
  } catch {
    return { bytes: Buffer.concat(parts), cut: true };
  }
}
