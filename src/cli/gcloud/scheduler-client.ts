// A Cloud Scheduler client for one command and the names it resolves (`--location`, bare job ids).
import type { CloudSchedulerClient } from '@google-cloud/scheduler';
import { createSchedulerClient, schedulerParent } from '../../clients/index.ts';
import { configFor } from '../output.ts';

export interface SchedulerContext {
  client: CloudSchedulerClient;
  project: string;
  /** `projects/P/locations/L`, L from --location or the configured location. */
  parent: string;
  jobName(id: string): string;
  topicPath(topic: string): string;
}

export async function withScheduler(
  location: string | undefined,
  use: (ctx: SchedulerContext) => Promise<void>,
): Promise<void> {
  const config = configFor(['scheduler']);
  const client = createSchedulerClient(config);
  const parent = location ? `projects/${config.project}/locations/${location}` : schedulerParent(config);
  try {
    await use({
      client,
      project: config.project,
      parent,
      jobName: (id) => (id.startsWith('projects/') ? id : `${parent}/jobs/${id}`),
      topicPath: (t) => (t.startsWith('projects/') ? t : `projects/${config.project}/topics/${t}`),
    });
  } finally {
    await client.close();
  }
}
