// Pub/Sub side of the notification tests: our Pub/Sub emulator, a topic + subscription per
// test, and a collector that waits for a number of messages.
import { randomBytes } from 'node:crypto';
import { type Message, PubSub } from '@google-cloud/pubsub';
import { createLogger } from '../../emulators/common/index.ts';
import { startPubSubEmulator } from '../../emulators/pubsub/index.ts';
import { PROJECT } from './helpers.ts';

// The Google clients probe the GCE metadata server for credentials; everything here is loopback.
process.env.METADATA_SERVER_DETECTION = 'none';

export interface Received {
  attributes: Record<string, string>;
  data: Buffer;
}

export async function startPubSub() {
  const emu = await startPubSubEmulator({ project: PROJECT, logger: createLogger('silent') });
  const client = new PubSub({ projectId: PROJECT, apiEndpoint: emu.address, emulatorMode: true });
  return {
    emu,
    client,
    async [Symbol.asyncDispose]() {
      await client.close();
      await emu.stop();
    },
  };
}

/** Creates a topic and a subscription on it; `next(n)` resolves with the first n messages. */
export async function topicWithCollector(client: PubSub) {
  const id = `gcs-${randomBytes(4).toString('hex')}`;
  const [topic] = await client.createTopic(id);
  const [sub] = await topic.createSubscription(`${id}-sub`);
  const received: Received[] = [];
  const waiters: (() => void)[] = [];
  sub.on('message', (m: Message) => {
    received.push({ attributes: { ...m.attributes }, data: Buffer.from(m.data) });
    m.ack();
    for (const w of waiters.splice(0)) w();
  });
  return {
    id,
    received,
    async next(n: number, timeoutMs = 10_000): Promise<Received[]> {
      const deadline = Date.now() + timeoutMs;
      while (received.length < n) {
        if (Date.now() > deadline) throw new Error(`only ${received.length}/${n} messages arrived`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 100);
        });
      }
      return received.slice(0, n);
    },
    close: () => sub.close(),
  };
}
