// Public surface of the Cloud Scheduler stand-in.

export {
  type FunctionHostOptions,
  type StartedFunctionHost,
  startFunctionHost,
} from '../functions/index.ts';
export { handleAdmin } from './http/admin-http.ts';
export { type AdvanceableClock, offsetClock } from './run/offset-clock.ts';
export {
  type SchedulerEmulatorOptions,
  type StartedSchedulerEmulator,
  startSchedulerEmulator,
} from './start.ts';
export { DEFAULT_RETRY, nextRetryAt, type RetryPolicy, retryDelay } from './state/backoff.ts';
export { DEFAULT_TIME_ZONE, nextScheduleTime, nextScheduleTimes, parseSchedule } from './state/cron.ts';
export { formatDuration, parseDuration, parseInstant } from './state/duration.ts';
export type { Job, JobInput } from './state/job-model.ts';
