// A 20k-message backlog: many leases on one clock timer, drained by the official client.
import { describe, expect, it } from 'vitest';
import { manualClock } from '../../emulators/common/index.ts';
import { client, rawClients, startEmulator, uid, waitFor } from './helpers.ts';

const N = 20_000;

describe('a modest backlog', () => {
  it(`leases ${N} messages on one timer and drains them with the official client`, async () => {
    const clock = manualClock();
    await using emu = await startEmulator({ clock });
    const pubsub = client(emu);
    const [topic] = await pubsub.createTopic(uid('t'));
    const [sub] = await topic.createSubscription(uid('s'));
    const batched = pubsub.topic(topic.name, { batching: { maxMessages: 1000, maxMilliseconds: 5 } });
    const payload = Buffer.alloc(100, 'x');
    const ids = await Promise.all(Array.from({ length: N }, () => batched.publishMessage({ data: payload })));
    expect(new Set(ids).size).toBe(N);

    // Lease everything at once through unary Pull: N leases, still only a couple of clock timers.
    const raw = rawClients(emu);
    let leased = 0;
    while (leased < N) {
      const [res] = await raw.subscriber.pull({
        subscription: sub.name,
        maxMessages: 1000,
        returnImmediately: true,
      });
      leased += res.receivedMessages?.length ?? 0;
    }
    expect(emu.state.pendingDeadlines).toBeGreaterThanOrEqual(N);
    expect(clock.pending()).toBeLessThanOrEqual(2); // the deadline heap's timer + housekeeping
    await raw.close();

    // Every lease expires in one advance; the official client then drains the lot.
    await clock.advance(11_000);
    const seen = new Set<string>();
    sub.on('message', (m) => {
      seen.add(m.id);
      m.ack();
    });
    await waitFor(() => seen.size === N, 60_000, 'all messages drained');
    await waitFor(() => emu.state.subs.get(sub.name)!.unacked === 0, 10_000, 'all acks');
    expect([...seen].sort()).toEqual([...ids].sort());
    await sub.close();
    await pubsub.close();
  }, 90_000);
});
