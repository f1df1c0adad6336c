// `gcp-devkit`: what a team's workflow code imports — config (local or GCP by env), the official
// client factories, and the workflow library (worker, claim store, handlers, auditor).
export {
  type Clock,
  createLogger,
  type Logger,
  type LogLevel,
  manualClock,
  silentLogger,
  systemClock,
} from '../emulators/common/index.ts';
export * from './clients/index.ts';
export * from './config/index.ts';
export { type WorkerSettings, workerEnv, workerSettingsFromEnv } from './scenario/worker-env.ts';
export * from './workflow/index.ts';
