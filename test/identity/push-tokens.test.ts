// Acceptance 2 (push half): a Pub/Sub push subscription with pushConfig.oidcToken, created with
// @google-cloud/pubsub, pushes with an ID token google-auth-library verifies against the stack's
// DEVKIT_OIDC_CERTS_URL, and with Google's push headers.
import { randomUUID } from 'node:crypto';
import { PubSub } from '@google-cloud/pubsub';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { StartedStack } from '../../src/stack/index.ts';
import { createGoogleTokenVerifier } from '../../src/testing/verify-google-token.ts';
import {
  bearerOf,
  identityStack,
  type ReceivingService,
  receivingService,
  SERVICE_ACCOUNT,
  tamper,
  waitFor,
} from './helpers.ts';

const PUSH_AGENT = 'APIs-Google (+https://developers.google.com/webmasters/APIs-Google.html)';

describe('Pub/Sub push with oidcToken', () => {
  let stack: StartedStack;
  let pubsub: PubSub;
  let service: ReceivingService;

  beforeAll(async () => {
    stack = await identityStack({ services: ['pubsub'] });
    pubsub = new PubSub({
      projectId: 'devkit-local',
      apiEndpoint: stack.env.PUBSUB_EMULATOR_HOST,
      emulatorMode: true,
      universeDomain: 'googleapis.com', // no metadata-server probe
    });
    service = await receivingService();
  }, 60_000);

  afterAll(async () => {
    await pubsub?.close();
    await service?.[Symbol.asyncDispose]();
    await stack?.stop();
  });

  /** A topic and a push subscription on it; publishes one message and returns the push call. */
  async function pushOnce(pushConfig: Record<string, unknown>, path: string) {
    const id = randomUUID().slice(0, 8);
    const [topic] = await pubsub.createTopic(`t-${id}`);
    const [subscription] = await topic.createSubscription(`s-${id}`, {
      pushConfig: { pushEndpoint: `${service.url}${path}`, ...pushConfig },
    });
    await topic.publishMessage({ data: Buffer.from(`hello ${id}`) });
    const call = await waitFor(
      () => service.calls.find((c) => c.body.includes(Buffer.from(`hello ${id}`).toString('base64'))),
      `the push of ${id}`,
    );
    return { call, subscription };
  }

  test('the push carries an ID token for the configured audience, and Google push headers', async () => {
    const audience = 'https://push-handler-xyz-uc.a.run.app/pubsub';
    const { call, subscription } = await pushOnce(
      { oidcToken: { serviceAccountEmail: SERVICE_ACCOUNT, audience } },
      '/push',
    );
    expect(call.headers['user-agent']).toBe(PUSH_AGENT);
    expect(call.headers['content-type']).toBe('application/json');
    const verifier = createGoogleTokenVerifier({ env: stack.env });
    const token = bearerOf(call.headers);
    const payload = await verifier.verifyIdToken(token, { audience, email: SERVICE_ACCOUNT });
    expect(payload).toMatchObject({
      iss: 'https://accounts.google.com',
      aud: audience,
      email_verified: true,
    });
    await expect(verifier.verifyIdToken(token, { audience: 'https://another.run.app' })).rejects.toThrow(
      /audience/,
    );
    await expect(
      verifier.verifyIdToken(tamper(token, { exp: payload.exp + 86_400 }), { audience }),
    ).rejects.toThrow(/signature/i);
    const [metadata] = await subscription.getMetadata();
    expect(metadata.pushConfig?.oidcToken).toEqual({ serviceAccountEmail: SERVICE_ACCOUNT, audience });
  });

  test('without an audience the token is for the push endpoint URL, as documented', async () => {
    const { call } = await pushOnce({ oidcToken: { serviceAccountEmail: SERVICE_ACCOUNT } }, '/default?x=1');
    const endpoint = `${service.url}/default?x=1`;
    const payload = await createGoogleTokenVerifier({ env: stack.env }).verifyIdToken(
      bearerOf(call.headers),
      {
        audience: endpoint,
        email: SERVICE_ACCOUNT,
      },
    );
    expect(payload.aud).toBe(endpoint);
  });

  test('a push subscription without oidcToken sends no Authorization header', async () => {
    const { call } = await pushOnce({}, '/open');
    expect(call.headers.authorization).toBeUndefined();
    expect(call.headers['user-agent']).toBe(PUSH_AGENT);
  });

  test('an oidcToken without a service account is refused with INVALID_ARGUMENT', async () => {
    const [topic] = await pubsub.createTopic(`t-${randomUUID().slice(0, 8)}`);
    await expect(
      topic.createSubscription(`s-${randomUUID().slice(0, 8)}`, {
        pushConfig: { pushEndpoint: `${service.url}/x`, oidcToken: { audience: 'a' } },
      }),
    ).rejects.toMatchObject({ code: 3 });
  });
});
