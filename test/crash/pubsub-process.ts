// Crash-test plumbing: a Pub/Sub emulator child process on a data dir (SIGKILLed, restarted) and
// the official client's GAPIC layer pointed at it with retries off, so a kill shows as an error.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { v1 } from '@google-cloud/pubsub';
import { credentials } from '@grpc/grpc-js';

process.env.METADATA_SERVER_DETECTION ??= 'none';

export const PROJECT = 'crash-test';
const CHILD = fileURLToPath(new URL('./pubsub-child.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The child script bundled into one ESM file (esbuild, which tsx ships), so each restart is a plain
 * `node` start: under tsx's loader a restart costs about twice as long, times ten rounds. Kept in
 * node_modules/.cache so it resolves the same packages; `remove` deletes it.
 */
export async function bundleChild(): Promise<{ file: string; remove(): Promise<void> }> {
  const require = createRequire(import.meta.url);
  const esbuild = createRequire(require.resolve('tsx/package.json'))('esbuild') as {
    build(options: Record<string, unknown>): Promise<unknown>;
  };
  const dir = path.join(ROOT, 'node_modules', '.cache', 'devkit-crash');
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `pubsub-child-${process.pid}-${Date.now()}.mjs`);
  await esbuild.build({
    entryPoints: [CHILD],
    outfile: file,
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    logLevel: 'warning',
  });
  return { file, remove: () => rm(file, { force: true }) };
}

export interface EmulatorProcess {
  address: string;
  child: ChildProcess;
  stderr(): string;
  /** SIGKILL, then wait until the process is gone. */
  kill(): Promise<void>;
}

/** `script`: a bundle from `bundleChild`; without one the TypeScript child runs under tsx. */
export function spawnPubSub(dataDir: string, script?: string, timeoutMs = 30_000): Promise<EmulatorProcess> {
  const args = script ? [script, dataDir] : ['--import', 'tsx', CHILD, dataDir];
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr!.on('data', (d: Buffer) => {
    err += d.toString();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const kill = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void kill();
      reject(new Error(`pubsub child not ready within ${timeoutMs} ms\n${out}\n${err}`));
    }, timeoutMs);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const match = /ready (\S+)\n/.exec(out);
      if (!match) return;
      clearTimeout(timer);
      resolve({ address: match[1]!, child, stderr: () => err, kill });
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`pubsub child exited before it was ready\n${out}\n${err}`));
    });
  });
}

export function gapicClients(address: string) {
  const [host, port] = [
    address.slice(0, address.lastIndexOf(':')),
    Number(address.slice(address.lastIndexOf(':') + 1)),
  ];
  const opts = { servicePath: host, port, sslCreds: credentials.createInsecure(), projectId: PROJECT };
  const publisher = new v1.PublisherClient(opts);
  const subscriber = new v1.SubscriberClient(opts);
  return {
    publisher,
    subscriber,
    async close() {
      await Promise.allSettled([publisher.close(), subscriber.close()]);
    },
  };
}

/** One attempt, no client-side retry or bundling: an answer acknowledges exactly this request. */
export const ONCE = { retry: null, timeout: 15_000, isBundling: false } as const;

export const topicPath = (id: string) => `projects/${PROJECT}/topics/${id}`;
export const subPath = (id: string) => `projects/${PROJECT}/subscriptions/${id}`;
export const snapPath = (id: string) => `projects/${PROJECT}/snapshots/${id}`;

/** A small seeded generator (mulberry32), so a failing run can be repeated with its seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
