// Publishing to a topic nobody holds messages for (no subscription, no retention) skips storing
// them; ids keep rising across both paths and later subscriptions see only later messages.
import { describe, expect, it } from 'vitest';
import { silentLogger, systemClock } from '../../common/index.ts';
import { pullNow } from './delivery.ts';
import { PubSubState } from './pubsub-state.ts';
import { createSubscription } from './subscriptions.ts';
import { createTopic, publish } from './topics.ts';

const T = 'projects/p/topics/top';
const S = 'projects/p/subscriptions/sub';
const msg = (text: string) => ({ data: Buffer.from(text), attributes: {}, orderingKey: '' });

function fresh(): PubSubState {
  return new PubSubState({ clock: systemClock(), logger: silentLogger, defer: () => {} });
}

describe('publish to a topic that keeps nothing', () => {
  it('answers unique rising ids and stores nothing; a later subscription gets only later messages', () => {
    const state = fresh();
    createTopic(state, { name: T });
    const dropped = publish(state, T, [msg('a'), msg('b')]);
    createSubscription(state, S, { topic: T });
    const kept = publish(state, T, [msg('c')]);
    const ids = [...dropped, ...kept].map(Number);
    expect(ids).toEqual([...ids].sort((x, y) => x - y));
    expect(new Set(ids).size).toBe(3);
    const pulled = pullNow(state, S, 10);
    expect(pulled.map((d) => d.message.data.toString())).toEqual(['c']);
    expect(pulled[0]!.message.id).toBe(kept[0]);
  });

  it('still validates the request', () => {
    const state = fresh();
    createTopic(state, { name: T });
    expect(() => publish(state, T, [])).toThrow(/no messages/);
  });

  it('keeps messages for topic retention even without a subscription', () => {
    const state = fresh();
    createTopic(state, { name: T, messageRetentionMs: 60 * 60 * 1000 });
    publish(state, T, [msg('r')]);
    expect(state.topics.get(T)!.retained.map((m) => m.data.toString())).toEqual(['r']);
  });
});
