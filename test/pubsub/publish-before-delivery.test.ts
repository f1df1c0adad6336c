// StreamingPull never hands out a message before its Publish is answered: with --data-dir the
// answer waits for the change log's fdatasync (slowed here to 1 s), and the messages wait for it.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { client, startEmulator, uid, waitFor } from './helpers.ts';

const DISK_MS = 1000;
const COUNT = 5;

async function run(dataDir: string | undefined) {
  await using emu = await startEmulator(dataDir ? { dataDir } : {});
  const journal = emu.state.journal;
  if (journal) {
    // A slow disk: every barrier resolves DISK_MS later than the write it waits for.
    const barrier = journal.barrier.bind(journal);
    journal.barrier = () => barrier()?.then(() => new Promise((r) => setTimeout(r, DISK_MS)));
  }
  const pubsub = client(emu);
  const [topic] = await pubsub.createTopic(uid('t'));
  const [sub] = await topic.createSubscription(uid('s'));
  const answeredAt = new Map<string, number>();
  const receivedAt = new Map<string, number>();
  sub.on('message', (m) => {
    receivedAt.set(m.data.toString(), performance.now());
    m.ack();
  });
  // Let the stream open before publishing (a message published earlier is simply queued).
  await new Promise((r) => setTimeout(r, 300));
  const publisher = pubsub.topic(topic.name, { batching: { maxMessages: 1, maxMilliseconds: 0 } });
  for (let i = 0; i < COUNT; i++) {
    const text = `m${i}`;
    await publisher.publishMessage({ data: Buffer.from(text) });
    answeredAt.set(text, performance.now());
  }
  await waitFor(() => receivedAt.size >= COUNT, 30_000, 'every message');
  await sub.close();
  await pubsub.close();
  // How long before its publish was answered (client side) each message arrived. The client's
  // own layers can put a message a little ahead of its answer, never half a slow disk write.
  return [...answeredAt].map(([text, at]) => at - receivedAt.get(text)!).filter((ms) => ms > DISK_MS / 2);
}

describe('Publish is answered before its messages are delivered', () => {
  it('with --data-dir (the answer waits for the disk)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pubsub-order-'));
    try {
      expect(await run(dir)).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
