// The Functions host over its admin API, with real Pub/Sub and Storage emulators: Node functions
// behind topic (background event and CloudEvent), bucket and HTTP triggers; retry semantics; a
// Python function in a kit-managed venv; messages with attributes and no data.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PubSub } from '@google-cloud/pubsub';
import { Storage } from '@google-cloud/storage';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createLogger } from '../../emulators/common/index.ts';
import {
  type StartedFunctionsHost,
  startFunctionHost,
  startFunctionsHost,
} from '../../emulators/functions/index.ts';
import { type StartedPubSubEmulator, startPubSubEmulator } from '../../emulators/pubsub/index.ts';
import { type StartedStorageEmulator, startStorageEmulator } from '../../emulators/storage/index.ts';

const NODE = fileURLToPath(new URL('./fixtures/node-echo', import.meta.url));
const PY = fileURLToPath(new URL('./fixtures/py-echo', import.meta.url));
const PROJECT = 'functions-test';
// biome-ignore lint/suspicious/noExplicitAny: JSON read back from the wire, checked by the assertions.
type Json = any;

let ps: StartedPubSubEmulator;
let gcs: StartedStorageEmulator;
let host: StartedFunctionsHost;
let pubsub: PubSub;

beforeAll(async () => {
  ps = await startPubSubEmulator({ port: 0, project: PROJECT });
  gcs = await startStorageEmulator({ port: 0, project: PROJECT, pubsub: ps.address });
  host = await startFunctionsHost({ port: 0, project: PROJECT, pubsubHost: ps.address, storageUrl: gcs.url });
  pubsub = new PubSub({
    projectId: PROJECT,
    apiEndpoint: ps.address,
    emulatorMode: true,
    universeDomain: 'googleapis.com',
  });
}, 30_000);

afterAll(async () => {
  await pubsub?.close();
  await host?.stop();
  await gcs?.stop();
  await ps?.stop();
});

async function admin(path: string, init?: { method?: string; body?: unknown }): Promise<Json> {
  const response = await fetch(`${host.url}/v1/functions${path}`, {
    method: init?.method ?? 'GET',
    headers: { 'content-type': 'application/json' },
    body: init?.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const body = await response.json();
  if (!response.ok) throw new Error(`${path}: ${response.status} ${JSON.stringify(body)}`);
  return body;
}

/** The JSON lines a function printed, once `want` of them have arrived. */
async function printed(name: string, want: number, timeoutMs = 30_000): Promise<Json[]> {
  const giveUp = Date.now() + timeoutMs;
  for (;;) {
    const { entries } = await admin(`/${name}/logs?limit=1000`);
    const lines = (entries as Array<{ log: string }>)
      .map((e) => e.log)
      .filter((l) => l.startsWith('{"kind"'))
      .map((l) => JSON.parse(l));
    if (lines.length >= want) return lines;
    if (Date.now() > giveUp)
      throw new Error(`${name}: wanted ${want} events, have ${JSON.stringify(entries)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const id = (p: string) => `${p}-${randomUUID().slice(0, 8)}`;

describe('functions host', () => {
  test('topic trigger, background event: data and attributes, and a message with attributes only', {
    timeout: 60_000,
  }, async () => {
    const topic = id('t');
    await pubsub.createTopic(topic);
    const name = id('bg');
    const fn = await admin('', {
      method: 'POST',
      body: {
        name,
        runtime: 'nodejs20',
        entryPoint: 'onEvent',
        source: NODE,
        trigger: { kind: 'topic', topic },
      },
    });
    expect(fn.eventTrigger.resource).toBe(`projects/${PROJECT}/topics/${topic}`);
    await pubsub.topic(topic).publishMessage({ data: Buffer.from('hello'), attributes: { a: '1' } });
    await pubsub.topic(topic).publishMessage({ attributes: { action: 'download' } });
    const events = await printed(name, 2);
    const byAttr = (k: string) => events.find((e) => e.data.attributes?.[k]);
    expect(Buffer.from(byAttr('a').data.data, 'base64').toString()).toBe('hello');
    expect(byAttr('action').data).toEqual({
      '@type': 'type.googleapis.com/google.pubsub.v1.PubsubMessage',
      attributes: { action: 'download' },
    });
    expect(byAttr('a').context.eventType).toBe('google.pubsub.topic.publish');
    await admin(`/${name}`, { method: 'DELETE' });
  });

  test('a throwing function is retried only with retry set', { timeout: 60_000 }, async () => {
    const topic = id('t');
    await pubsub.createTopic(topic);
    const [retried, dropped] = [id('retry'), id('drop')];
    for (const [name, retry] of [
      [retried, true],
      [dropped, false],
    ] as const)
      await admin('', {
        method: 'POST',
        body: {
          name,
          runtime: 'nodejs22',
          entryPoint: 'onEvent',
          source: NODE,
          retry,
          trigger: { kind: 'topic', topic },
        },
      });
    await pubsub.topic(topic).publishMessage({ data: Buffer.from('fail') });
    expect((await printed(retried, 3)).length).toBeGreaterThanOrEqual(3);
    expect(await printed(dropped, 1)).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 2_500));
    expect(await printed(dropped, 1)).toHaveLength(1);
    await admin(`/${retried}`, { method: 'DELETE' });
    await admin(`/${dropped}`, { method: 'DELETE' });
  });

  test('CloudEvent signature and a bucket trigger', { timeout: 60_000 }, async () => {
    const bucket = id('b');
    const storage = new Storage({ apiEndpoint: gcs.url, projectId: PROJECT });
    await storage.createBucket(bucket);
    const name = id('ce');
    await admin('', {
      method: 'POST',
      body: {
        name,
        runtime: 'nodejs20',
        entryPoint: 'onCloudEvent',
        source: NODE,
        signatureType: 'cloudevent',
        trigger: { kind: 'bucket', bucket, eventType: 'google.storage.object.finalize' },
      },
    });
    await storage.bucket(bucket).file('a/b.txt').save('x', { resumable: false });
    const [event] = await printed(name, 1);
    expect(event.type).toBe('google.cloud.storage.object.v1.finalized');
    expect(event.data).toMatchObject({ bucket, name: 'a/b.txt' });
    await admin(`/${name}`, { method: 'DELETE' });
  });

  test('HTTP trigger: URL, env vars, functions call', { timeout: 60_000 }, async () => {
    const name = id('http');
    const fn = await admin('', {
      method: 'POST',
      body: {
        name,
        runtime: 'nodejs20',
        entryPoint: 'onHttp',
        source: NODE,
        env: { GREETING: 'hi' },
        trigger: { kind: 'http' },
      },
    });
    const response = await fetch(fn.httpsTrigger.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"name":"ann"}',
    });
    expect(await response.json()).toEqual({ hello: 'ann', env: 'hi' });
    const called = await admin(`/${name}:call`, { method: 'POST', body: { data: { name: 'bo' } } });
    expect(JSON.parse(called.result)).toEqual({ hello: 'bo', env: 'hi' });
    expect((await admin('')).functions.map((f: { name: string }) => f.name)).toContain(
      `projects/${PROJECT}/locations/us-central1/functions/${name}`,
    );
    await admin(`/${name}`, { method: 'DELETE' });
    await expect(admin(`/${name}`)).rejects.toThrow(/404/);
  });

  test('Python runtime: background event from a venv built from requirements.txt', {
    timeout: 180_000,
  }, async () => {
    const topic = id('t');
    await pubsub.createTopic(topic);
    const name = id('py');
    await admin('', {
      method: 'POST',
      body: {
        name,
        runtime: 'python311',
        entryPoint: 'on_event',
        source: PY,
        trigger: { kind: 'topic', topic },
      },
    });
    await pubsub.topic(topic).publishMessage({ attributes: { action: 'download' } });
    const [event] = await printed(name, 1);
    expect(event.data.attributes).toEqual({ action: 'download' });
    expect(event.eventType).toBe('google.pubsub.topic.publish');
    await admin(`/${name}`, { method: 'DELETE' });
  });

  test('devkit function (one handler, own push subscription): attributes-only messages keep their attributes', {
    timeout: 60_000,
  }, async () => {
    const topic = id('t');
    await pubsub.createTopic(topic);
    const lines: string[] = [];
    const logger = createLogger('info', {}, (line: string) => lines.push(JSON.parse(line).msg));
    await using _fn = await startFunctionHost({
      source: NODE,
      target: 'onEvent',
      topic,
      project: PROJECT,
      pubsubHost: ps.address,
      logger,
    });
    await pubsub.topic(topic).publishMessage({ attributes: { action: 'download' } });
    const giveUp = Date.now() + 30_000;
    while (!lines.some((l) => l.startsWith('{"kind"')) && Date.now() < giveUp)
      await new Promise((r) => setTimeout(r, 200));
    const event = JSON.parse(lines.find((l) => l.startsWith('{"kind"'))!);
    expect(event.data.attributes).toEqual({ action: 'download' });
    expect(event.context.eventType).toBe('google.pubsub.topic.publish');
  });

  test('Python: an unreachable package index fails the deploy naming the pip command', {
    timeout: 120_000,
  }, async () => {
    const source = await mkdtemp(join(tmpdir(), 'devkit-py-'));
    const saved = { ...process.env };
    try {
      await writeFile(join(source, 'main.py'), 'def f(event, context):\n    pass\n');
      await writeFile(join(source, 'requirements.txt'), `# ${randomUUID()}\nsix\n`);
      Object.assign(process.env, {
        PIP_INDEX_URL: 'http://127.0.0.1:9/simple',
        PIP_RETRIES: '0',
        PIP_TIMEOUT: '2',
        PIP_NO_CACHE_DIR: '1',
      });
      await expect(
        admin('', {
          method: 'POST',
          body: {
            name: id('nopip'),
            runtime: 'python311',
            entryPoint: 'f',
            source,
            trigger: { kind: 'http' },
          },
        }),
      ).rejects.toThrow(/400.*python -m pip install.*package index reachable/);
    } finally {
      for (const key of ['PIP_INDEX_URL', 'PIP_RETRIES', 'PIP_TIMEOUT', 'PIP_NO_CACHE_DIR'])
        delete process.env[key];
      Object.assign(process.env, saved);
      await rm(source, { recursive: true, force: true });
    }
  });

  test('the admin API refuses web pages of other origins and rebound Host names', async () => {
    const refused = await fetch(`${host.url}/v1/functions`, { headers: { origin: 'https://evil.example' } });
    expect(refused.status).toBe(403);
    const rebound = await new Promise<number>((resolve, reject) =>
      request(`${host.url}/v1/functions`, { headers: { host: 'attacker.example' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      })
        .on('error', reject)
        .end(),
    );
    expect(rebound).toBe(403);
    expect((await fetch(`${host.url}/v1/functions`)).status).toBe(200);
  });

  test('a bad deployment is refused with the field at fault', async () => {
    await expect(
      admin('', {
        method: 'POST',
        body: { name: 'x', runtime: 'go121', source: NODE, trigger: { kind: 'http' } },
      }),
    ).rejects.toThrow(/400.*go121/);
  });
});
