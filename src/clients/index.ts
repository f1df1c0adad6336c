// Client factories: the only place in src/ that knows where services live.

export {
  detectStorageBackend,
  type FakeGcsNotification,
  type FakeGcsServerClient,
  type FakeGcsServerConfig,
  fakeGcsNotificationFlags,
  fakeGcsServerClient,
  type GcsEventType,
  type StorageBackendKind,
} from './fake-gcs-server.ts';
export { splitHostPort } from './host-port.ts';
export { createPubSub } from './pubsub.ts';
export { createRedis } from './redis.ts';
export { createSchedulerClient, schedulerParent } from './scheduler.ts';
export { createStorage } from './storage.ts';
export { createTasksClient, tasksParent } from './tasks.ts';
