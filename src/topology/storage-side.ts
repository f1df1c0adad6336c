// Buckets and their Pub/Sub notification configs through the official @google-cloud/storage
// client: list them as resources, and carry out one planned change.
import type { Storage } from '@google-cloud/storage';
import { notificationName, stripPubsubHost } from './names.ts';
import type { Change, Resource } from './resources.ts';
import { bucketSpec, type NotificationSpec, notificationSpec } from './specs.ts';

// biome-ignore lint/suspicious/noExplicitAny: GCS JSON resources as the client returns them, read field by field.
type Json = Record<string, any>;

export async function readStorage(storage: Storage, project: string): Promise<Resource[]> {
  const [buckets] = await storage.getBuckets();
  const resources: Resource[] = [];
  for (const bucket of buckets) {
    const m = (bucket.metadata ?? {}) as Json;
    resources.push({
      kind: 'bucket',
      name: bucket.name,
      spec: bucketSpec({ versioning: Boolean(m.versioning?.enabled), labels: m.labels ?? {} }),
    });
    const [notifications] = await bucket.getNotifications();
    for (const notification of notifications) {
      const n = (notification.metadata ?? {}) as Json;
      const spec = notificationSpec(project, {
        bucket: bucket.name,
        topic: stripPubsubHost(String(n.topic ?? '')),
        eventTypes: n.event_types ?? n.eventTypes,
        objectNamePrefix: n.object_name_prefix ?? n.objectNamePrefix,
        payloadFormat: n.payload_format ?? n.payloadFormat,
        customAttributes: n.custom_attributes ?? n.customAttributes,
      });
      resources.push({
        kind: 'notification',
        name: notificationName(project, bucket.name, spec.topic, spec.objectNamePrefix),
        spec,
        ref: String(notification.id),
      });
    }
  }
  return resources;
}

export async function applyStorageChange(storage: Storage, change: Change): Promise<void> {
  if (change.kind === 'bucket') return applyBucket(storage, change);
  const { action } = change;
  if (action === 'delete' || action === 'replace') {
    const { bucket } = change.actual!.spec as NotificationSpec;
    await storage.bucket(bucket).notification(change.actual!.ref!).delete();
  }
  if (action === 'create' || action === 'replace') {
    const spec = change.desired!.spec as NotificationSpec;
    await storage.bucket(spec.bucket).createNotification(spec.topic, {
      ...(spec.eventTypes.length > 0 ? { eventTypes: spec.eventTypes } : {}),
      ...(spec.objectNamePrefix ? { objectNamePrefix: spec.objectNamePrefix } : {}),
      ...(Object.keys(spec.customAttributes).length > 0 ? { customAttributes: spec.customAttributes } : {}),
      payloadFormat: spec.payloadFormat,
    });
  }
}

async function applyBucket(storage: Storage, change: Change): Promise<void> {
  const bucket = storage.bucket(change.name);
  if (change.action === 'delete') {
    // An object-holding bucket fails with 409 here: prune never deletes anybody's data.
    await bucket.delete();
    return;
  }
  const spec = change.desired!.spec;
  const labels = spec.labels as Record<string, string> | undefined;
  if (change.action === 'create') {
    await storage.createBucket(change.name, {
      versioning: { enabled: spec.versioning as boolean },
      ...(labels ? { labels } : {}),
    });
    return;
  }
  if (change.action === 'update') {
    const patch: Json = {};
    if (change.fields.includes('versioning')) patch.versioning = { enabled: spec.versioning };
    if (change.fields.includes('labels')) {
      // GCS merges labels on patch: a label the file dropped must be sent as null to go away.
      const current = (change.actual!.spec.labels ?? {}) as Record<string, string>;
      patch.labels = { ...Object.fromEntries(Object.keys(current).map((k) => [k, null])), ...labels };
    }
    await bucket.setMetadata(patch);
  }
}
