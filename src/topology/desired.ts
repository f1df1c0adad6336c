// devkit.yaml → the desired resources of a plan, normalised exactly as listed resources are.
import { jobSpec } from './job-spec.ts';
import { notificationName, shortName, topicPath } from './names.ts';
import type { Resource } from './resources.ts';
import type { TopologyFile } from './schema.ts';
import { bucketSpec, notificationSpec, subscriptionSpec, topicSpec } from './specs.ts';
import { queueSpec } from './tasks-side.ts';

export function desiredResources(file: TopologyFile, project: string): Resource[] {
  const resources: Resource[] = [];
  const short = (full: string) => shortName(project, full);
  for (const topic of file.topics ?? []) {
    resources.push({ kind: 'topic', name: short(topicPath(project, topic.name)), spec: topicSpec(topic) });
  }
  for (const sub of file.subscriptions ?? []) {
    resources.push({
      kind: 'subscription',
      name: short(sub.name),
      spec: subscriptionSpec(project, { ...sub, pushEndpoint: sub.pushConfig?.pushEndpoint }),
    });
  }
  for (const bucket of file.buckets ?? []) {
    resources.push({ kind: 'bucket', name: bucket.name, spec: bucketSpec(bucket) });
    for (const notification of bucket.notifications ?? []) {
      const spec = notificationSpec(project, { ...notification, bucket: bucket.name });
      resources.push({
        kind: 'notification',
        name: notificationName(project, bucket.name, spec.topic, spec.objectNamePrefix),
        spec,
      });
    }
  }
  for (const job of file.jobs ?? []) {
    resources.push({ kind: 'job', name: job.name, spec: jobSpec(project, job) });
  }
  for (const queue of file.queues ?? [])
    resources.push({ kind: 'queue', name: queue.name, spec: queueSpec(queue) });
  return resources;
}
