// The env contract between a harness (a scenario's pipeline, a test kit) and a team's own worker
// process: which subscription, bucket, topics and Redis key prefix to use. Unset, the worker's
// defaults apply, so the same worker runs as deployed on GCP.
import type { ReferenceNames } from '../workflow/index.ts';

export interface WorkerSettings {
  subscription: string;
  processedBucket: string;
  processingTopic: string;
  completeTopic: string;
  keyPrefix: string;
}

const VARIABLES: Record<keyof WorkerSettings, string> = {
  subscription: 'DEVKIT_SUBSCRIPTION',
  processedBucket: 'DEVKIT_PROCESSED_BUCKET',
  processingTopic: 'DEVKIT_PROCESSING_TOPIC',
  completeTopic: 'DEVKIT_COMPLETE_TOPIC',
  keyPrefix: 'DEVKIT_KEY_PREFIX',
};

/** The variables that point a worker at `names` under the Redis `keyPrefix`. */
export function workerEnv(names: ReferenceNames, keyPrefix: string): Record<string, string> {
  return {
    [VARIABLES.subscription]: names.workerSubscription,
    [VARIABLES.processedBucket]: names.processedBucket,
    [VARIABLES.processingTopic]: names.processing,
    [VARIABLES.completeTopic]: names.complete,
    [VARIABLES.keyPrefix]: keyPrefix,
  };
}

/** A worker's settings: each from its DEVKIT_* variable when set, else from `defaults`. */
export function workerSettingsFromEnv(
  defaults: WorkerSettings,
  env: Record<string, string | undefined> = process.env,
): WorkerSettings {
  const pick = (key: keyof WorkerSettings) => env[VARIABLES[key]]?.trim() || defaults[key];
  return {
    subscription: pick('subscription'),
    processedBucket: pick('processedBucket'),
    processingTopic: pick('processingTopic'),
    completeTopic: pick('completeTopic'),
    keyPrefix: pick('keyPrefix'),
  };
}
