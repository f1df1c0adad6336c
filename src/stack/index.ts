// Public surface of the stack: start everything local, or just a throwaway Redis.
export { trackedChildren } from './children.ts';
export { checkDockerEngine, type EngineCheck } from './docker-engine.ts';
export { emulatorOf } from './emulator-context.ts';
export { EMULATORS, type EmulatorSpec, type ServiceName } from './emulators.ts';
export {
  FAKE_GCS_SERVER_VERSION,
  type FakeGcsServerOptions,
  findFakeGcsServer,
  type StartedFakeGcsServer,
  startFakeGcsServer,
} from './fake-gcs-server.ts';
export { freePort } from './free-port.ts';
export { type LocalRedis, startLocalRedis } from './local-redis.ts';
export { type RedisServerOptions, type StartedRedis, startRedisServer, waitForPing } from './redis-server.ts';
export { type StackOptions, type StartedStack, startStack } from './stack.ts';
