// The worker process: claims each work file in Redis, runs the handler, acks last; SIGTERM drains.
// It finds its services by env only: the local stack (`eval "$(npx devkit start | grep ^export)"`)
// or GCP (DEVKIT_TARGET=gcp, GOOGLE_CLOUD_PROJECT, no *_EMULATOR_HOST).
import {
  createLogger,
  createWorker,
  createWorkflowRuntime,
  resolveConfig,
  withDelay,
  workerSettingsFromEnv,
} from 'gcp-devkit';
import { uppercase } from './handler.ts';

// Scenarios and tests point the worker at their own names through DEVKIT_* variables.
const settings = workerSettingsFromEnv({
  subscription: 'worker',
  processedBucket: 'processed',
  processingTopic: 'processing',
  completeTopic: 'complete',
  keyPrefix: '{{name}}',
});
const config = resolveConfig({ services: ['pubsub', 'storage'] });
const runtime = createWorkflowRuntime(config, { keyPrefix: settings.keyPrefix });
const logger = createLogger();
const worker = createWorker({
  ...runtime,
  logger,
  subscription: settings.subscription,
  handler: withDelay(uppercase(settings.processedBucket), Number(process.env.HANDLER_DELAY_MS ?? 0)),
  topics: { processing: settings.processingTopic, complete: settings.completeTopic },
  workerId: process.env.DEVKIT_WORKER_ID,
  leaseMs: Number(process.env.WORKER_LEASE_MS ?? 30_000),
});

worker.start();
logger.info('worker ready', { target: config.target, project: config.project, workerId: worker.workerId });
const stop = async () => {
  await worker.stop();
  await runtime.close();
  process.exit(0);
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
worker.failed.catch(async (err: Error) => {
  logger.error('subscription failed', { error: err.message });
  await runtime.close();
  process.exit(1);
});
