// Provisions the reference pipeline through the official clients, on any target: buckets
// work/processed (processed versioned), topics available/processing/complete/dead, the `worker`
// subscription with its dead-letter policy, auditor subscriptions, and the work bucket's
// notification to `available`. Idempotent. (A later topology module generalises this.)
import type { PubSub } from '@google-cloud/pubsub';
import type { Storage } from '@google-cloud/storage';

export interface ReferenceNames {
  workBucket: string;
  processedBucket: string;
  available: string;
  processing: string;
  complete: string;
  dead: string;
  workerSubscription: string;
  auditorProcessing: string;
  auditorComplete: string;
  auditorDead: string;
}

/** The reference names, each with an optional suffix (tests give every case its own). */
export function referenceNames(suffix = ''): ReferenceNames {
  const s = suffix ? `-${suffix}` : '';
  return {
    workBucket: `work${s}`,
    processedBucket: `processed${s}`,
    available: `available${s}`,
    processing: `processing${s}`,
    complete: `complete${s}`,
    dead: `dead${s}`,
    workerSubscription: `worker${s}`,
    auditorProcessing: `auditor-processing${s}`,
    auditorComplete: `auditor-complete${s}`,
    auditorDead: `auditor-dead${s}`,
  };
}

export interface TopologyOptions {
  /** Deliveries before a unit goes to `dead` (Pub/Sub allows 5..100). Default 5. */
  maxDeliveryAttempts?: number;
  /** Ack deadline of the worker subscription, seconds. Default 10. */
  ackDeadlineSeconds?: number;
  /** Redelivery backoff after a nack, [min, max] seconds. Default [1, 10]. */
  retryBackoffSeconds?: [number, number];
  /**
   * Create the work bucket's notification config (default true). fake-gcs-server has no API for
   * it and takes it as start flags instead (fakeGcsNotificationFlags).
   */
  notification?: boolean;
}

const exists = (err: unknown) => {
  const code = (err as { code?: number }).code;
  if (code !== 6 && code !== 409) throw err;
};

export async function provisionReferenceTopology(
  pubsub: PubSub,
  storage: Storage,
  names: ReferenceNames = referenceNames(),
  options: TopologyOptions = {},
): Promise<ReferenceNames> {
  await storage.createBucket(names.workBucket).catch(exists);
  await storage.createBucket(names.processedBucket, { versioning: { enabled: true } }).catch(exists);
  for (const topic of [names.available, names.processing, names.complete, names.dead]) {
    await pubsub.createTopic(topic).catch(exists);
  }
  const subscriptions: Array<[string, string, object]> = [
    [
      names.available,
      names.workerSubscription,
      {
        ackDeadlineSeconds: options.ackDeadlineSeconds ?? 10,
        deadLetterPolicy: {
          deadLetterTopic: pubsub.topic(names.dead).name,
          maxDeliveryAttempts: options.maxDeliveryAttempts ?? 5,
        },
        retryPolicy: {
          minimumBackoff: { seconds: options.retryBackoffSeconds?.[0] ?? 1 },
          maximumBackoff: { seconds: options.retryBackoffSeconds?.[1] ?? 10 },
        },
      },
    ],
    [names.processing, names.auditorProcessing, {}],
    [names.complete, names.auditorComplete, {}],
    [names.dead, names.auditorDead, {}],
  ];
  for (const [topic, subscription, settings] of subscriptions) {
    await pubsub.topic(topic).createSubscription(subscription, settings).catch(exists);
  }
  if (options.notification === false) return names;
  const [notifications] = await storage.bucket(names.workBucket).getNotifications();
  if (!notifications.some((n) => String(n.metadata.topic ?? '').endsWith(`/topics/${names.available}`))) {
    await storage.bucket(names.workBucket).createNotification(names.available, {
      eventTypes: ['OBJECT_FINALIZE'],
      payloadFormat: 'JSON_API_V1',
    });
  }
  return names;
}
