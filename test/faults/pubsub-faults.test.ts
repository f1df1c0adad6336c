// Pub/Sub fault injection over the wire: rules armed at /_devkit/faults on the emulator's one port,
// their effects seen by the official client (errors, lost acks, duplicates, reconnects, push retries).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as grpc from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { manualClock } from '../../emulators/common/index.ts';
import type { FaultRuleInput } from '../../emulators/faults/index.ts';
import { type StartedPubSubEmulator, startPubSubEmulator } from '../../emulators/pubsub/index.ts';
import {
  client,
  rawClients,
  rest,
  sleep,
  startEmulator,
  subPath,
  topicPath,
  uid,
  waitFor,
} from '../pubsub/helpers.ts';

/** What the admin endpoint and REST errors answer, as far as these tests read them. */
interface AdminBody {
  rules: { id: string; hits: number }[];
  events: unknown[];
  error?: { message: string; status: string };
}

async function admin(emu: StartedPubSubEmulator, method: string, body?: unknown) {
  const res = await fetch(`http://${emu.address}/_devkit/faults`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as AdminBody };
}

async function arm(emu: StartedPubSubEmulator, rules: FaultRuleInput[]) {
  const res = await admin(emu, 'POST', { rules });
  expect(res.status).toBe(200);
}

async function hits(emu: StartedPubSubEmulator): Promise<Record<string, number>> {
  const res = await admin(emu, 'GET');
  return Object.fromEntries(res.body.rules.map((r) => [r.id, r.hits]));
}

/** A topic and subscription with fresh names, created through the raw clients. */
async function topology(emu: StartedPubSubEmulator, sub: Record<string, unknown> = {}) {
  const raw = rawClients(emu);
  const topicId = uid('t');
  const subId = uid('s');
  await raw.publisher.createTopic({ name: topicPath(topicId) });
  await raw.subscriber.createSubscription({ name: subPath(subId), topic: topicPath(topicId), ...sub });
  const publish = (...data: string[]) =>
    raw.publisher.publish({
      topic: topicPath(topicId),
      messages: data.map((d) => ({ data: Buffer.from(d) })),
    });
  const pull = async () => {
    const [res] = await raw.subscriber.pull({
      subscription: subPath(subId),
      maxMessages: 10,
      returnImmediately: true,
    });
    return res.receivedMessages ?? [];
  };
  return {
    raw,
    topicId,
    subId,
    publish,
    pull,
    [Symbol.asyncDispose]: () => raw.close(),
  };
}

describe('pubsub fault injection', () => {
  it('an error rule on Publish reaches the client with its status; the next publish goes through', async () => {
    await using emu = await startEmulator();
    const pubsub = client(emu);
    const [topic] = await pubsub.createTopic(uid('t'));
    const topicId = topic.name.split('/').pop()!;
    await arm(emu, [
      {
        id: 'deny',
        service: 'pubsub',
        kind: 'error',
        method: 'Publish',
        target: topicId,
        status: 'PERMISSION_DENIED',
        count: 1,
      },
    ]);
    await expect(topic.publishMessage({ data: Buffer.from('a') })).rejects.toMatchObject({
      code: grpc.status.PERMISSION_DENIED,
    });
    expect(await topic.publishMessage({ data: Buffer.from('b') })).toMatch(/^\d+$/);
    const listed = await admin(emu, 'GET');
    expect(listed.body.rules[0]).toMatchObject({ id: 'deny', hits: 1 });
    expect(listed.body.events).toMatchObject([
      { ruleId: 'deny', service: 'pubsub', kind: 'error', method: 'Publish', target: topicId },
    ]);
    await pubsub.close();
  });

  it('UNAVAILABLE on Publish is retried by the client; REST sees it as a 503', async () => {
    await using emu = await startEmulator();
    const pubsub = client(emu);
    const [topic] = await pubsub.createTopic(uid('t'));
    const topicId = topic.name.split('/').pop()!;
    await arm(emu, [{ id: 'flaky', service: 'pubsub', kind: 'error', method: 'Publish', count: 2 }]);
    expect(await topic.publishMessage({ data: Buffer.from('a') })).toMatch(/^\d+$/);
    expect(await hits(emu)).toEqual({ flaky: 2 });
    await arm(emu, [{ id: 'rest', service: 'pubsub', kind: 'error', method: 'Publish', count: 1 }]);
    const path = `projects/test-project/topics/${topicId}:publish`;
    const res = await rest(emu, path, { method: 'POST', body: { messages: [{ data: 'eA==' }] } });
    expect(res.status).toBe(503);
    expect(((await res.json()) as AdminBody).error?.status).toBe('UNAVAILABLE');
    await pubsub.close();
  });

  it('a delay rule holds the RPC for delayMs', async () => {
    await using emu = await startEmulator();
    await using env = await topology(emu);
    await arm(emu, [
      { service: 'pubsub', kind: 'delay', method: 'Publish', target: env.topicId, delayMs: 300 },
    ]);
    const started = Date.now();
    await env.publish('x');
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
  });

  it('drop-ack: the ack succeeds on the wire, the message comes back after its deadline', async () => {
    const clock = manualClock();
    await using emu = await startEmulator({ clock });
    await using env = await topology(emu);
    await arm(emu, [
      { id: 'lost', service: 'pubsub', kind: 'drop-ack', method: 'Acknowledge', target: env.subId, count: 1 },
    ]);
    await env.publish('x');
    const [first] = await env.pull();
    await env.raw.subscriber.acknowledge({ subscription: subPath(env.subId), ackIds: [first!.ackId!] });
    expect(await env.pull()).toEqual([]);
    await clock.advance(10_500);
    const [again] = await env.pull();
    expect(again!.message!.messageId).toBe(first!.message!.messageId);
    expect(again!.ackId).not.toBe(first!.ackId);
    // The rule is spent: this ack counts, and the message stays gone.
    await env.raw.subscriber.acknowledge({ subscription: subPath(env.subId), ackIds: [again!.ackId!] });
    await clock.advance(20_000);
    expect(await env.pull()).toEqual([]);
    expect(await hits(emu)).toEqual({ lost: 1 });
  });

  it('duplicate on Pull: same message id, a new ack id, and acking the first acks it', async () => {
    await using emu = await startEmulator();
    await using env = await topology(emu);
    await arm(emu, [
      { id: 'dup', service: 'pubsub', kind: 'duplicate', method: 'deliver', target: env.subId, count: 1 },
    ]);
    await env.publish('x');
    const [first] = await env.pull();
    // The copy is requeued just after the Pull answers, so the next Pull may need a moment.
    const second = await waitFor(async () => (await env.pull())[0], 5000, 'the copy');
    expect(second!.message!.messageId).toBe(first!.message!.messageId);
    expect(second!.ackId).not.toBe(first!.ackId);
    await env.raw.subscriber.acknowledge({ subscription: subPath(env.subId), ackIds: [first!.ackId!] });
    // The late ack of the other copy is harmless, as with a real duplicate.
    await env.raw.subscriber.acknowledge({ subscription: subPath(env.subId), ackIds: [second!.ackId!] });
    expect(emu.state.subs.get(subPath(env.subId))!.unacked).toBe(0);
    expect(await hits(emu)).toEqual({ dup: 1 });
  });

  it('duplicate with two streams open: both subscribers get the same message id', async () => {
    await using emu = await startEmulator();
    await using env = await topology(emu);
    const a = client(emu);
    const b = client(emu);
    const opts = { streamingOptions: { maxStreams: 1 } };
    const seen = { a: [] as string[], b: [] as string[] };
    const subA = a.subscription(env.subId, opts).on('message', (m) => {
      seen.a.push(m.id);
      setTimeout(() => m.ack(), 50);
    });
    const subB = b.subscription(env.subId, opts).on('message', (m) => {
      seen.b.push(m.id);
      setTimeout(() => m.ack(), 50);
    });
    const queue = emu.state.subs.get(subPath(env.subId))!;
    await waitFor(() => queue.lessees.length === 2, 5000, 'two streams');
    await arm(emu, [{ id: 'dup', service: 'pubsub', kind: 'duplicate', target: env.subId, count: 1 }]);
    const [ids] = await env.publish('x');
    await waitFor(() => seen.a.length + seen.b.length >= 2, 5000, 'the duplicate');
    await waitFor(() => queue.unacked === 0, 5000, 'the ack');
    await sleep(200);
    expect(seen).toEqual({ a: ids.messageIds, b: ids.messageIds });
    await subA.close();
    await subB.close();
    await a.close();
    await b.close();
  });

  it('delay on deliver: a streamed batch arrives delayMs late, then is acked as usual', async () => {
    await using emu = await startEmulator();
    await using env = await topology(emu);
    const pubsub = client(emu);
    const arrivals: number[] = [];
    const sub = pubsub.subscription(env.subId).on('message', (m) => {
      arrivals.push(Date.now());
      m.ack();
    });
    const queue = emu.state.subs.get(subPath(env.subId))!;
    await waitFor(() => queue.lessees.length > 0, 5000, 'the stream');
    await arm(emu, [
      {
        id: 'late',
        service: 'pubsub',
        kind: 'delay',
        method: 'deliver',
        target: env.subId,
        delayMs: 1500,
        count: 1,
      },
    ]);
    const published = Date.now();
    await env.publish('slow');
    await waitFor(() => arrivals.length === 1, 10_000, 'the delayed message');
    expect(arrivals[0]! - published).toBeGreaterThanOrEqual(1400);
    await waitFor(() => queue.unacked === 0, 5000, 'the ack');
    expect(await hits(emu)).toEqual({ late: 1 });
    // The rule is spent: the next message comes at once.
    const again = Date.now();
    await env.publish('fast');
    await waitFor(() => arrivals.length === 2, 10_000, 'the second message');
    expect(arrivals[1]! - again).toBeLessThan(1400);
    await sub.close();
    await pubsub.close();
  });

  it('disconnect: the stream ends with UNAVAILABLE, the client reconnects and gets every message', async () => {
    await using emu = await startEmulator();
    await using env = await topology(emu);
    const pubsub = client(emu);
    const received = new Set<string>();
    const errors: unknown[] = [];
    const sub = pubsub
      .subscription(env.subId, { streamingOptions: { maxStreams: 1 } })
      .on('message', (m) => {
        received.add(m.data.toString());
        m.ack();
      })
      .on('error', (err) => errors.push(err));
    const queue = emu.state.subs.get(subPath(env.subId))!;
    await waitFor(() => queue.lessees.length === 1, 5000, 'the stream');
    await arm(emu, [
      {
        id: 'cut',
        service: 'pubsub',
        kind: 'disconnect',
        method: 'StreamingPull',
        target: env.subId,
        count: 1,
      },
    ]);
    await env.publish('a', 'b', 'c');
    await waitFor(() => received.size === 3, 10_000, 'all three after the reconnect');
    await waitFor(() => queue.unacked === 0, 5000, 'the acks');
    expect(await hits(emu)).toEqual({ cut: 1 });
    expect(errors).toEqual([]);
    await sub.close();
    await pubsub.close();
  });

  it('push-fail: attempts count as failed until the rule is spent, then it is delivered and acked', async () => {
    const received: string[] = [];
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push(JSON.parse(Buffer.concat(chunks).toString()).message.messageId);
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    await using _server = {
      async [Symbol.asyncDispose]() {
        server.closeAllConnections();
        await new Promise((r) => server.close(r));
      },
    };
    const clock = manualClock();
    await using emu = await startEmulator({ clock });
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/push`;
    await using env = await topology(emu, { pushConfig: { pushEndpoint: url } });
    await arm(emu, [
      { id: 'down', service: 'pubsub', kind: 'push-fail', method: 'push', target: env.subId, count: 2 },
    ]);
    const [res] = await env.publish('x');
    const queue = emu.state.subs.get(subPath(env.subId))!;
    await waitFor(() => received.length === 1, 5000, 'the first attempt');
    // Our push backoff without a retry policy: 1 s, then 2 s.
    await waitFor(
      async () => {
        await clock.advance(1000);
        return received.length === 3 && queue.unacked === 0;
      },
      5000,
      'the retries',
    );
    expect(received).toEqual([res.messageIds![0], res.messageIds![0], res.messageIds![0]]);
    await clock.advance(120_000);
    await sleep(50);
    expect(received.length).toBe(3);
    expect(await hits(emu)).toEqual({ down: 2 });
  });

  it('the same seed makes the same decisions for a rate rule', async () => {
    const run = async () => {
      await using emu = await startPubSubEmulator({ project: 'test-project', faultSeed: 7 });
      await using env = await topology(emu);
      await arm(emu, [
        {
          id: 'half',
          service: 'pubsub',
          kind: 'error',
          method: 'Publish',
          status: 'FAILED_PRECONDITION',
          rate: 0.5,
        },
      ]);
      const outcome: string[] = [];
      for (let i = 0; i < 20; i++) {
        outcome.push(
          await env.publish(`m${i}`).then(
            () => 'ok',
            (e: { code?: number }) => String(e.code),
          ),
        );
      }
      return outcome.join(',');
    };
    const first = await run();
    expect(await run()).toBe(first);
    expect(first).toContain('ok');
    expect(first).toContain(String(grpc.status.FAILED_PRECONDITION));
  });

  it('rejects a bad rule with 400 and an unknown rule id with 404; DELETE disarms', async () => {
    await using emu = await startEmulator();
    const bad = await admin(emu, 'POST', { service: 'pubsub', kind: 'explode' });
    expect(bad.status).toBe(400);
    expect(bad.body.error?.message).toMatch(/kind/);
    expect((await admin(emu, 'POST', { service: 'pubsub', kind: 'delay', delayMs: -1 })).status).toBe(400);
    const missing = await fetch(`http://${emu.address}/_devkit/faults/nope`, { method: 'DELETE' });
    expect(missing.status).toBe(404);
    await arm(emu, [{ id: 'x', service: 'pubsub', kind: 'error' }]);
    expect(emu.faults.idle).toBe(false);
    expect((await admin(emu, 'DELETE')).status).toBe(200);
    expect(emu.faults.idle).toBe(true);
  });
});
