// `devkit functions deploy NAME` with gcloud's flags → the deployment the Functions host takes.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { parse } from 'yaml';
import { triggerFromEvent } from '../../../emulators/functions/index.ts';
import { collectDict, parseGcloudDuration } from './gcloud-args.ts';

export interface DeployFlags {
  entryPoint?: string;
  runtime?: string;
  source: string;
  triggerTopic?: string;
  triggerBucket?: string;
  triggerHttp?: boolean;
  triggerEvent?: string;
  triggerResource?: string;
  setEnvVars?: Record<string, string>;
  envVarsFile?: string;
  timeout?: number;
  retry?: boolean;
  gen2?: boolean;
  region?: string;
}

export function addDeployFlags(command: Command): Command {
  return command
    .option('--entry-point <name>', 'exported function to run (default: the function name)')
    .requiredOption('--runtime <runtime>', 'nodejs20, nodejs22, nodejs24, python310 … python313')
    .option('--source <dir>', 'folder with the code (default: the current folder)', '.')
    .option('--trigger-topic <topic>', 'run on every message published to this topic')
    .option('--trigger-bucket <bucket>', 'run when an object is finalized in this bucket')
    .option('--trigger-http', 'run on HTTP requests (the URL is printed)')
    .option(
      '--trigger-event <type>',
      'event type, e.g. google.pubsub.topic.publish, google.storage.object.finalize',
    )
    .option('--trigger-resource <resource>', 'topic or bucket of --trigger-event')
    .option('--set-env-vars <KEY=VALUE,...>', 'environment variables of the function', collectDict)
    .option('--env-vars-file <file>', 'YAML file of KEY: VALUE environment variables')
    .option('--timeout <duration>', 'time one invocation may take (default 60s)', parseGcloudDuration)
    .option('--retry', 'retry a failed event (event triggers only)')
    .option('--gen2', '2nd gen: event functions take a CloudEvent')
    .option('--no-gen2', '1st gen (default here): event functions take (data, context)')
    .option('--region <region>', 'accepted for gcloud compatibility (the host has one region)')
    .option('--allow-unauthenticated', 'accepted for gcloud compatibility (local HTTP needs no auth)')
    .option('--memory <size>', 'accepted for gcloud compatibility (not enforced)');
}

/** The body POSTed to the host's /v1/functions. */
export function deployment(name: string, f: DeployFlags): Record<string, unknown> {
  const triggers = [f.triggerTopic, f.triggerBucket, f.triggerHttp, f.triggerEvent].filter(
    (t) => t !== undefined,
  );
  if (triggers.length !== 1)
    throw new Error(
      'Exactly one of (--trigger-bucket | --trigger-event | --trigger-http | --trigger-topic) must be specified.',
    );
  if (f.triggerEvent && !f.triggerResource)
    throw new Error('argument --trigger-resource: Must be specified with --trigger-event.');
  const trigger = f.triggerHttp
    ? { kind: 'http' }
    : f.triggerTopic
      ? { kind: 'topic', topic: f.triggerTopic }
      : f.triggerBucket
        ? {
            kind: 'bucket',
            bucket: f.triggerBucket.replace(/^gs:\/\//, '').replace(/\/$/, ''),
            eventType: 'google.storage.object.finalize',
          }
        : triggerFromEvent(f.triggerEvent!, f.triggerResource!);
  const fromFile = f.envVarsFile ? (parse(readFileSync(f.envVarsFile, 'utf8')) ?? {}) : {};
  const env = Object.fromEntries(
    Object.entries({ ...fromFile, ...(f.setEnvVars ?? {}) }).map(([k, v]) => [k, String(v)]),
  );
  return {
    name,
    runtime: f.runtime,
    entryPoint: f.entryPoint ?? name,
    source: resolve(f.source),
    trigger,
    signatureType: f.gen2 ? 'cloudevent' : 'event',
    env,
    ...(f.timeout !== undefined ? { timeoutSeconds: f.timeout } : {}),
    retry: Boolean(f.retry),
  };
}
