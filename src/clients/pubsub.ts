// The Pub/Sub client for the configured target: the emulator's host:port locally, Google otherwise.
import { type ClientConfig, PubSub } from '@google-cloud/pubsub';
import type { DevkitConfig } from '../config/index.ts';

export function createPubSub(config: DevkitConfig, extra: ClientConfig = {}): PubSub {
  if (config.target === 'local') {
    return new PubSub({
      ...extra,
      projectId: config.project,
      apiEndpoint: config.pubsubEmulatorHost,
      emulatorMode: true,
    });
  }
  return new PubSub({ ...extra, projectId: config.project, emulatorMode: false });
}
