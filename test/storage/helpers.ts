// Shared setup for the storage tests: start an emulator, build official clients against it, and
// make bucket names no other test uses.
import { randomBytes } from 'node:crypto';
import { Storage } from '@google-cloud/storage';
import { createLogger } from '../../emulators/common/index.ts';
import { type StorageEmulatorOptions, startStorageEmulator } from '../../emulators/storage/index.ts';

export const PROJECT = 'storage-test';

export function startEmulator(options: StorageEmulatorOptions = {}) {
  return startStorageEmulator({ project: PROJECT, logger: createLogger('silent'), ...options });
}

/** A client using `apiEndpoint` (paths under /storage/v1). */
export function clientFor(url: string): Storage {
  return new Storage({ apiEndpoint: url, projectId: PROJECT, retryOptions: { autoRetry: false } });
}

/** A client configured the way STORAGE_EMULATOR_HOST configures it (paths without /storage/v1). */
export function envClientFor(url: string): Storage {
  const before = process.env.STORAGE_EMULATOR_HOST;
  process.env.STORAGE_EMULATOR_HOST = url;
  try {
    return new Storage({ projectId: PROJECT, retryOptions: { autoRetry: false } });
  } finally {
    if (before === undefined) delete process.env.STORAGE_EMULATOR_HOST;
    else process.env.STORAGE_EMULATOR_HOST = before;
  }
}

export function bucketName(tag: string): string {
  return `t-${tag}-${randomBytes(4).toString('hex')}`;
}

export function bytes(n: number, seed = 1): Buffer {
  const out = Buffer.alloc(n);
  let x = seed * 2654435761;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

// biome-ignore lint/suspicious/noExplicitAny: tests poke at arbitrary JSON responses
export type Json = any;

/** Status and parsed JSON (if any) of a raw fetch. */
export async function call(
  url: string,
  init: RequestInit = {},
): Promise<{ status: number; body: Json; headers: Headers }> {
  const res = await fetch(url, init);
  const text = await res.text();
  let body: Json = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {}
  return { status: res.status, body, headers: res.headers };
}
