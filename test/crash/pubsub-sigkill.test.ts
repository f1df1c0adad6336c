// Acceptance: with --data-dir, an acknowledged Publish survives SIGKILL. Rounds of: start the
// emulator process, eight concurrent publishers plus a metadata writer, SIGKILL at a random
// moment; at the end every message id a publisher got back is delivered after the restart, and
// every topic and subscription whose creation was answered exists.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  bundleChild,
  type EmulatorProcess,
  gapicClients,
  ONCE,
  seededRandom,
  spawnPubSub,
  subPath,
  topicPath,
} from './pubsub-process.ts';

const ROUNDS = Number(process.env.CRASH_ROUNDS ?? 10);
const PUBLISHERS = 8;
const BATCH = 20;

describe('Pub/Sub --data-dir under SIGKILL', () => {
  it(`delivers every acknowledged publish after ${ROUNDS} kills during writes`, async () => {
    const seed = Number(process.env.CRASH_SEED ?? Date.now() % 1_000_000);
    const random = seededRandom(seed);
    const dataDir = await mkdtemp(path.join(tmpdir(), 'pubsub-crash-'));
    const acked = new Map<string, string>(); // message id → data
    const topics = new Set<string>();
    let emu: EmulatorProcess | undefined;
    const child = await bundleChild();
    const start = () => spawnPubSub(dataDir, child.file);
    try {
      emu = await start();
      const setup = gapicClients(emu.address);
      await setup.publisher.createTopic({ name: topicPath('main') }, ONCE);
      await setup.subscriber.createSubscription({ name: subPath('main'), topic: topicPath('main') }, ONCE);
      await setup.close();

      for (let round = 1; round <= ROUNDS; round++) {
        if (round > 1) emu = await start();
        const clients = gapicClients(emu.address);
        let stop = false;
        let ackedThisRound = 0;
        const publisher = async (p: number) => {
          for (let i = 0; !stop; i++) {
            const data = Array.from({ length: BATCH }, (_, j) => `r${round}-p${p}-${i}-${j}`);
            try {
              const [res] = await clients.publisher.publish(
                { topic: topicPath('main'), messages: data.map((d) => ({ data: Buffer.from(d) })) },
                ONCE,
              );
              for (const [j, id] of res.messageIds!.entries()) acked.set(id, data[j]!);
              ackedThisRound += data.length;
            } catch {
              return; // the process is gone: nothing in this batch was acknowledged
            }
          }
        };
        const metadataWriter = async () => {
          for (let i = 0; !stop; i++) {
            const id = `meta-r${round}-${i}`;
            try {
              await clients.publisher.createTopic({ name: topicPath(id) }, ONCE);
              topics.add(id);
            } catch {
              return;
            }
          }
        };
        const loops = [...Array.from({ length: PUBLISHERS }, (_, p) => publisher(p)), metadataWriter()];
        // Kill while writes are flowing: after the first answer, at a random point within ~1 s,
        // which spans group commits, the 250 ms / 1 s compactions and their log deletions.
        while (ackedThisRound === 0) await new Promise((r) => setTimeout(r, 5));
        await new Promise((r) => setTimeout(r, Math.floor(random() * 1000)));
        await emu.kill();
        stop = true;
        await Promise.all(loops);
        await clients.close();
      }

      emu = await start();
      const check = gapicClients(emu.address);
      try {
        const [list] = await check.publisher.listTopics(
          { project: 'projects/crash-test' },
          { autoPaginate: true },
        );
        const names = new Set(list.map((t) => t.name));
        const lostTopics = [...topics].filter((id) => !names.has(topicPath(id))).length;
        await check.subscriber.getSubscription({ subscription: subPath('main') });

        const received = new Map<string, string>();
        // An empty Pull waits ~3 s for messages; two in a row mean the backlog is drained.
        for (let empty = 0; empty < 2 && [...acked.keys()].some((id) => !received.has(id)); ) {
          const [pulled] = await check.subscriber.pull({ subscription: subPath('main'), maxMessages: 1000 });
          const got = pulled.receivedMessages ?? [];
          empty = got.length === 0 ? empty + 1 : 0;
          for (const r of got)
            received.set(r.message!.messageId!, Buffer.from(r.message!.data as Uint8Array).toString());
          if (got.length > 0) {
            await check.subscriber.acknowledge({
              subscription: subPath('main'),
              ackIds: got.map((r) => r.ackId!),
            });
          }
        }
        const lost = [...acked.keys()].filter((id) => !received.has(id));
        const wrong = [...acked].filter(([id, data]) => received.has(id) && received.get(id) !== data);
        expect(acked.size, 'publishes were acknowledged').toBeGreaterThan(ROUNDS * BATCH);
        const sample = wrong.slice(0, 3).map(([id, data]) => `${id}: sent ${data}, got ${received.get(id)}`);
        const outcome = { lost: lost.length, wrong: wrong.length, lostTopics, sample };
        expect(
          outcome,
          `seed ${seed}, ${acked.size} publishes and ${topics.size} topics acknowledged`,
        ).toEqual({
          lost: 0,
          wrong: 0,
          lostTopics: 0,
          sample: [],
        });
      } finally {
        await check.close();
      }
    } finally {
      await emu?.kill();
      await child.remove();
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 180_000);
});
