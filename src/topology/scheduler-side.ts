// Cloud Scheduler jobs through the official @google-cloud/scheduler client: list them as
// resources, and carry out one planned change (create, update with a field mask, delete).
import type { CloudSchedulerClient } from '@google-cloud/scheduler';
import { fromProtoDuration, toProtoDuration } from './duration.ts';
import { type JobSpec, jobSpec } from './job-spec.ts';
import type { Change, Resource } from './resources.ts';

// biome-ignore lint/suspicious/noExplicitAny: protobuf messages as the client returns them, read field by field.
type Proto = Record<string, any>;

export async function readScheduler(
  client: CloudSchedulerClient,
  parent: string,
  project: string,
): Promise<Resource[]> {
  const [jobs] = await client.listJobs({ parent });
  return jobs.map((job) => {
    const j = job as Proto;
    const retry = (j.retryConfig ?? {}) as Proto;
    const spec = jobSpec(project, {
      schedule: j.schedule,
      timeZone: j.timeZone,
      description: j.description,
      attemptDeadline: fromProtoDuration(j.attemptDeadline),
      pubsubTarget: j.pubsubTarget && {
        topic: j.pubsubTarget.topicName,
        data: bytesToText(j.pubsubTarget.data),
        attributes: j.pubsubTarget.attributes,
      },
      httpTarget: j.httpTarget && {
        uri: j.httpTarget.uri,
        httpMethod: typeof j.httpTarget.httpMethod === 'string' ? j.httpTarget.httpMethod : undefined,
        body: bytesToText(j.httpTarget.body),
      },
      retryConfig: {
        retryCount: retry.retryCount,
        maxRetryDuration: fromProtoDuration(retry.maxRetryDuration),
        minBackoffDuration: fromProtoDuration(retry.minBackoffDuration),
        maxBackoffDuration: fromProtoDuration(retry.maxBackoffDuration),
        maxDoublings: retry.maxDoublings,
      },
    });
    return { kind: 'job', name: String(j.name).split('/').pop()!, spec };
  });
}

export async function applySchedulerChange(
  client: CloudSchedulerClient,
  parent: string,
  change: Change,
): Promise<void> {
  const name = `${parent}/jobs/${change.name}`;
  if (change.action === 'delete' || change.action === 'replace') await client.deleteJob({ name });
  if (change.action === 'create' || change.action === 'replace') {
    await client.createJob({ parent, job: jobMessage(name, change.desired!.spec as JobSpec) });
  }
  if (change.action === 'update') {
    const job = jobMessage(name, change.desired!.spec as JobSpec);
    // One target is set at a time: switching target kinds clears the other one through the mask.
    const paths = change.fields.map((field) => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`));
    await client.updateJob({ job, updateMask: { paths } });
  }
}

function jobMessage(name: string, spec: JobSpec): Proto {
  const retry = spec.retryConfig;
  return {
    name,
    schedule: spec.schedule,
    timeZone: spec.timeZone,
    description: spec.description,
    ...(spec.attemptDeadline !== undefined ? { attemptDeadline: toProtoDuration(spec.attemptDeadline) } : {}),
    ...(spec.pubsubTarget && {
      pubsubTarget: { ...spec.pubsubTarget, data: Buffer.from(spec.pubsubTarget.data, 'utf8') },
    }),
    ...(spec.httpTarget && {
      httpTarget: { ...spec.httpTarget, body: Buffer.from(spec.httpTarget.body, 'utf8') },
    }),
    retryConfig: {
      retryCount: retry.retryCount,
      maxDoublings: retry.maxDoublings,
      maxRetryDuration: toProtoDuration(retry.maxRetryDuration),
      minBackoffDuration: toProtoDuration(retry.minBackoffDuration),
      maxBackoffDuration: toProtoDuration(retry.maxBackoffDuration),
    },
  };
}

function bytesToText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return Buffer.from(value, 'base64').toString('utf8');
  return Buffer.from(value as Uint8Array).toString('utf8');
}
