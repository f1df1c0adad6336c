// Shared test helpers: unique resource names, emulator + official clients, small waits.
import { randomUUID } from 'node:crypto';
import http2 from 'node:http2';
import { PubSub, v1 } from '@google-cloud/pubsub';
import { credentials } from '@grpc/grpc-js';
import type { Clock } from '../../emulators/common/index.ts';
import { type StartedPubSubEmulator, startPubSubEmulator } from '../../emulators/pubsub/index.ts';

// The auth library probes the GCE metadata server unless told not to; tests are offline.
process.env.METADATA_SERVER_DETECTION ??= 'none';

export const PROJECT = 'test-project';

/** A fresh resource id, unique per call (a letter first, as Pub/Sub requires). */
export const uid = (prefix = 'r') => `${prefix}-${randomUUID().slice(0, 8)}`;

export const topicPath = (id: string) => `projects/${PROJECT}/topics/${id}`;
export const subPath = (id: string) => `projects/${PROJECT}/subscriptions/${id}`;
export const snapPath = (id: string) => `projects/${PROJECT}/snapshots/${id}`;

export async function startEmulator(options: { clock?: Clock; dataDir?: string } = {}) {
  return startPubSubEmulator({ project: PROJECT, ...options });
}

export function client(emu: StartedPubSubEmulator): PubSub {
  return new PubSub({ projectId: PROJECT, apiEndpoint: emu.address, emulatorMode: true });
}

export function rawClients(emu: StartedPubSubEmulator) {
  const opts = {
    servicePath: emu.host,
    port: emu.port,
    sslCreds: credentials.createInsecure(),
    projectId: PROJECT,
  };
  const publisher = new v1.PublisherClient(opts);
  const subscriber = new v1.SubscriberClient(opts);
  return {
    publisher,
    subscriber,
    async close() {
      await publisher.close();
      await subscriber.close();
    },
  };
}

export const rest = (
  emu: StartedPubSubEmulator,
  path: string,
  init: { method?: string; body?: unknown } = {},
) =>
  fetch(`http://${emu.address}/v1/${path}`, {
    method: init.method ?? 'GET',
    headers: init.body === undefined ? {} : { 'content-type': 'application/json' },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });

/** Polls `check` until it returns truthy or the timeout passes. */
export async function waitFor<T>(
  check: () => T | Promise<T>,
  timeoutMs = 5000,
  what = 'condition',
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface RawGrpcAnswer {
  headers: http2.IncomingHttpHeaders;
  /** `grpc-status`, from the trailers or a trailers-only answer. */
  status: string;
  /** `grpc-message`, decoded. */
  message: string;
  body: Buffer;
}

/**
 * One gRPC call over node:http2 with hand-made bytes: `writes` (already length-prefixed, or
 * garbage) go out as separate DATA frames a macrotask apart, then the stream ends.
 */
export function rawGrpcCall(
  address: string,
  path: string,
  writes: Buffer[],
  extra: http2.OutgoingHttpHeaders = {},
): Promise<RawGrpcAnswer> {
  return new Promise((resolve, reject) => {
    const session = http2.connect(`http://${address}`);
    session.on('error', reject);
    const req = session.request({
      ':method': 'POST',
      ':path': path,
      'content-type': 'application/grpc',
      te: 'trailers',
      ...extra,
    });
    let headers: http2.IncomingHttpHeaders = {};
    let trailers: http2.IncomingHttpHeaders = {};
    const body: Buffer[] = [];
    req.on('response', (h) => {
      headers = h;
    });
    req.on('trailers', (t) => {
      trailers = t;
    });
    req.on('data', (d: Buffer) => body.push(d));
    req.on('end', () => {
      session.close();
      const all = { ...headers, ...trailers };
      resolve({
        headers,
        status: String(all['grpc-status']),
        message: decodeURIComponent(String(all['grpc-message'])),
        body: Buffer.concat(body),
      });
    });
    req.on('error', reject);
    (async () => {
      for (const w of writes) {
        req.write(w);
        await new Promise((r) => setImmediate(r));
      }
      req.end();
    })().catch(reject);
  });
}
