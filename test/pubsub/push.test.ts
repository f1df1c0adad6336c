// Push subscriptions against a local HTTP endpoint: envelope, ack on 2xx, backoff, ModifyPushConfig,
// Google's push headers and the OIDC token of pushConfig.oidcToken.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { manualClock } from '../../emulators/common/index.ts';
import { createIdentityIssuer } from '../../emulators/identity/index.ts';
import { startPubSubEmulator } from '../../emulators/pubsub/index.ts';
import { createGoogleTokenVerifier } from '../../src/testing/verify-google-token.ts';
import { rawClients, rest, startEmulator, subPath, topicPath, uid, waitFor } from './helpers.ts';

interface Pushed {
  body: { message: Record<string, unknown>; subscription: string; deliveryAttempt?: number };
  headers: http.IncomingHttpHeaders;
}

/** A push endpoint that answers each request with the next status from `statuses` (then 200). */
async function endpoint(statuses: number[] = []) {
  const received: Pushed[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ body: JSON.parse(Buffer.concat(chunks).toString()), headers: req.headers });
      res.writeHead(statuses.shift() ?? 200).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/push`,
    received,
    async [Symbol.asyncDispose]() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}

describe('push subscriptions', () => {
  it('POSTs the documented envelope and treats 2xx as an ack', async () => {
    await using ep = await endpoint();
    await using emu = await startEmulator();
    const raw = rawClients(emu);
    const t = topicPath(uid('t'));
    const s = subPath(uid('s'));
    await raw.publisher.createTopic({ name: t });
    await raw.subscriber.createSubscription({ name: s, topic: t, pushConfig: { pushEndpoint: ep.url } });
    const [res] = await raw.publisher.publish({
      topic: t,
      messages: [{ data: Buffer.from('hi'), attributes: { k: 'v' }, orderingKey: '' }],
    });
    await waitFor(() => ep.received.length === 1, 5000, 'push');
    const { body } = ep.received[0]!;
    expect(body.subscription).toBe(s);
    expect(body.message).toMatchObject({
      data: Buffer.from('hi').toString('base64'),
      attributes: { k: 'v' },
      messageId: res.messageIds![0],
      message_id: res.messageIds![0],
    });
    expect(Date.parse(body.message.publishTime as string)).toBeGreaterThan(0);
    expect(body.message.publish_time).toBe(body.message.publishTime);
    await waitFor(() => emu.state.subs.get(s)!.unacked === 0, 5000, 'ack after 2xx');
    await raw.close();
  });

  it('redelivers non-2xx answers with growing backoff, then acks', async () => {
    const clock = manualClock();
    await using ep = await endpoint([500, 503]);
    await using emu = await startEmulator({ clock });
    const raw = rawClients(emu);
    const t = topicPath(uid('t'));
    const s = subPath(uid('s'));
    const dlq = topicPath(uid('dlq'));
    await raw.publisher.createTopic({ name: t });
    await raw.publisher.createTopic({ name: dlq });
    await raw.subscriber.createSubscription({
      name: s,
      topic: t,
      pushConfig: { pushEndpoint: ep.url },
      deadLetterPolicy: { deadLetterTopic: dlq, maxDeliveryAttempts: 10 },
    });
    await raw.publisher.publish({ topic: t, messages: [{ data: Buffer.from('x') }] });
    await waitFor(() => ep.received.length === 1, 5000, 'first push');
    await new Promise((r) => setTimeout(r, 100));
    expect(ep.received).toHaveLength(1);
    await clock.advance(1_000);
    await waitFor(() => ep.received.length === 2, 5000, 'second push after 1 s');
    await new Promise((r) => setTimeout(r, 50));
    await clock.advance(1_000);
    await new Promise((r) => setTimeout(r, 100));
    expect(ep.received).toHaveLength(2);
    await clock.advance(1_000);
    await waitFor(() => ep.received.length === 3, 5000, 'third push after 2 s more');
    expect(ep.received.map((r) => r.body.deliveryAttempt)).toEqual([1, 2, 3]);
    await waitFor(() => emu.state.subs.get(s)!.unacked === 0, 5000, 'acked');
    await raw.close();
  });

  it('switches push to pull and back with ModifyPushConfig', async () => {
    await using ep = await endpoint();
    await using emu = await startEmulator();
    const raw = rawClients(emu);
    const t = topicPath(uid('t'));
    const s = subPath(uid('s'));
    await raw.publisher.createTopic({ name: t });
    await raw.subscriber.createSubscription({ name: s, topic: t, pushConfig: { pushEndpoint: ep.url } });
    const refused = await raw.subscriber
      .pull({ subscription: s, maxMessages: 1, returnImmediately: true })
      .then(
        () => 0,
        (e: { code: number }) => e.code,
      );
    expect(refused).toBe(9); // FAILED_PRECONDITION: not supported for push subscriptions
    await raw.subscriber.modifyPushConfig({ subscription: s, pushConfig: {} });
    const [sub] = await raw.subscriber.getSubscription({ subscription: s });
    expect(sub.pushConfig?.pushEndpoint ?? '').toBe('');
    await raw.publisher.publish({ topic: t, messages: [{ data: Buffer.from('pulled') }] });
    const [res] = await raw.subscriber.pull({ subscription: s, maxMessages: 5 });
    expect(res.receivedMessages).toHaveLength(1);
    await raw.subscriber.acknowledge({ subscription: s, ackIds: [res.receivedMessages![0]!.ackId!] });
    expect(ep.received).toHaveLength(0);
    await raw.subscriber.modifyPushConfig({ subscription: s, pushConfig: { pushEndpoint: ep.url } });
    await raw.publisher.publish({ topic: t, messages: [{ data: Buffer.from('pushed') }] });
    await waitFor(() => ep.received.length === 1, 5000, 'push after switching back');
    expect(Buffer.from(ep.received[0]!.body.message.data as string, 'base64').toString()).toBe('pushed');
    await raw.close();
  });
});

describe('push without the envelope', () => {
  it('sends raw data and metadata headers with no_wrapper.write_metadata', async () => {
    const got: { body: string; headers: http.IncomingHttpHeaders }[] = [];
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        got.push({ body: Buffer.concat(chunks).toString(), headers: req.headers });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      await using emu = await startEmulator();
      const raw = rawClients(emu);
      const t = topicPath(uid('t'));
      const s = subPath(uid('s'));
      await raw.publisher.createTopic({ name: t });
      const pushEndpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/raw`;
      await raw.subscriber.createSubscription({
        name: s,
        topic: t,
        pushConfig: { pushEndpoint, noWrapper: { writeMetadata: true } },
      });
      const [res] = await raw.publisher.publish({
        topic: t,
        messages: [{ data: Buffer.from('raw body'), attributes: { kind: 'x' } }],
      });
      await waitFor(() => got.length === 1, 5000, 'raw push');
      expect(got[0]!.body).toBe('raw body');
      expect(got[0]!.headers['x-goog-pubsub-message-id']).toBe(res.messageIds![0]);
      expect(got[0]!.headers['x-goog-pubsub-subscription-name']).toBe(s);
      expect(got[0]!.headers.kind).toBe('x');
      await waitFor(() => emu.state.subs.get(s)!.unacked === 0, 5000, 'ack after 204');
      await raw.close();
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });

  it('sends Google push headers, and an ID token once ModifyPushConfig adds oidcToken', async () => {
    await using ep = await endpoint();
    const identity = await createIdentityIssuer();
    await using emu = await startPubSubEmulator({ project: 'test-project', identity });
    const raw = rawClients(emu);
    const t = topicPath(uid('t'));
    const s = subPath(uid('s'));
    await raw.publisher.createTopic({ name: t });
    await raw.subscriber.createSubscription({ name: s, topic: t, pushConfig: { pushEndpoint: ep.url } });
    const publish = (text: string) =>
      raw.publisher.publish({ topic: t, messages: [{ data: Buffer.from(text), orderingKey: '' }] });
    await publish('plain');
    await waitFor(() => ep.received.length === 1, 10_000, 'first push');
    expect(ep.received[0]!.headers).toMatchObject({
      'user-agent': 'APIs-Google (+https://developers.google.com/webmasters/APIs-Google.html)',
      'content-type': 'application/json',
    });
    expect(ep.received[0]!.headers.authorization).toBeUndefined();

    const serviceAccountEmail = 'pusher@test-project.iam.gserviceaccount.com';
    await raw.subscriber.modifyPushConfig({
      subscription: s,
      pushConfig: { pushEndpoint: ep.url, oidcToken: { serviceAccountEmail } },
    });
    const shown = (await (await rest(emu, s)).json()) as { pushConfig: Record<string, unknown> };
    expect(shown.pushConfig.oidcToken).toEqual({ serviceAccountEmail });
    await publish('signed');
    await waitFor(() => ep.received.length === 2, 10_000, 'second push');
    const authorization = ep.received[1]!.headers.authorization ?? '';
    const certsUrl = `http://${emu.address}/oauth2/v1/certs`;
    const payload = await createGoogleTokenVerifier({ certsUrl }).verifyIdToken(authorization, {
      audience: ep.url,
      email: serviceAccountEmail,
    });
    expect(payload.iss).toBe('https://accounts.google.com');
    await raw.close();
  });
});
