// Unit tests of the pure state (no sockets): ordering-key queues and lease bookkeeping at scale.
import { describe, expect, it } from 'vitest';
import { manualClock, silentLogger } from '../../emulators/common/index.ts';
import {
  acknowledge,
  createSubscription,
  createTopic,
  PubSubState,
  publish,
  pullNow,
} from '../../emulators/pubsub/state/index.ts';

function newState() {
  const clock = manualClock();
  return { clock, state: new PubSubState({ clock, logger: silentLogger, defer: () => undefined }) };
}

describe('SubscriptionQueue (pure state)', () => {
  it('walks a 50k-message single ordering key in order, in linear time', () => {
    const { state } = newState();
    const t = 'projects/p/topics/ordered';
    const s = 'projects/p/subscriptions/ordered';
    createTopic(state, { name: t });
    createSubscription(state, s, { topic: t, enableMessageOrdering: true });
    const N = 50_000;
    for (let i = 0; i < N; i += 1000) {
      publish(
        state,
        t,
        Array.from({ length: 1000 }, (_, j) => ({
          data: Buffer.from(String(i + j)),
          attributes: {},
          orderingKey: 'k',
        })),
      );
    }
    const started = performance.now();
    const order: string[] = [];
    let maxBatch = 0;
    for (;;) {
      const got = pullNow(state, s, 100);
      if (got.length === 0) break;
      maxBatch = Math.max(maxBatch, got.length);
      for (const d of got) order.push(d.message.data.toString());
      // The key is held until its batch is acked: nothing more comes meanwhile.
      expect(pullNow(state, s, 100)).toHaveLength(0);
      acknowledge(
        state,
        s,
        got.map((d) => d.ackId),
      );
    }
    const elapsed = performance.now() - started;
    expect(maxBatch).toBe(100); // a key's available messages in one batch, up to max_messages
    expect(order).toEqual(Array.from({ length: N }, (_, i) => String(i)));
    expect(elapsed).toBeLessThan(10_000); // generous: a loaded CI machine shares its cores
    expect(state.subs.get(s)!.keys.size).toBe(0);
  });

  it('keeps one heap record per leased message however often leases are extended', async () => {
    const { state, clock } = newState();
    const t = 'projects/p/topics/heap';
    const s = 'projects/p/subscriptions/heap';
    createTopic(state, { name: t });
    createSubscription(state, s, { topic: t });
    publish(
      state,
      t,
      Array.from({ length: 100 }, () => ({ data: Buffer.from('x'), attributes: {}, orderingKey: '' })),
    );
    const leased = pullNow(state, s, 100);
    const ids = leased.map((d) => d.ackId);
    const queue = state.subs.get(s)!;
    for (let i = 0; i < 20; i++) queue.modifyAckDeadline(ids, 60 + i);
    expect(state.pendingDeadlines).toBe(100);
    await clock.advance(70_000);
    expect(pullNow(state, s, 1000)).toHaveLength(0); // extended to 79 s, still leased
    await clock.advance(10_000);
    expect(pullNow(state, s, 1000)).toHaveLength(100);
  });
});
