// Bytes per held message, in process: publishes N × 100 B to a topic with one subscription nobody
// pulls and prints heap/external/RSS growth per message (`npx tsx --expose-gc bench/profile/backlog-heap.ts [N]`).
import { silentLogger, systemClock } from '../../emulators/common/index.ts';
import { createSubscription, createTopic, PubSubState, publish } from '../../emulators/pubsub/state/index.ts';

const total = Number(process.argv[2] ?? 1_000_000);
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const state = new PubSubState({ clock: systemClock(), logger: silentLogger, defer: () => {} });
createTopic(state, { name: 'projects/p/topics/top' });
createSubscription(state, 'projects/p/subscriptions/sub', { topic: 'projects/p/topics/top' });
const data = Buffer.alloc(100, 7);
const batch = Array.from({ length: 1000 }, () => ({ data, attributes: {}, orderingKey: '' }));
gc();
const before = process.memoryUsage();
for (let n = 0; n < total; n += 1000) publish(state, 'projects/p/topics/top', batch);
gc();
const after = process.memoryUsage();
const per = (k: 'heapUsed' | 'external' | 'rss') => ((after[k] - before[k]) / total).toFixed(1);
console.log(
  `${total} held: heap ${per('heapUsed')} B/msg, external ${per('external')} B/msg, rss ${per('rss')} B/msg; rss ${(after.rss / 2 ** 20).toFixed(0)} MiB`,
);
