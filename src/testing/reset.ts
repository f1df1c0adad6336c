// Empties what one test file owns on the shared stack (every resource whose name carries its id):
// subscriptions seeked to now (their backlog acked), every object version deleted, its Redis keys
// deleted. Topics, subscriptions and buckets themselves stay, so the file's topology still holds.
import type { PubSub } from '@google-cloud/pubsub';
import type { Storage } from '@google-cloud/storage';
import type { Redis } from 'ioredis';

export interface ResetTarget {
  pubsub: PubSub;
  storage: Storage;
  redis: Redis;
  /** Resources whose short name contains this are the file's. */
  id: string;
  keyPrefix: string;
}

const shortName = (name: string) => name.slice(name.lastIndexOf('/') + 1);

export async function resetOwned(target: ResetTarget): Promise<void> {
  const { pubsub, storage, redis, id } = target;
  const [subscriptions] = await pubsub.getSubscriptions();
  const now = new Date();
  await Promise.all(subscriptions.filter((s) => shortName(s.name).includes(id)).map((s) => s.seek(now)));
  const [buckets] = await storage.getBuckets();
  for (const bucket of buckets.filter((b) => b.name.includes(id))) {
    const [files] = await bucket.getFiles({ versions: true });
    await Promise.all(
      files.map((f) =>
        bucket.file(f.name, { generation: f.metadata.generation }).delete({ ignoreNotFound: true }),
      ),
    );
  }
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${target.keyPrefix}:*`, 'COUNT', 500);
    if (keys.length) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}
