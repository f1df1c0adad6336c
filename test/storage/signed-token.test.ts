// The local token endpoint on the Storage port: a JWT-bearer assertion signed with a minted key
// file (what google-auth for Python sends to the file's token_uri) becomes a token tokeninfo knows.
import { createSign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { call } from './helpers.ts';
import { signingSetup } from './signed-helpers.ts';

const b64url = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');

function assertion(
  key: { private_key: string; private_key_id: string; client_email: string },
  claims: object,
) {
  const now = Math.floor(Date.now() / 1000);
  const head = b64url({ alg: 'RS256', typ: 'JWT', kid: key.private_key_id });
  const body = b64url({
    iss: key.client_email,
    aud: 'https://oauth2.googleapis.com/token',
    iat: now,
    exp: now + 3600,
    ...claims,
  });
  const sig = createSign('RSA-SHA256').update(`${head}.${body}`).sign(key.private_key).toString('base64url');
  return `${head}.${body}.${sig}`;
}

const grant = (jwt: string) =>
  new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: jwt });

describe('local token endpoint', () => {
  it('key file token_uri points here; access and ID tokens for a valid assertion, invalid_grant otherwise', async () => {
    await using s = await signingSetup('token');
    expect(s.key.token_uri).toBe(`${s.emu.url}/token`);
    expect(s.key.type).toBe('service_account');

    const scope = 'https://www.googleapis.com/auth/devstorage.read_write';
    const ok = await call(s.key.token_uri, { method: 'POST', body: grant(assertion(s.key, { scope })) });
    expect(ok.status).toBe(200);
    expect(ok.body.token_type).toBe('Bearer');
    expect(ok.body.access_token).toMatch(/^ya29\./);
    const info = await call(`${s.emu.url}/oauth2/v3/tokeninfo?access_token=${ok.body.access_token}`);
    expect(info.status).toBe(200);
    expect(info.body.email).toBe(s.key.client_email);
    expect(info.body.scope).toBe(scope);

    const id = await call(s.key.token_uri, {
      method: 'POST',
      body: grant(assertion(s.key, { target_audience: 'https://my-service.example' })),
    });
    expect(id.status).toBe(200);
    const idInfo = await call(`${s.emu.url}/oauth2/v3/tokeninfo?id_token=${id.body.id_token}`);
    expect(idInfo.body.aud).toBe('https://my-service.example');
    expect(idInfo.body.email).toBe(s.key.client_email);

    const forged = assertion(s.key, { scope }).replace(/\.[^.]+$/, '.AAAA');
    const bad = await call(s.key.token_uri, { method: 'POST', body: grant(forged) });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toBe('invalid_grant');
    const stale = assertion(s.key, { iat: 1_000_000, exp: 1_003_600 });
    expect((await call(s.key.token_uri, { method: 'POST', body: grant(stale) })).body.error).toBe(
      'invalid_grant',
    );
    const wrongGrant = await call(s.key.token_uri, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'password' }),
    });
    expect(wrongGrant.body.error).toBe('unsupported_grant_type');
  });
});
