// A Pub/Sub client for one command: opened from the resolved config, closed when the command is done.
import type { PubSub } from '@google-cloud/pubsub';
import { createPubSub } from '../clients/index.ts';
import { quietLocal } from '../topology/index.ts';
import { configFor } from './output.ts';

/** Runs `use` with a Pub/Sub client for the configured target, closing it afterwards. */
export async function withPubSub<T>(use: (pubsub: PubSub) => Promise<T>): Promise<T> {
  const config = configFor(['pubsub']);
  const pubsub = createPubSub(config, quietLocal(config));
  try {
    return await use(pubsub);
  } finally {
    await pubsub.close();
  }
}
