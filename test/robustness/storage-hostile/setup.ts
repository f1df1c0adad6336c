// Shared plumbing of the hostile-input files: an emulator with one stored object, raw requests,
// and the checks every attack ends with (a 4xx, and the stored object still served).
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, expect } from 'vitest';
import { signingSetup } from '../../storage/signed-helpers.ts';
import { type HttpAnswer, httpRequest } from '../http-request.ts';
import { sendRaw } from '../raw-socket.ts';

export const KEEP = 'keep/known.txt';
export const KEEP_BYTES = Buffer.from('stored before the attack\n');
export const MiB = 1024 * 1024;

export let s: Awaited<ReturnType<typeof signingSetup>>;
export let port = 0;
export let B = '';

/** One emulator per test file, with the object every attack must leave readable. */
export function useHostileEmulator(): void {
  beforeAll(async () => {
    s = await signingSetup('hostile');
    port = Number(new URL(s.emu.url).port);
    B = s.bucket.name;
    await s.bucket.file(KEEP).save(KEEP_BYTES, { resumable: false });
  }, 20_000);
  afterAll(async () => {
    await s?.emu.stop();
  });
}

export type Answer = HttpAnswer;

/** One node:http request, bounded at 8 s. */
export const hit = (
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string | Buffer,
) => httpRequest('127.0.0.1', port, { method, path, headers, body, timeoutMs: 8_000 });

/** Status of a raw HTTP/1.1 exchange (`Connection: close` is the caller's job), or 0 for none. */
export async function rawStatus(bytes: Buffer, waitMs = 3_000) {
  const { received } = await sendRaw('127.0.0.1', port, [bytes], waitMs);
  const m = /^HTTP\/1\.1 (\d{3})/.exec(received.toString('latin1'));
  return m ? Number(m[1]) : 0;
}

/** The object stored before every attack still reads back, over the XML and the JSON API. */
export async function stillServes() {
  const xml = await hit('GET', `/${B}/${KEEP}`);
  expect(xml.status).toBe(200);
  expect(xml.body).toBe(KEEP_BYTES.toString());
  const json = await hit('GET', `/storage/v1/b/${B}/o/${encodeURIComponent(KEEP)}`);
  expect(json.status).toBe(200);
  expect(JSON.parse(json.body).size).toBe(String(KEEP_BYTES.length));
}

export function expect4xx(a: Answer | number, code?: number) {
  const status = typeof a === 'number' ? a : a.status;
  if (code !== undefined) expect(status).toBe(code);
  expect(status).toBeGreaterThanOrEqual(400);
  expect(status).toBeLessThan(500);
}

export const tag = (xml: string, name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];

export async function initiate(name: string) {
  const r = await hit('POST', `/${B}/${name}?uploads`);
  expect(r.status).toBe(200);
  return tag(r.body, 'UploadId')!;
}

export const completeBody = (parts: [number | string, string][]) =>
  `<CompleteMultipartUpload>${parts
    .map(([n, e]) => `<Part><PartNumber>${n}</PartNumber><ETag>${e}</ETag></Part>`)
    .join('')}</CompleteMultipartUpload>`;

export const sha = (k: Buffer) => createHash('sha256').update(k).digest('base64');
