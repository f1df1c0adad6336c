// Storage fault injection over the wire: rules armed at /_devkit/faults, seen by the official
// client as GCS would show them (503/429 JSON errors, slow responses), retried where it retries.
import { Storage } from '@google-cloud/storage';
import { describe, expect, it } from 'vitest';
import { bucketName, call, clientFor, type Json, PROJECT, startEmulator } from '../storage/helpers.ts';
import { startPubSub, topicWithCollector } from '../storage/pubsub-helpers.ts';

/** The official client with its default retry policy (conditionally idempotent ops retried). */
function retryingClient(url: string): Storage {
  return new Storage({ apiEndpoint: url, projectId: PROJECT });
}

async function arm(url: string, rules: Json[]): Promise<Json> {
  const res = await call(`${url}/_devkit/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ rules }),
  });
  expect(res.status).toBe(200);
  return res.body;
}

async function hits(url: string): Promise<Record<string, number>> {
  const res = await call(`${url}/_devkit/faults`);
  return Object.fromEntries(res.body.rules.map((r: Json) => [r.id, r.hits]));
}

describe('storage fault injection', () => {
  it('a 503 on objects.insert is retried by the client and the object lands once', async () => {
    await using emu = await startEmulator();
    const [bucket] = await clientFor(emu.url).createBucket(bucketName('retry'));
    await bucket.setMetadata({ versioning: { enabled: true } });
    await arm(emu.url, [
      { id: 'ins', service: 'storage', kind: 'error', method: 'objects.insert', status: 503, count: 2 },
    ]);
    const file = retryingClient(emu.url).bucket(bucket.name).file('in/a.txt');
    // ifGenerationMatch: 0 makes the upload idempotent, so the client's default policy retries it.
    await file.save('payload', { resumable: false, preconditionOpts: { ifGenerationMatch: 0 } });
    expect(await hits(emu.url)).toEqual({ ins: 2 });
    const [versions] = await bucket.getFiles({ versions: true });
    expect(versions.map((f) => f.name)).toEqual(['in/a.txt']);
    const [data] = await bucket.file('in/a.txt').download();
    expect(data.toString()).toBe('payload');
  });

  it('a count: 1 rule fires once, here on the start of a resumable upload', async () => {
    await using emu = await startEmulator();
    const [bucket] = await clientFor(emu.url).createBucket(bucketName('once'));
    await arm(emu.url, [
      { id: 'one', service: 'storage', kind: 'error', method: 'objects.insert', count: 1 },
    ]);
    const client = retryingClient(emu.url).bucket(bucket.name);
    const opts = { resumable: true, preconditionOpts: { ifGenerationMatch: 0 } };
    await client.file('a.txt').save('a', opts);
    await client.file('b.txt').save('b', opts);
    const listed = await call(`${emu.url}/_devkit/faults`);
    expect(listed.body.rules[0]).toMatchObject({ id: 'one', hits: 1 });
    expect(listed.body.events).toMatchObject([
      { ruleId: 'one', service: 'storage', method: 'objects.insert', target: `${bucket.name}/a.txt` },
    ]);
    const [files] = await bucket.getFiles();
    expect(files.map((f) => f.name)).toEqual(['a.txt', 'b.txt']);
  });

  it('a bucket/prefix target hits only objects under the prefix', async () => {
    await using emu = await startEmulator();
    const storage = clientFor(emu.url); // no retries: every hit is visible
    const [bucket] = await storage.createBucket(bucketName('prefix'));
    await arm(emu.url, [
      { id: 'p', service: 'storage', kind: 'error', status: 503, target: `${bucket.name}/in/` },
    ]);
    await expect(bucket.file('in/x.txt').save('x', { resumable: false })).rejects.toMatchObject({
      code: 503,
    });
    await bucket.file('out/x.txt').save('x', { resumable: false });
    await expect(bucket.file('in/y.txt').download()).rejects.toMatchObject({ code: 503 });
    const [files] = await bucket.getFiles();
    expect(files.map((f) => f.name)).toEqual(['out/x.txt']);
    expect(await hits(emu.url)).toEqual({ p: 2 });
  });

  it('a delay rule holds the response back by delayMs', async () => {
    await using emu = await startEmulator();
    const [bucket] = await clientFor(emu.url).createBucket(bucketName('delay'));
    await bucket.file('slow.txt').save('s', { resumable: false });
    await bucket.file('fast.txt').save('f', { resumable: false });
    await arm(emu.url, [
      {
        service: 'storage',
        kind: 'delay',
        method: 'objects.get',
        target: `${bucket.name}/slow.txt`,
        delayMs: 500,
      },
    ]);
    const timed = async (name: string) => {
      const started = performance.now();
      const [data] = await bucket.file(name).download();
      return { data: data.toString(), ms: performance.now() - started };
    };
    const slow = await timed('slow.txt');
    const fast = await timed('fast.txt');
    expect(slow.data).toBe('s');
    expect(slow.ms).toBeGreaterThanOrEqual(480);
    expect(fast.ms).toBeLessThan(400);
  });

  it('surfaces the status on a call the client does not retry, as a GCS JSON error', async () => {
    await using emu = await startEmulator();
    const [bucket] = await clientFor(emu.url).createBucket(bucketName('surface'));
    await bucket.file('a.txt').save('a', { resumable: false });
    await arm(emu.url, [
      { id: 'patch', service: 'storage', kind: 'error', method: 'objects.patch', status: 503 },
      { id: 'limit', service: 'storage', kind: 'error', method: 'buckets.get', status: 429 },
    ]);
    // A metadata patch without ifMetagenerationMatch is not idempotent: one attempt, the 503 shows.
    const file = retryingClient(emu.url).bucket(bucket.name).file('a.txt');
    await expect(file.setMetadata({ metadata: { k: 'v' } })).rejects.toMatchObject({ code: 503 });
    expect((await hits(emu.url)).patch).toBe(1);
    const [meta] = await file.getMetadata();
    expect(meta.metadata).toBeUndefined();
    const limited = await call(`${emu.url}/storage/v1/b/${bucket.name}`);
    expect(limited.status).toBe(429);
    expect(limited.body.error).toMatchObject({ code: 429, errors: [{ reason: 'rateLimitExceeded' }] });
    const unavailable = await call(`${emu.url}/storage/v1/b/${bucket.name}/o/a.txt`, { method: 'PATCH' });
    expect(unavailable.body.error).toMatchObject({ code: 503, errors: [{ reason: 'backendError' }] });
  });

  it('admin endpoint: 400 on an invalid rule, removal, and the server keeps serving', async () => {
    await using emu = await startEmulator();
    const storage = clientFor(emu.url);
    const url = `${emu.url}/_devkit/faults`;
    const bad = await call(url, {
      method: 'POST',
      body: JSON.stringify({ service: 'storage', kind: 'boom' }),
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/kind/);
    expect((await call(url, { method: 'POST', body: '{' })).status).toBe(400);
    await arm(emu.url, [{ id: 'all', service: 'storage', kind: 'error', status: 503 }]);
    await expect(storage.createBucket(bucketName('admin'))).rejects.toMatchObject({ code: 503 });
    expect(emu.faults.list().map((r) => r.id)).toEqual(['all']);
    expect((await call(`${url}/all`, { method: 'DELETE' })).status).toBe(200);
    expect((await call(`${url}/all`, { method: 'DELETE' })).status).toBe(404);
    const [bucket] = await storage.createBucket(bucketName('admin'));
    await bucket.file('a.txt').save('still here', { resumable: false });
    const [data] = await bucket.file('a.txt').download();
    expect(data.toString()).toBe('still here');
    expect((await call(url)).body).toMatchObject({ seed: 1, rules: [] });
  });

  it('a failed notification publish is retried, not dropped', async () => {
    await using ps = await startPubSub();
    await using emu = await startEmulator({ pubsub: ps.emu.address });
    const topic = await topicWithCollector(ps.client);
    const [bucket] = await clientFor(emu.url).createBucket(bucketName('notify'));
    await bucket.createNotification(topic.id);
    await arm(emu.url, [
      { id: 'pub', service: 'storage', kind: 'error', method: 'notifications.publish', count: 3 },
    ]);
    await bucket.file('a.txt').save('a', { resumable: false });
    const [message] = await topic.next(1);
    expect(message!.attributes).toMatchObject({ objectId: 'a.txt', eventType: 'OBJECT_FINALIZE' });
    expect(await hits(emu.url)).toEqual({ pub: 3 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(topic.received).toHaveLength(1);
    await topic.close();
  });
});
