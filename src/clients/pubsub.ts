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
      // An explicit universe stops gax asking the GCE metadata server for one (a
      // MetadataLookupWarning on every process, and a stall where the probe hangs).
      universeDomain: 'googleapis.com',
    });
  }
  return new PubSub({ ...extra, projectId: config.project, emulatorMode: false });
}
