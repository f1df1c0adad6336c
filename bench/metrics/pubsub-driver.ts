// Drives one Pub/Sub endpoint (ours or pstest) with the official @google-cloud/pubsub client:
// publish throughput, publish + StreamingPull + ack throughput, steady-rate latency, backlog fill
// and drain. Each call uses fresh, uniquely named resources and closes its client.
import { randomUUID } from 'node:crypto';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { PubSub } from '@google-cloud/pubsub';
import { pump } from '../pump.ts';
import { percentileSorted } from '../stats.ts';

export const PROJECT = 'devkit-bench';
const BATCHING = { maxMessages: 1000, maxMilliseconds: 10 };

export function client(host: string): PubSub {
  return new PubSub({ projectId: PROJECT, apiEndpoint: host, emulatorMode: true });
}

function names(prefix: string) {
  const id = randomUUID().slice(0, 8);
  return { topic: `bench-${prefix}-${id}`, sub: `bench-${prefix}-${id}-sub` };
}

function payload(bytes: number): Buffer {
  const data = Buffer.alloc(bytes);
  for (let i = 0; i < bytes; i++) data[i] = (i * 31 + 7) & 0xff;
  return data;
}

/** Messages per second published with batching on; `total` bounded by `budgetMs`. */
export async function publishRate(host: string, total: number, budgetMs: number): Promise<number> {
  const pubsub = client(host);
  try {
    const n = names('pub');
    const [topic] = await pubsub.createTopic(n.topic);
    topic.setPublishOptions({ batching: BATCHING });
    const data = payload(1024);
    const { done, ms } = await pump(total, 5000, budgetMs, () => topic.publishMessage({ data }));
    await topic.delete().catch(() => {});
    return done / (ms / 1000);
  } finally {
    await pubsub.close();
  }
}

/** The client's StreamingPull stream count (its default is 5), when a benchmark sets one. */
function streaming(streams: number) {
  return { streamingOptions: { maxStreams: streams } };
}

/**
 * Messages per second through publish → StreamingPull → ack, measured to the last distinct receipt;
 * `streams` StreamingPull streams on the one subscription (the client's default 5 without it).
 */
export async function endToEndRate(
  host: string,
  total: number,
  budgetMs: number,
  streams?: number,
): Promise<number> {
  const pubsub = client(host);
  try {
    const n = names('e2e');
    const [topic] = await pubsub.createTopic(n.topic);
    topic.setPublishOptions({ batching: BATCHING });
    const [subscription] = await topic.createSubscription(n.sub);
    if (streams) subscription.setOptions(streaming(streams));
    const seen = new Set<string>();
    let published = Number.POSITIVE_INFINITY;
    let lastReceipt = 0;
    let guard: NodeJS.Timeout | undefined;
    const began = performance.now();
    const received = new Promise<void>((resolve, reject) => {
      guard = setTimeout(resolve, budgetMs * 1.5);
      subscription.on('error', reject);
      subscription.on('message', (message) => {
        message.ack();
        seen.add(message.id);
        lastReceipt = performance.now();
        if (seen.size >= Math.min(total, published)) resolve();
      });
    });
    const data = payload(1024);
    const result = await pump(total, 5000, budgetMs, () => topic.publishMessage({ data }));
    published = result.done;
    if (seen.size < published) await received;
    clearTimeout(guard);
    const rate = seen.size / ((lastReceipt - began) / 1000);
    await subscription.close();
    await subscription.delete().catch(() => {});
    await topic.delete().catch(() => {});
    return rate;
  } finally {
    await pubsub.close();
  }
}

/** p99 publish→receive latency (ms) at a steady `rate` msg/s for `seconds`, first 10% discarded. */
export async function steadyLatencyP99(
  host: string,
  rate: number,
  seconds: number,
  onDetail?: (text: string) => void,
  streams?: number,
): Promise<number> {
  const pubsub = client(host);
  try {
    const n = names('lat');
    const [topic] = await pubsub.createTopic(n.topic);
    // A 1 ms batching window: the default 10 ms would measure the client's timer, not the emulator,
    // and one Publish call per message would measure the client's per-call overhead.
    topic.setPublishOptions({ batching: { maxMessages: 100, maxMilliseconds: 1 } });
    const [subscription] = await topic.createSubscription(n.sub);
    if (streams) subscription.setOptions(streaming(streams));
    const total = Math.round(rate * seconds);
    const latencies = new Float64Array(total).fill(Number.NaN);
    let receivedCount = 0;
    let warmedUp = false;
    const allReceived = new Promise<void>((resolve, reject) => {
      subscription.on('error', reject);
      subscription.on('message', (message) => {
        message.ack();
        const seq = message.data.readUInt32LE(8);
        if (seq === 0xffffffff) warmedUp = true;
        if (seq < total && Number.isNaN(latencies[seq]!)) {
          latencies[seq] = performance.now() - message.data.readDoubleLE(0);
          if (++receivedCount === total) resolve();
        }
      });
    });
    const template = payload(1024);
    // Warm up: the StreamingPull streams must be open before the clock starts.
    const warm = Buffer.from(template);
    warm.writeUInt32LE(0xffffffff, 8);
    await topic.publishMessage({ data: warm });
    const waitStart = performance.now();
    await new Promise<void>((resolve) => {
      const check = setInterval(() => {
        if (warmedUp || performance.now() - waitStart > 10_000) {
          clearInterval(check);
          resolve();
        }
      }, 5);
    });
    // The client's own event-loop stalls, to tell a slow emulator from a busy client in the tail.
    const loopDelay = monitorEventLoopDelay({ resolution: 1 });
    loopDelay.enable();
    const began = performance.now();
    let sent = 0;
    const publishes: Promise<unknown>[] = [];
    while (sent < total) {
      const due = Math.min(total, Math.floor(((performance.now() - began) / 1000) * rate));
      for (; sent < due; sent++) {
        const data = Buffer.from(template);
        data.writeDoubleLE(performance.now(), 0);
        data.writeUInt32LE(sent, 8);
        publishes.push(topic.publishMessage({ data }));
      }
      await new Promise((r) => setTimeout(r, 2));
    }
    await Promise.all(publishes);
    let guard: NodeJS.Timeout | undefined;
    await Promise.race([allReceived, new Promise((r) => (guard = setTimeout(r, 15_000)))]);
    clearTimeout(guard);
    await subscription.close();
    await subscription.delete().catch(() => {});
    await topic.delete().catch(() => {});
    const kept = latencies.subarray(Math.floor(total / 10)).filter((v) => !Number.isNaN(v));
    if (kept.length < total * 0.5) throw new Error(`only ${receivedCount} of ${total} messages received`);
    kept.sort();
    loopDelay.disable();
    onDetail?.(
      `p50 ${percentileSorted(kept, 50).toFixed(2)} ms, p99 ${percentileSorted(kept, 99).toFixed(2)} ms; ` +
        `client event-loop delay p99 ${(loopDelay.percentile(99) / 1e6).toFixed(1)} ms, max ${(loopDelay.max / 1e6).toFixed(1)} ms`,
    );
    return percentileSorted(kept, 99);
  } finally {
    await pubsub.close();
  }
}

export interface BacklogResult {
  published: number;
  publishMs: number;
  drained: number;
  drainMs: number;
}

/**
 * Publishes `total` × `bytes` messages to a topic with one pull subscription and nobody pulling,
 * calls `holding()` (to read the server's RSS) once all are accepted, then drains them with
 * StreamingPull + ack.
 */
export async function backlogFillAndDrain(
  host: string,
  total: number,
  bytes: number,
  budgetMs: number,
  holding: () => Promise<void>,
  drainBudgetMs = budgetMs,
): Promise<BacklogResult> {
  const pubsub = client(host);
  try {
    const n = names('backlog');
    const [topic] = await pubsub.createTopic(n.topic);
    topic.setPublishOptions({ batching: BATCHING });
    await topic.createSubscription(n.sub, { ackDeadlineSeconds: 60 });
    const data = payload(bytes);
    const fill = await pump(total, 10_000, budgetMs, () => topic.publishMessage({ data }));
    await holding();
    const subscription = pubsub.subscription(n.sub, {
      flowControl: { maxMessages: 5000, allowExcessMessages: false },
    });
    let drained = 0;
    const began = performance.now();
    let last = began;
    await new Promise<void>((resolve, reject) => {
      const guard = setTimeout(resolve, drainBudgetMs);
      subscription.on('error', reject);
      subscription.on('message', (message) => {
        message.ack();
        drained++;
        last = performance.now();
        if (drained >= fill.done) {
          clearTimeout(guard);
          resolve();
        }
      });
    });
    await subscription.close();
    await pubsub
      .subscription(n.sub)
      .delete()
      .catch(() => {});
    await topic.delete().catch(() => {});
    return { published: fill.done, publishMs: fill.ms, drained, drainMs: last - began };
  } finally {
    await pubsub.close();
  }
}
