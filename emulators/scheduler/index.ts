// Public surface of the Cloud Scheduler stand-in.
export { handleAdmin } from './admin-http.ts';
export { DEFAULT_RETRY, nextRetryAt, type RetryPolicy, retryDelay } from './backoff.ts';
export { DEFAULT_TIME_ZONE, nextScheduleTime, nextScheduleTimes, parseSchedule } from './cron.ts';
export { formatDuration, parseDuration, parseInstant } from './duration.ts';
export {
  type FunctionHostOptions,
  type StartedFunctionHost,
  startFunctionHost,
} from './functions/function-host.ts';
export type { Job, JobInput } from './job-model.ts';
export { type AdvanceableClock, offsetClock } from './offset-clock.ts';
export {
  type SchedulerEmulatorOptions,
  type StartedSchedulerEmulator,
  startSchedulerEmulator,
} from './start.ts';
