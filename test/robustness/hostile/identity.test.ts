// Hostile input against the identity surface on the Storage port: `POST /token` with malformed
// JWT-bearer assertions and tokeninfo with garbage. Each answers an OAuth 4xx in time, and the
// key file minted first still gets a token afterwards.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signingSetup } from '../../storage/signed-helpers.ts';
import { big, call, expectRefused } from './setup.ts';

let s: Awaited<ReturnType<typeof signingSetup>>;
const GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const b64 = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');

/** POST /token with a form body. */
const token = (form: Record<string, string> | string) =>
  call(`${s.emu.url}/token`, {
    body: typeof form === 'string' ? form : new URLSearchParams(form).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });

beforeAll(async () => {
  s = await signingSetup('hostile');
});

afterAll(async () => {
  // The bucket made before the attacks is still there.
  const [exists] = await s.bucket.exists();
  expect(exists).toBe(true);
  await s[Symbol.asyncDispose]();
}, 30_000);

describe('token endpoint with malformed assertions', () => {
  it('an assertion whose header or claims are JSON null or an array is a 400 OAuth error, not 500', async () => {
    for (const assertion of [
      `${b64({ alg: 'RS256' })}.${b64('null')}.x`,
      `${b64('null')}.${b64({ a: 1 })}.x`,
      `${b64('[]')}.${b64('[1]')}.x`,
    ]) {
      const a = await token({ grant_type: GRANT, assertion });
      expectRefused(a, 400);
      expect(a.text).toMatch(/"error":"invalid_(grant|request)"/);
    }
  });

  it('garbage, huge, alg none and JSON bombs are 400 OAuth errors', async () => {
    const now = Math.floor(Date.now() / 1000);
    const claims = {
      iss: s.key.client_email,
      aud: 'https://oauth2.googleapis.com/token',
      iat: now,
      exp: now + 600,
      scope: 'x',
    };
    const assertions = [
      '',
      'a.b',
      'a.b.c.d',
      '!!!.@@@.###',
      `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`,
      `${b64({ alg: 'RS256', kid: s.key.private_key_id })}.${b64(claims)}.${b64('forged')}`,
      `${b64({ alg: 'HS256' })}.${b64(claims)}.${b64('x')}`,
      `${b64('[1,2')}.${b64(claims)}.x`,
      `${b64(`${'['.repeat(100_000)}${']'.repeat(100_000)}`)}.${b64(claims)}.x`,
      `${b64({ alg: 'RS256' })}.${b64(`{"a":${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}}`)}.x`,
      `${b64({ alg: 'RS256' })}.${big(3 * 2 ** 20)}.x`,
      `${b64({ alg: 'RS256', kid: big(100_000) })}.${b64({ ...claims, iss: big(100_000) })}.x`,
      `${b64({ alg: 'RS256' })}.${b64(42)}.x`,
    ];
    for (const assertion of assertions) {
      const a = await token({ grant_type: GRANT, assertion });
      expectRefused(a, [400, 401, 413]);
      if (a.status === 400) expect(a.json).toHaveProperty('error');
    }
    expectRefused(await token({ grant_type: 'garbage', assertion: 'x' }), 400);
    expectRefused(await token('%%%%&&&==='), 400);
    expectRefused(await token(`grant_type=${GRANT}&assertion=${big(100_000, '%')}`), [400, 413]);
  });
});

describe('tokeninfo with garbage', () => {
  it('an id_token whose header or claims are JSON null is 400, not 500', async () => {
    for (const t of [
      `${b64('null')}.${b64({ a: 1 })}.x`,
      `${b64({ alg: 'RS256', kid: 'k' })}.${b64('null')}.x`,
    ]) {
      expectRefused(await call(`${s.emu.url}/oauth2/v3/tokeninfo?id_token=${t}`), 400);
    }
  });

  it('unknown, huge and malformed tokens are 400', async () => {
    const info = (q: string) => call(`${s.emu.url}/oauth2/v3/tokeninfo?${q}`);
    for (const q of [
      'access_token=garbage',
      'id_token=a.b.c',
      `access_token=${big(50_000)}`,
      'access_token=%ZZ',
      '',
      'id_token=&access_token=',
    ]) {
      expectRefused(await info(q), 400);
    }
    const post = await call(`${s.emu.url}/oauth2/v3/tokeninfo`, {
      body: `id_token=${b64({ alg: 'none' })}.${b64({ a: 1 })}.`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expectRefused(post, 400);
  });
});
