// Unit tests of the pure state: an ordering key's messages go out as one batch, the key is held
// until that batch is acked, and a nack or expiry sends the rest of the batch back behind it.
import { describe, expect, it } from 'vitest';
import { manualClock, silentLogger } from '../../emulators/common/index.ts';
import {
  acknowledge,
  createSubscription,
  createTopic,
  modifyAckDeadline,
  PubSubState,
  publish,
  pullNow,
} from '../../emulators/pubsub/state/index.ts';

const T = 'projects/p/topics/ordered';
const S = 'projects/p/subscriptions/ordered';

function setup(n: number) {
  const clock = manualClock();
  const state = new PubSubState({ clock, logger: silentLogger, defer: () => undefined });
  createTopic(state, { name: T });
  createSubscription(state, S, { topic: T, enableMessageOrdering: true, ackDeadlineSeconds: 10 });
  const msgs = Array.from({ length: n }, (_, i) => ({
    data: Buffer.from(String(i)),
    attributes: {},
    orderingKey: 'k',
  }));
  publish(state, T, msgs);
  return { clock, state };
}

const pull = (state: PubSubState, max = 100) => pullNow(state, S, max);
const texts = (ds: { message: { data: Buffer } }[]) => ds.map((d) => Number(d.message.data.toString()));

describe('ordering-key batches (pure state)', () => {
  it('holds the key until the whole batch is acked, in any ack order', () => {
    const { state } = setup(8);
    const first = pull(state, 5);
    expect(texts(first)).toEqual([0, 1, 2, 3, 4]);
    acknowledge(state, S, [first[4]!.ackId, first[1]!.ackId, first[0]!.ackId]);
    expect(pull(state)).toHaveLength(0);
    acknowledge(state, S, [first[2]!.ackId, first[3]!.ackId]);
    expect(texts(pull(state))).toEqual([5, 6, 7]);
  });

  it('a nack sends the message and every unacked later one back, in order', () => {
    const { state } = setup(6);
    const batch = pull(state);
    acknowledge(state, S, [batch[0]!.ackId, batch[1]!.ackId]);
    modifyAckDeadline(state, S, [batch[2]!.ackId], 0);
    // Acks of later messages that arrive after the nack do not stop their redelivery.
    acknowledge(state, S, [batch[4]!.ackId]);
    const again = pull(state);
    expect(texts(again)).toEqual([2, 3, 4, 5]);
    acknowledge(
      state,
      S,
      again.map((d) => d.ackId),
    );
    expect(state.subs.get(S)!.keys.size).toBe(0);
  });

  it('a nack brings back the later messages of its batch that were acked before it, in order', () => {
    const { state } = setup(6);
    const batch = pull(state);
    acknowledge(state, S, [batch[0]!.ackId, batch[3]!.ackId, batch[4]!.ackId]);
    modifyAckDeadline(state, S, [batch[2]!.ackId], 0);
    const again = pull(state);
    expect(texts(again)).toEqual([2, 3, 4, 5]);
    // Message 1 comes before the nacked one: it keeps its lease and its ack counts.
    acknowledge(state, S, [batch[1]!.ackId, ...again.map((d) => d.ackId)]);
    expect(pull(state)).toHaveLength(0);
    expect(state.subs.get(S)!.keys.size).toBe(0);
    expect(state.subs.get(S)!.unacked).toBe(0);
  });

  it('with exactly-once delivery an ack is final: only the unacked later messages come back', () => {
    const clock = manualClock();
    const state = new PubSubState({ clock, logger: silentLogger, defer: () => undefined });
    createTopic(state, { name: T });
    createSubscription(state, S, {
      topic: T,
      enableMessageOrdering: true,
      enableExactlyOnceDelivery: true,
      ackDeadlineSeconds: 10,
    });
    publish(
      state,
      T,
      ['0', '1', '2', '3'].map((d) => ({ data: Buffer.from(d), attributes: {}, orderingKey: 'k' })),
    );
    const batch = pull(state);
    acknowledge(state, S, [batch[0]!.ackId, batch[2]!.ackId]);
    modifyAckDeadline(state, S, [batch[1]!.ackId], 0);
    expect(texts(pull(state))).toEqual([1, 3]);
  });

  it('an expired batch comes back whole, in order', async () => {
    const { state, clock } = setup(4);
    expect(texts(pull(state))).toEqual([0, 1, 2, 3]);
    await clock.advance(11_000);
    const again = pull(state);
    expect(texts(again)).toEqual([0, 1, 2, 3]);
  });

  it('messages published while a batch is out form the next batch', () => {
    const { state } = setup(2);
    const first = pull(state);
    publish(state, T, [{ data: Buffer.from('2'), attributes: {}, orderingKey: 'k' }]);
    expect(pull(state)).toHaveLength(0);
    acknowledge(
      state,
      S,
      first.map((d) => d.ackId),
    );
    expect(texts(pull(state))).toEqual([2]);
  });
});
