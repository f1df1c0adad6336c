// Empties what one test file owns on the shared stack (every resource whose name carries its id):
// subscriptions seeked past now (their backlog acked), every object version deleted, its Redis keys
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
  // Google's purge recipe: a seek to a time in the future acks everything published so far (and
  // the Node client sends whole seconds only, so "now" would keep this second's messages).
  const future = new Date(Date.now() + 60_000);
  const owned = subscriptions.filter((s) => shortName(s.name).includes(id));
  await Promise.all(owned.map((s) => s.seek(future)));
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
