// `gcp-devkit/emulators`: each emulator's start function, for running one in-process
// (`await using ps = await startPubSubEmulator({ port: 0 })`).
export type { StartedServer } from './common/index.ts';
export {
  type FunctionHostOptions,
  type FunctionsHostOptions,
  type StartedFunctionHost,
  type StartedFunctionsHost,
  startFunctionHost,
  startFunctionsHost,
} from './functions/index.ts';
export {
  createIdentityIssuer,
  type IdentityIssuer,
  type IssuerOptions,
  type StartedIssuer,
} from './identity/index.ts';
export {
  type PubSubEmulatorOptions,
  type StartedPubSubEmulator,
  startPubSubEmulator,
} from './pubsub/index.ts';
export {
  type SchedulerEmulatorOptions,
  type StartedSchedulerEmulator,
  startSchedulerEmulator,
} from './scheduler/index.ts';
export {
  type StartedStorageEmulator,
  type StorageEmulatorOptions,
  startStorageEmulator,
} from './storage/index.ts';
export { type StartedTasksEmulator, startTasksEmulator, type TasksEmulatorOptions } from './tasks/index.ts';
