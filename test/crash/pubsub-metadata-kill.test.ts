// With --data-dir, acknowledged metadata changes (topic and subscription create/update/delete,
// snapshots, seeks) survive a SIGKILL of `devkit start pubsub` right after their replies, and a
// torn record at the end of the change log (a crash in the middle of a write) is ignored.
import { appendFile, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type ReadyDevkit, startDevkit } from '../helpers/devkit-process.ts';
import { gapicClients, ONCE, PROJECT, snapPath, subPath, topicPath } from './pubsub-process.ts';

async function start(dataDir: string): Promise<ReadyDevkit> {
  return startDevkit(['start', 'pubsub', '--port', '0', '--project', PROJECT, '--data-dir', dataDir]);
}

async function sigkill(devkit: ReadyDevkit): Promise<void> {
  devkit.child.kill('SIGKILL');
  await devkit.exited;
}

/** Half a record: a length prefix promising more bytes than follow, as a cut-off write leaves. */
async function tearLogTail(dir: string): Promise<void> {
  const logs = (await readdir(dir)).filter((f) => /^pubsub-log-\d+\.bin$/.test(f)).sort();
  const file = logs.at(-1) ?? 'pubsub-log-99999999.bin';
  const torn = Buffer.alloc(13);
  torn.writeUInt32LE(500, 0);
  await appendFile(path.join(dir, file), torn);
}

describe('Pub/Sub --data-dir metadata under SIGKILL', () => {
  it('keeps every acknowledged metadata change and ignores a torn log tail', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'pubsub-meta-kill-'));
    let devkit: ReadyDevkit | undefined;
    const [a, b, sa, sb, sc, snap] = [
      topicPath('top-a'),
      topicPath('top-b'),
      subPath('sub-a'),
      subPath('sub-b'),
      subPath('sub-c'),
      snapPath('snap'),
    ];
    const text = (d: string) => ({ data: Buffer.from(d) });
    try {
      devkit = await start(dataDir);
      let c = gapicClients(devkit.env.PUBSUB_EMULATOR_HOST!);
      await c.publisher.createTopic({ name: a, labels: { v: '1' } }, ONCE);
      await c.publisher.updateTopic(
        { topic: { name: a, labels: { v: '2' } }, updateMask: { paths: ['labels'] } },
        ONCE,
      );
      await c.publisher.createTopic({ name: b }, ONCE);
      await c.publisher.deleteTopic({ topic: b }, ONCE);
      await c.subscriber.createSubscription({ name: sa, topic: a, ackDeadlineSeconds: 20 }, ONCE);
      await c.subscriber.updateSubscription(
        {
          subscription: { name: sa, ackDeadlineSeconds: 45 },
          updateMask: { paths: ['ack_deadline_seconds'] },
        },
        ONCE,
      );
      await c.subscriber.createSubscription({ name: sb, topic: a }, ONCE);
      await c.subscriber.deleteSubscription({ subscription: sb }, ONCE);
      await c.subscriber.createSubscription({ name: sc, topic: a }, ONCE);
      await c.publisher.publish({ topic: a, messages: ['m1', 'm2', 'm3'].map(text) }, ONCE);
      const [pulled] = await c.subscriber.pull({
        subscription: sa,
        maxMessages: 10,
        returnImmediately: true,
      });
      await c.subscriber.acknowledge({
        subscription: sa,
        ackIds: pulled.receivedMessages!.map((r) => r.ackId!),
      });
      // Created with nothing unacked; m4 joins it as a later publish to the topic.
      await c.subscriber.createSnapshot({ name: snap, subscription: sa, labels: { k: '1' } }, ONCE);
      await c.publisher.publish({ topic: a, messages: [text('m4')] }, ONCE);
      await c.subscriber.updateSnapshot(
        { snapshot: { name: snap, labels: { k: '2' } }, updateMask: { paths: ['labels'] } },
        ONCE,
      );
      // Whatever acks a crash loses, after these seeks sa holds exactly m4 and sc nothing.
      await c.subscriber.seek({ subscription: sa, snapshot: snap }, ONCE);
      await c.subscriber.seek({ subscription: sc, time: { seconds: Date.now() / 1000 + 3600 } }, ONCE);
      await sigkill(devkit);
      await c.close();

      await tearLogTail(path.join(dataDir, 'pubsub'));
      devkit = await start(dataDir);
      c = gapicClients(devkit.env.PUBSUB_EMULATOR_HOST!);
      try {
        const [topic] = await c.publisher.getTopic({ topic: a });
        expect(topic.labels).toEqual({ v: '2' });
        await expect(c.publisher.getTopic({ topic: b })).rejects.toMatchObject({ code: 5 });
        const [sub] = await c.subscriber.getSubscription({ subscription: sa });
        expect(sub.ackDeadlineSeconds).toBe(45);
        await expect(c.subscriber.getSubscription({ subscription: sb })).rejects.toMatchObject({ code: 5 });
        const [snapshot] = await c.subscriber.getSnapshot({ snapshot: snap });
        expect(snapshot.labels).toEqual({ k: '2' });
        const [fromA] = await c.subscriber.pull({ subscription: sa, maxMessages: 10 });
        const got = fromA.receivedMessages!.map((r) => Buffer.from(r.message!.data as Uint8Array).toString());
        expect(got).toEqual(['m4']);
        const [fromC] = await c.subscriber.pull({
          subscription: sc,
          maxMessages: 10,
          returnImmediately: true,
        });
        expect(fromC.receivedMessages ?? []).toEqual([]);
        expect(devkit.stderr()).toMatch(/torn or corrupt/);
      } finally {
        await c.close();
      }
    } finally {
      if (devkit) await sigkill(devkit);
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
