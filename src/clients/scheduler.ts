// The Cloud Scheduler client for the configured target: the stand-in over plaintext gRPC locally.

import { CloudSchedulerClient } from '@google-cloud/scheduler';
import { credentials } from '@grpc/grpc-js';
import type { DevkitConfig } from '../config/index.ts';
import { splitHostPort } from './host-port.ts';

export function createSchedulerClient(config: DevkitConfig): CloudSchedulerClient {
  if (config.target === 'local') {
    const { host, port } = splitHostPort(config.schedulerEmulatorHost!);
    return new CloudSchedulerClient({
      apiEndpoint: host,
      port,
      sslCreds: credentials.createInsecure(),
      projectId: config.project,
      // Skips gax's metadata-server probe for a universe domain (see pubsub.ts).
      universeDomain: 'googleapis.com',
    });
  }
  return new CloudSchedulerClient({ projectId: config.project });
}

/** `projects/P/locations/L` for job names under the configured project. */
export function schedulerParent(config: DevkitConfig): string {
  return `projects/${config.project}/locations/${config.schedulerLocation}`;
}
