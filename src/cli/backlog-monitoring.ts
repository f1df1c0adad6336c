// Backlog on GCP: Google's own number, the Cloud Monitoring metric
// pubsub.googleapis.com/subscription/num_undelivered_messages (latest point in the last 10 minutes),
// read with the Pub/Sub client's credentials. Not exercised offline: no emulator serves Monitoring.
import type { PubSub } from '@google-cloud/pubsub';

const METRIC = 'pubsub.googleapis.com/subscription/num_undelivered_messages';

interface TimeSeries {
  resource?: { labels?: Record<string, string> };
  points?: Array<{ value?: { int64Value?: string; doubleValue?: number } }>;
}

/** Subscription id → backlog, for every subscription in the project that reported the metric. */
export async function monitoredBacklogs(pubsub: PubSub, project: string): Promise<Map<string, number>> {
  const end = new Date();
  const start = new Date(end.getTime() - 10 * 60_000);
  const query = new URLSearchParams({
    filter: `metric.type="${METRIC}"`,
    'interval.startTime': start.toISOString(),
    'interval.endTime': end.toISOString(),
  });
  const url = `https://monitoring.googleapis.com/v3/projects/${project}/timeSeries?${query}`;
  const response = await pubsub.auth.request<{ timeSeries?: TimeSeries[] }>({ url });
  const backlogs = new Map<string, number>();
  for (const series of response.data.timeSeries ?? []) {
    const id = series.resource?.labels?.subscription_id;
    // Points come newest first.
    const value = series.points?.[0]?.value;
    if (id && value) backlogs.set(id, Number(value.int64Value ?? value.doubleValue ?? 0));
  }
  return backlogs;
}
