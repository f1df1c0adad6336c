// One ordering key with the official Node client: 10,000 messages drain in order within a
// generous bound (they took ~1,000 s at one message per key in flight), and a nack brings the
// message back with its key's later messages still in order.
import { describe, expect, it } from 'vitest';
import { client, rawClients, startEmulator, topicPath, uid, waitFor } from './helpers.ts';

const N = 10_000;

async function publishOneKey(emu: Parameters<typeof rawClients>[0], topic: string, n: number) {
  const raw = rawClients(emu);
  for (let i = 0; i < n; i += 1000) {
    const messages = Array.from({ length: Math.min(1000, n - i) }, (_, j) => ({
      data: Buffer.from(String(i + j)),
      orderingKey: 'one-key',
    }));
    await raw.publisher.publish({ topic, messages });
  }
  await raw.close();
}

/** Each run of deliveries between two restarts (a value not above the previous) ascends. */
function expectOrderedRuns(seen: number[]) {
  for (let i = 1; i < seen.length; i++) {
    if (seen[i]! > seen[i - 1]!) continue;
    // A restart: a redelivery begins at the lowest message of the key not yet acked.
    expect(seen.slice(0, i)).toContain(seen[i]);
  }
  const firsts = [...new Set(seen)];
  expect(firsts).toEqual(Array.from({ length: firsts.length }, (_, i) => i));
}

describe('ordered delivery throughput (official Node client)', () => {
  it(`drains ${N} messages of one key in order, in one batch per window`, async () => {
    await using emu = await startEmulator();
    const t = uid('t');
    const s = uid('s');
    const pubsub = client(emu);
    const [topic] = await pubsub.createTopic(t);
    await topic.createSubscription(s, { enableMessageOrdering: true });
    await publishOneKey(emu, topicPath(t), N);
    const seen: number[] = [];
    const sub = pubsub.subscription(s);
    const started = performance.now();
    sub.on('message', (m) => {
      seen.push(Number(m.data.toString()));
      m.ack();
    });
    await waitFor(() => new Set(seen).size >= N, 60_000, `${N} ordered messages`);
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `ordered one key: ${N} messages in ${seconds.toFixed(2)} s = ${Math.round(N / seconds)} msg/s`,
    );
    expectOrderedRuns(seen);
    expect(seen.length).toBe(N); // acked as received: nothing came twice
    await sub.close();
    await pubsub.close();
  }, 120_000);

  it('a nacked message comes back before the later messages of its key', async () => {
    await using emu = await startEmulator();
    const t = uid('t');
    const s = uid('s');
    const pubsub = client(emu);
    const [topic] = await pubsub.createTopic(t);
    await topic.createSubscription(s, { enableMessageOrdering: true });
    await publishOneKey(emu, topicPath(t), 2000);
    const seen: number[] = [];
    let nacked = false;
    const sub = pubsub.subscription(s);
    sub.on('message', (m) => {
      const n = Number(m.data.toString());
      seen.push(n);
      if (n === 700 && !nacked) {
        nacked = true;
        m.nack();
      } else m.ack();
    });
    await waitFor(
      () => new Set(seen).size >= 2000 && seen.filter((n) => n === 700).length >= 2,
      60_000,
      'redelivery',
    );
    expectOrderedRuns(seen);
    await sub.close();
    await pubsub.close();
  }, 120_000);
});
