// What Cloud Functions would refuse, the host refuses too (400 with the field at fault), and the
// Cloud Functions API paths the host does not serve answer 501 UNIMPLEMENTED, not a silent 404.
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type StartedFunctionsHost, startFunctionsHost } from '../../emulators/functions/index.ts';
import { type StartedPubSubEmulator, startPubSubEmulator } from '../../emulators/pubsub/index.ts';

const NODE = fileURLToPath(new URL('./fixtures/node-echo', import.meta.url));
const SLOW = fileURLToPath(new URL('./fixtures/node-slow', import.meta.url));
const PROJECT = 'functions-refusals';

let ps: StartedPubSubEmulator;
let host: StartedFunctionsHost;

beforeAll(async () => {
  ps = await startPubSubEmulator({ port: 0, project: PROJECT });
  host = await startFunctionsHost({ port: 0, project: PROJECT, pubsubHost: ps.address });
}, 30_000);

afterAll(async () => {
  await host?.stop();
  await ps?.stop();
});

const post = (body: Record<string, unknown>) =>
  fetch(`${host.url}/v1/functions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'fn', runtime: 'nodejs20', source: NODE, ...body }),
  });

async function deploy(body: Record<string, unknown>): Promise<{ status: number; message: string }> {
  const response = await post(body);
  const json = (await response.json()) as { error?: { message: string; status: string } };
  return { status: response.status, message: `${json.error?.status}: ${json.error?.message}` };
}

describe('functions host refusals', () => {
  test.each([
    [
      'an event trigger timeout over 540s',
      { trigger: { kind: 'topic', topic: 't' }, timeoutSeconds: 541 },
      /540 seconds/,
    ],
    ['retry on an HTTP trigger', { trigger: { kind: 'http' }, retry: true }, /event triggers only/],
    ['an unknown trigger kind', { trigger: { kind: 'firestore' } }, /unknown trigger kind "firestore"/],
    [
      'an event trigger with the http signature',
      { trigger: { kind: 'topic', topic: 't' }, signatureType: 'http' },
      /signature/,
    ],
    ['a name ending in a hyphen', { name: 'fn-', trigger: { kind: 'http' } }, /end with a letter or digit/],
    [
      'an X_GOOGLE_ env var',
      { trigger: { kind: 'http' }, env: { X_GOOGLE_FOO: '1' } },
      /X_GOOGLE_FOO is reserved/,
    ],
    ['a PORT env var', { trigger: { kind: 'http' }, env: { PORT: '9' } }, /PORT is reserved/],
    [
      'an env var name with =',
      { trigger: { kind: 'http' }, env: { 'A=B': '1' } },
      /may not be empty or hold "="/,
    ],
    ['an unknown field', { trigger: { kind: 'http' }, memory: '512MB' }, /unknown field\(s\) memory/],
    [
      'code that does not load',
      { trigger: { kind: 'http' }, entryPoint: 'missing' },
      /failed on loading user code/,
    ],
    ['a non-string env value', { trigger: { kind: 'http' }, env: { A: 1 } }, /A must be a string/],
  ])('refuses %s with 400 INVALID_ARGUMENT', async (_, body, message) => {
    const refused = await deploy(body);
    expect(refused.status).toBe(400);
    expect(refused.message).toMatch(/^INVALID_ARGUMENT: /);
    expect(refused.message).toMatch(message);
    const listed = (await (await fetch(`${host.url}/v1/functions`)).json()) as { functions: unknown[] };
    expect(listed.functions).toEqual([]);
  });

  test('an HTTP function may run 3600s; the Cloud Functions API paths answer 501', {
    timeout: 60_000,
  }, async () => {
    const ok = await post({
      name: 'long',
      entryPoint: 'onHttp',
      trigger: { kind: 'http' },
      timeoutSeconds: 3600,
    });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { timeout: string }).timeout).toBe('3600s');
    for (const path of [
      `/v2/projects/${PROJECT}/locations/us-central1/functions`,
      `/v1/projects/${PROJECT}/locations/us-central1/functions/long:call`,
    ]) {
      const response = await fetch(`${host.url}${path}`);
      expect(response.status).toBe(501);
      const body = (await response.json()) as { error: { status: string; message: string } };
      expect(body.error.status).toBe('UNIMPLEMENTED');
      expect(body.error.message).toMatch(/Cloud Functions API .* is not served here/);
    }
  });

  test('an HTTP function past its timeout answers 408 (1st gen), not a 500', {
    timeout: 60_000,
  }, async () => {
    const ok = await post({
      name: 'slow',
      source: SLOW,
      entryPoint: 'slow',
      trigger: { kind: 'http' },
      timeoutSeconds: 1,
    });
    expect([ok.status, await ok.text()]).toEqual([200, expect.any(String)]);
    const url = `${host.url}/${PROJECT}/us-central1/slow`;
    const quick = await fetch(`${url}?ms=0`);
    expect([quick.status, await quick.text()]).toEqual([200, 'late']);
    const late = await fetch(`${url}?ms=3000`);
    expect(late.status).toBe(408);
    expect(await late.text()).toMatch(/timed out/);
  });
});
