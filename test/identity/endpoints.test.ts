// The issuer's HTTP surface on the emulator ports: Google's two certs forms, discovery and
// tokeninfo; one issuer shared by the stack's ports, one of its own for an emulator started alone.
import { createPublicKey, createVerify, X509Certificate } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createIdentityIssuer, type StartedIssuer } from '../../emulators/identity/index.ts';
import { startPubSubEmulator } from '../../emulators/pubsub/index.ts';
import { startSchedulerEmulator } from '../../emulators/scheduler/index.ts';
import type { StartedStack } from '../../src/stack/index.ts';
import { identityStack, SERVICE_ACCOUNT, tamper } from './helpers.ts';

const getJson = async (url: string, init?: RequestInit) => {
  const res = await fetch(url, init);
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
};

describe('issuer endpoints', () => {
  let stack: StartedStack;
  let issuer: StartedIssuer;
  let schedulerBase: string;

  beforeAll(async () => {
    issuer = await createIdentityIssuer();
    stack = await identityStack({});
    schedulerBase = `http://${stack.env.CLOUD_SCHEDULER_EMULATOR_HOST}`;
  }, 60_000);
  afterAll(async () => {
    await stack?.stop();
  });

  test('the stack exports its URLs on the Pub/Sub port, and the Scheduler port serves the same key', async () => {
    expect(stack.env.DEVKIT_OIDC_CERTS_URL).toBe(`http://${stack.env.PUBSUB_EMULATOR_HOST}/oauth2/v1/certs`);
    expect(stack.env.DEVKIT_OIDC_JWKS_URL).toBe(`http://${stack.env.PUBSUB_EMULATOR_HOST}/oauth2/v3/certs`);
    const fromPubsub = await getJson(stack.env.DEVKIT_OIDC_CERTS_URL!);
    const fromScheduler = await getJson(`${schedulerBase}/oauth2/v1/certs`);
    expect(fromScheduler.body).toEqual(fromPubsub.body);
    expect(fromPubsub.headers.get('cache-control')).toMatch(/max-age=60/);
  });

  test('v1 certs are X.509 certificates and v3 a JWKS of the same RSA key', async () => {
    const pem = (await getJson(stack.env.DEVKIT_OIDC_CERTS_URL!)).body;
    const [kid, cert] = Object.entries(pem)[0] as [string, string];
    expect(kid).toMatch(/^[0-9a-f]{40}$/);
    const x509 = new X509Certificate(cert);
    expect(x509.publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
    const { keys } = (await getJson(stack.env.DEVKIT_OIDC_JWKS_URL!)).body as {
      keys: Array<Record<string, string>>;
    };
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({ kid, kty: 'RSA', alg: 'RS256', use: 'sig', e: 'AQAB' });
    const jwkKey = createPublicKey({ key: keys[0] as never, format: 'jwk' });
    expect(jwkKey.equals(x509.publicKey)).toBe(true);
  });

  test('discovery names Google as issuer and this port for the JWKS', async () => {
    const { status, body } = await getJson(`${schedulerBase}/.well-known/openid-configuration`);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      issuer: 'https://accounts.google.com',
      jwks_uri: `${schedulerBase}/oauth2/v3/certs`,
      id_token_signing_alg_values_supported: ['RS256'],
    });
  });

  test('tokeninfo answers for ID and access tokens of its issuer only', async () => {
    const standalone = await startSchedulerEmulator({ port: 0, identity: issuer });
    try {
      const base = `http://${standalone.address}/oauth2/v3/tokeninfo`;
      const idToken = await issuer.mintIdToken({
        serviceAccountEmail: SERVICE_ACCOUNT,
        audience: 'https://a',
      });
      const info = await getJson(`${base}?id_token=${idToken}`);
      expect(info.status).toBe(200);
      expect(info.body).toMatchObject({
        iss: 'https://accounts.google.com',
        aud: 'https://a',
        email: SERVICE_ACCOUNT,
        email_verified: 'true',
        alg: 'RS256',
        kid: issuer.kid,
      });
      expect(Number(info.body.exp) - Number(info.body.iat)).toBe(3600);
      const altered = await getJson(`${base}?id_token=${tamper(idToken, { aud: 'https://b' })}`);
      expect(altered).toMatchObject({ status: 400, body: { error: 'invalid_token' } });

      const access = await issuer.mintAccessToken({
        serviceAccountEmail: SERVICE_ACCOUNT,
        scope: ['s1', 's2'],
      });
      const byForm = await getJson(base, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `access_token=${access}`,
      });
      expect(byForm.body).toMatchObject({ email: SERVICE_ACCOUNT, scope: 's1 s2', email_verified: 'true' });
      expect(Number(byForm.body.expires_in)).toBeGreaterThan(3500);
      const byHeader = await getJson(base, {
        method: 'POST',
        headers: { authorization: `Bearer ${access}` },
      });
      expect(byHeader.body.email).toBe(SERVICE_ACCOUNT);
      // The stack's issuer is another key: it does not know this token.
      const elsewhere = await getJson(`${stack.env.DEVKIT_OAUTH_TOKENINFO_URL}?access_token=${access}`);
      expect(elsewhere.status).toBe(400);
      expect((await getJson(base)).status).toBe(400);
      expect((await fetch(`http://${standalone.address}/oauth2/v1/certs`, { method: 'DELETE' })).status).toBe(
        405,
      );
    } finally {
      await standalone.stop();
    }
  });

  test('an emulator started alone serves its own key and signs with it', async () => {
    const pubsub = await startPubSubEmulator({ port: 0 });
    try {
      const own = (await getJson(`http://${pubsub.address}/oauth2/v1/certs`)).body;
      const stackCerts = (await getJson(stack.env.DEVKIT_OIDC_CERTS_URL!)).body;
      expect(Object.keys(own)).toHaveLength(1);
      expect(Object.keys(own)[0]).not.toBe(Object.keys(stackCerts)[0]);
      const token = await issuer.mintIdToken({ serviceAccountEmail: SERVICE_ACCOUNT, audience: 'x' });
      const [head, body, sig] = token.split('.') as [string, string, string];
      const verify = (certPem: string) =>
        createVerify('RSA-SHA256').update(`${head}.${body}`).verify(certPem, Buffer.from(sig, 'base64url'));
      expect(verify(issuer.pemCerts()[issuer.kid]!)).toBe(true);
      expect(verify(Object.values(own)[0] as string)).toBe(false);
    } finally {
      await pubsub.stop();
    }
  });
});
