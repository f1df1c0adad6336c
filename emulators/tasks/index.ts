// Public surface of the Cloud Tasks emulator.
export {
  type StartedTasksEmulator,
  startTasksEmulator,
  type TaskEvent,
  type TasksEmulatorOptions,
} from './start.ts';
export { burstFor, DEFAULT_RATE, type RateLimits } from './state/rate.ts';
export { DEFAULT_RETRY, nextAttemptAt, type RetryPolicy, retryDelay } from './state/retry.ts';
export type { AppEngineRoutes } from './targets/executor.ts';
