// --data-dir: state written atomically and restored after a restart.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rawClients, snapPath, startEmulator, subPath, topicPath, uid, waitFor } from './helpers.ts';

describe('--data-dir persistence', () => {
  it('keeps topics, subscriptions, snapshots and unacked messages across a restart', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'pubsub-persist-'));
    try {
      const t = topicPath(uid('t'));
      const s = subPath(uid('s'));
      const snap = snapPath(uid('snap'));
      let ids: string[];
      {
        await using emu = await startEmulator({ dataDir });
        const raw = rawClients(emu);
        await raw.publisher.createTopic({ name: t, labels: { keep: 'me' } });
        await raw.subscriber.createSubscription({
          name: s,
          topic: t,
          ackDeadlineSeconds: 30,
          filter: 'attributes:k',
        });
        const [res] = await raw.publisher.publish({
          topic: t,
          messages: ['a', 'b', 'c'].map((d) => ({ data: Buffer.from(d), attributes: { k: d } })),
        });
        ids = res.messageIds!;
        const [pulled] = await raw.subscriber.pull({
          subscription: s,
          maxMessages: 1,
          returnImmediately: true,
        });
        await raw.subscriber.acknowledge({ subscription: s, ackIds: [pulled.receivedMessages![0]!.ackId!] });
        await raw.subscriber.createSnapshot({ name: snap, subscription: s });
        // Written soon after the change, not only at stop: a killed process keeps its state too.
        const file = path.join(dataDir, 'pubsub-state.json');
        await waitFor(
          async () => (await readFile(file, 'utf8').catch(() => '')).includes(snap),
          5000,
          'state on disk',
        );
        await raw.close();
      }
      expect((await readdir(dataDir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
      {
        await using emu = await startEmulator({ dataDir });
        const raw = rawClients(emu);
        const [topic] = await raw.publisher.getTopic({ topic: t });
        expect(topic.labels).toEqual({ keep: 'me' });
        const [sub] = await raw.subscriber.getSubscription({ subscription: s });
        expect(sub.ackDeadlineSeconds).toBe(30);
        expect(sub.filter).toBe('attributes:k');
        const [snapshot] = await raw.subscriber.getSnapshot({ snapshot: snap });
        expect(snapshot.topic).toBe(t);
        const [pulled] = await raw.subscriber.pull({
          subscription: s,
          maxMessages: 10,
          returnImmediately: true,
        });
        const got = pulled.receivedMessages!.map((r) => r.message!);
        expect(got.map((m) => m.messageId)).toEqual(ids.slice(1));
        expect(got.map((m) => Buffer.from(m.data as Uint8Array).toString())).toEqual(['b', 'c']);
        expect(got[0]!.attributes).toEqual({ k: 'b' });
        const [more] = await raw.publisher.publish({ topic: t, messages: [{ data: Buffer.from('d') }] });
        expect(ids).not.toContain(more.messageIds![0]);
        await raw.close();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
