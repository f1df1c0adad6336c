// The shortest round trip: official client publishes, StreamingPull receives, ack.
import { describe, expect, it } from 'vitest';
import { client, startEmulator, uid, waitFor } from './helpers.ts';

describe('pubsub emulator with the official client', () => {
  it('publishes and receives over StreamingPull, then acks', async () => {
    await using emu = await startEmulator();
    const pubsub = client(emu);
    const [topic] = await pubsub.createTopic(uid('t'));
    const [sub] = await topic.createSubscription(uid('s'));
    const got: string[] = [];
    sub.on('message', (m) => {
      got.push(m.data.toString());
      m.ack();
    });
    await topic.publishMessage({ data: Buffer.from('hello'), attributes: { a: '1' } });
    await waitFor(() => got.length === 1, 5000, 'delivery');
    expect(got).toEqual(['hello']);
    await sub.close();
    await pubsub.close();
  });
});
