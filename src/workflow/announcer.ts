// Announces a unit's life on the `processing` and `complete` topics. Attributes carry the unit's
// bucketId / objectId / objectGeneration plus workerId, so subscribers can filter and audit.
import type { PubSub, Topic } from '@google-cloud/pubsub';
import { announcementAttributes, type WorkUnit } from './unit.ts';

/** How long an announcement waits for others to share its Publish call. */
const ANNOUNCE_BATCH_MS = 25;

export interface AnnouncerTopics {
  processing: string;
  complete: string;
}

export interface Announcer {
  processing(unit: WorkUnit): Promise<void>;
  complete(unit: WorkUnit): Promise<void>;
  /** Sends anything still batched. */
  flush(): Promise<void>;
}

export function createAnnouncer(pubsub: PubSub, topics: AnnouncerTopics, workerId: string): Announcer {
  // Announcements of all units in flight share Publish calls: every RPC costs the Pub/Sub server
  // (one process, on a laptop the emulator) far more than a message in a batch does, and 25 ms is
  // small beside a unit's work.
  const open = (name: string) =>
    pubsub.topic(name, { batching: { maxMessages: 100, maxMilliseconds: ANNOUNCE_BATCH_MS } });
  const processing = open(topics.processing);
  const complete = open(topics.complete);
  const publish = async (topic: Topic, unit: WorkUnit, event: string) => {
    const body = { event, unitKey: unit.key, workerId, at: new Date().toISOString() };
    await topic.publishMessage({
      data: Buffer.from(JSON.stringify(body)),
      attributes: announcementAttributes(unit, workerId),
    });
  };
  return {
    processing: (unit) => publish(processing, unit, 'processing'),
    complete: (unit) => publish(complete, unit, 'complete'),
    flush: async () => {
      await Promise.all([processing.flush(), complete.flush()]);
    },
  };
}
