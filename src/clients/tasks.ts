// The Cloud Tasks client for the configured target: the emulator over plaintext gRPC locally
// (CLOUD_TASKS_EMULATOR_HOST), Google's endpoint otherwise.
import { CloudTasksClient } from '@google-cloud/tasks';
import { credentials } from '@grpc/grpc-js';
import type { DevkitConfig } from '../config/index.ts';
import { splitHostPort } from './host-port.ts';

export function createTasksClient(config: DevkitConfig): CloudTasksClient {
  if (config.target === 'local') {
    if (!config.tasksEmulatorHost) {
      throw new Error('CLOUD_TASKS_EMULATOR_HOST is not set: start the stack (`devkit start`) or set it');
    }
    const { host, port } = splitHostPort(config.tasksEmulatorHost);
    return new CloudTasksClient({
      apiEndpoint: host,
      port,
      sslCreds: credentials.createInsecure(),
      projectId: config.project,
      // Skips gax's metadata-server probe for a universe domain (see pubsub.ts).
      universeDomain: 'googleapis.com',
    });
  }
  return new CloudTasksClient({ projectId: config.project });
}

/** `projects/P/locations/L` for queue names under the configured project. */
export function tasksParent(config: DevkitConfig, location = config.schedulerLocation): string {
  return `projects/${config.project}/locations/${location}`;
}
