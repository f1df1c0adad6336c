// The official Pub/Sub client for emulators that publish (Storage notifications, Scheduler
// targets, the function host), pointed at an emulator host. Loaded on first use: the package takes
// longer to load than our emulators take to start, and `devkit start` should not pay for it before
// anything publishes.
import type { PubSub } from '@google-cloud/pubsub';

let pubsubModule: Promise<typeof import('@google-cloud/pubsub')> | undefined;

export async function emulatorPubSubClient(host: string, project: string): Promise<PubSub> {
  pubsubModule ??= import('@google-cloud/pubsub');
  const { PubSub } = await pubsubModule;
  return new PubSub({
    projectId: project,
    apiEndpoint: host,
    emulatorMode: true,
    // An explicit universe stops gax probing the GCE metadata server (a warning, and a stall offline).
    universeDomain: 'googleapis.com',
  });
}
