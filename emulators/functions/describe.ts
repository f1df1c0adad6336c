// The resource a deployed function reads as over the host's admin API, shaped like the Cloud
// Functions v1 `CloudFunction` gcloud describes (name, entryPoint, runtime, triggers, status).
import type { DeployedFunction } from './deployed-function.ts';
import type { TriggerWiring } from './triggers.ts';

export interface FunctionResource {
  name: string;
  entryPoint: string;
  runtime: string;
  status: 'ACTIVE';
  timeout: string;
  environmentVariables: Record<string, string>;
  updateTime: string;
  /** Where the code was deployed from (a local folder; not a Cloud Functions field). */
  sourceDir: string;
  /** `event` or `cloudevent` for event triggers, `http` for HTTP ones (not a Cloud Functions field). */
  signatureType: string;
  httpsTrigger?: { url: string };
  eventTrigger?: {
    eventType: string;
    resource: string;
    service: string;
    failurePolicy?: { retry: Record<string, never> };
    /** The push subscription feeding the function. */
    pubsubSubscription: string;
  };
}

export function functionUrl(hostUrl: string, project: string, region: string, name: string): string {
  return `${hostUrl}/${project}/${region}/${name}`;
}

export function describeFunction(
  fn: DeployedFunction,
  wiring: TriggerWiring | undefined,
  ctx: { hostUrl: string; project: string; region: string },
): FunctionResource {
  const { spec } = fn;
  const resource: FunctionResource = {
    name: `projects/${ctx.project}/locations/${ctx.region}/functions/${spec.name}`,
    entryPoint: spec.entryPoint,
    runtime: spec.runtime,
    status: 'ACTIVE',
    timeout: `${spec.timeoutSeconds}s`,
    environmentVariables: spec.env,
    updateTime: fn.updateTime,
    sourceDir: spec.source,
    signatureType: spec.signatureType,
  };
  if (spec.trigger.kind === 'http') {
    resource.httpsTrigger = { url: functionUrl(ctx.hostUrl, ctx.project, ctx.region, spec.name) };
  } else if (wiring) {
    const bucket = spec.trigger.kind === 'bucket';
    resource.eventTrigger = {
      eventType:
        bucket && spec.trigger.kind === 'bucket' ? spec.trigger.eventType : 'google.pubsub.topic.publish',
      resource: spec.trigger.kind === 'bucket' ? `projects/_/buckets/${spec.trigger.bucket}` : wiring.topic,
      service: bucket ? 'storage.googleapis.com' : 'pubsub.googleapis.com',
      ...(spec.retry ? { failurePolicy: { retry: {} } } : {}),
      pubsubSubscription: wiring.subscription,
    };
  }
  return resource;
}
