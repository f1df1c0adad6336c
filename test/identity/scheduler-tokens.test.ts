// Acceptance 1 and the oauthToken half of 2: Scheduler HTTP jobs created with @google-cloud/scheduler
// and run with RunJob carry tokens the receiver verifies with google-auth-library against the
// stack's DEVKIT_OIDC_CERTS_URL / DEVKIT_OAUTH_TOKENINFO_URL; altered tokens and other audiences fail.
import { randomUUID } from 'node:crypto';
import type { CloudSchedulerClient } from '@google-cloud/scheduler';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { StartedStack } from '../../src/stack/index.ts';
import { createGoogleTokenVerifier } from '../../src/testing/verify-google-token.ts';
import { schedulerClient } from '../scheduler/helpers.ts';
import {
  bearerOf,
  identityStack,
  type ReceivingService,
  receivingService,
  SERVICE_ACCOUNT,
  tamper,
  waitFor,
} from './helpers.ts';

const PARENT = 'projects/devkit-local/locations/us-central1';

describe('Scheduler HTTP targets with tokens', () => {
  let stack: StartedStack;
  let client: CloudSchedulerClient;
  let service: ReceivingService;

  beforeAll(async () => {
    stack = await identityStack();
    client = schedulerClient(stack.env.CLOUD_SCHEDULER_EMULATOR_HOST!);
    service = await receivingService();
  }, 60_000);

  afterAll(async () => {
    await client?.close();
    await service?.[Symbol.asyncDispose]();
    await stack?.stop();
  });

  /** Creates an HTTP job, runs it once with RunJob, and returns the call the service received. */
  async function runOnce(httpTarget: Record<string, unknown>) {
    const name = `${PARENT}/jobs/tok-${randomUUID().slice(0, 8)}`;
    await client.createJob({ parent: PARENT, job: { name, schedule: '0 0 1 1 *', httpTarget } });
    const before = service.calls.length;
    await client.runJob({ name });
    await waitFor(() => service.calls.length > before, `a call from ${name}`);
    return { name, call: service.calls[before]! };
  }

  test('an oidcToken job sends an ID token google-auth-library verifies: issuer, audience, email', async () => {
    const verifier = createGoogleTokenVerifier({ env: stack.env });
    const audience = 'https://hello-abc123-uc.a.run.app';
    const { name, call } = await runOnce({
      uri: `${service.url}/tick?from=scheduler`,
      oidcToken: { serviceAccountEmail: SERVICE_ACCOUNT, audience },
    });
    expect(call.headers).toMatchObject({
      'user-agent': 'Google-Cloud-Scheduler',
      'x-cloudscheduler': 'true',
      'x-cloudscheduler-jobname': name.split('/').pop(),
    });
    expect(call.headers['x-cloudscheduler-scheduletime']).toMatch(
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/,
    );
    const token = bearerOf(call.headers);
    const payload = await verifier.verifyIdToken(token, { audience, email: SERVICE_ACCOUNT });
    expect(payload).toMatchObject({
      iss: 'https://accounts.google.com',
      aud: audience,
      email: SERVICE_ACCOUNT,
      email_verified: true,
    });
    expect(payload.sub).toMatch(/^\d{21}$/);
    expect(payload.azp).toBe(payload.sub);
    expect(payload.exp - payload.iat).toBe(3600);
    expect(Math.abs(payload.iat - Date.now() / 1000)).toBeLessThan(300);

    await expect(verifier.verifyIdToken(token, { audience: 'https://someone-else.run.app' })).rejects.toThrow(
      /audience/,
    );
    await expect(
      verifier.verifyIdToken(tamper(token, { email: 'attacker@evil.iam.gserviceaccount.com' }), { audience }),
    ).rejects.toThrow(/signature/i);
    await expect(
      verifier.verifyIdToken(tamper(token, { aud: 'https://x' }), { audience: 'https://x' }),
    ).rejects.toThrow(/signature/i);
    await expect(
      verifier.verifyIdToken(token, { audience, email: 'other@p.iam.gserviceaccount.com' }),
    ).rejects.toThrow(/not other@/);
  });

  test('without an audience the token is for the target URI, as Google defaults it', async () => {
    const uri = `${service.url}/default-audience?x=1`;
    const { call } = await runOnce({ uri, oidcToken: { serviceAccountEmail: SERVICE_ACCOUNT } });
    const payload = await createGoogleTokenVerifier({ env: stack.env }).verifyIdToken(
      bearerOf(call.headers),
      {
        audience: uri,
      },
    );
    expect(payload.aud).toBe(uri);
  });

  test('an oauthToken job sends an access token the tokeninfo endpoint vouches for', async () => {
    const verifier = createGoogleTokenVerifier({ env: stack.env });
    const scope = 'https://www.googleapis.com/auth/dataflow';
    const { call } = await runOnce({
      uri: `${service.url}/dataflow`,
      oauthToken: { serviceAccountEmail: SERVICE_ACCOUNT, scope },
    });
    const token = bearerOf(call.headers);
    expect(token).toMatch(/^ya29\./);
    const info = await verifier.verifyAccessToken(token, { email: SERVICE_ACCOUNT, scope });
    expect(info.scopes).toEqual([scope]);
    expect(info.expiry_date - Date.now()).toBeGreaterThan(3000_000);
    const other = token.replace(/\.([^.]+)\.([^.]+)$/, (_m, body: string, mac: string) => `.${body}x.${mac}`);
    await expect(verifier.verifyAccessToken(other)).rejects.toThrow();
    await expect(
      verifier.verifyAccessToken(token, { scope: 'https://www.googleapis.com/auth/cloud-platform' }),
    ).rejects.toThrow(/lacks scope/);

    const defaulted = await runOnce({
      uri: `${service.url}/df2`,
      oauthToken: { serviceAccountEmail: SERVICE_ACCOUNT },
    });
    const scopes = (await verifier.verifyAccessToken(bearerOf(defaulted.call.headers))).scopes;
    expect(scopes).toEqual(['https://www.googleapis.com/auth/cloud-platform']);
  });

  test('over REST (proto3 JSON) an oidcToken job is kept, shown and honoured', async () => {
    const base = `http://${stack.env.CLOUD_SCHEDULER_EMULATOR_HOST}/v1`;
    const name = `${PARENT}/jobs/rest-${randomUUID().slice(0, 8)}`;
    const audience = 'https://rest-caller.example';
    const created = await fetch(`${base}/${PARENT}/jobs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        name,
        schedule: '0 0 1 1 *',
        httpTarget: {
          uri: `${service.url}/rest`,
          oidcToken: { serviceAccountEmail: SERVICE_ACCOUNT, audience },
        },
      }),
    });
    const shown = (await created.json()) as { httpTarget: Record<string, unknown> };
    expect(created.status, JSON.stringify(shown)).toBe(200);
    expect(shown.httpTarget.oidcToken).toEqual({ serviceAccountEmail: SERVICE_ACCOUNT, audience });
    const before = service.calls.length;
    expect((await fetch(`${base}/${name}:run`, { method: 'POST', body: '{}' })).status).toBe(200);
    await waitFor(() => service.calls.length > before, 'the REST-run call');
    const payload = await createGoogleTokenVerifier({ env: stack.env }).verifyIdToken(
      bearerOf(service.calls[before]!.headers),
      { audience, email: SERVICE_ACCOUNT },
    );
    expect(payload.aud).toBe(audience);
  });

  test('a job without a token sends no token of its own (a user Authorization header passes)', async () => {
    const { call } = await runOnce({ uri: `${service.url}/open`, headers: { Authorization: 'Bearer mine' } });
    expect(call.headers.authorization).toBe('Bearer mine');
  });
});
