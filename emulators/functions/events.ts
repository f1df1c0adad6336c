// Turns what a trigger delivers (a Pub/Sub push envelope: a message published to the topic, or a
// Storage notification) into the request Cloud Functions sends the framework: a background event
// `{context, data}` (1st gen) or a structured CloudEvent (2nd gen).
import type { SignatureType } from './framework-process.ts';
import type { Trigger } from './function-spec.ts';

export interface PushEnvelope {
  message?: {
    data?: string;
    attributes?: Record<string, string>;
    messageId?: string;
    message_id?: string;
    publishTime?: string;
    orderingKey?: string;
  };
  subscription?: string;
}

export interface FrameworkRequest {
  headers: Record<string, string>;
  body: string;
}

const STORAGE_EVENT: Record<string, { background: string; cloud: string }> = {
  OBJECT_FINALIZE: {
    background: 'google.storage.object.finalize',
    cloud: 'google.cloud.storage.object.v1.finalized',
  },
  OBJECT_DELETE: {
    background: 'google.storage.object.delete',
    cloud: 'google.cloud.storage.object.v1.deleted',
  },
  OBJECT_ARCHIVE: {
    background: 'google.storage.object.archive',
    cloud: 'google.cloud.storage.object.v1.archived',
  },
  OBJECT_METADATA_UPDATE: {
    background: 'google.storage.object.metadataUpdate',
    cloud: 'google.cloud.storage.object.v1.metadataUpdated',
  },
};

/** The notification eventType (OBJECT_FINALIZE) a storage trigger's event type listens for. */
export function notificationEventType(eventType: string): string {
  const found = Object.entries(STORAGE_EVENT).find(([, names]) => names.background === eventType);
  return found?.[0] ?? 'OBJECT_FINALIZE';
}

/** The framework request for one pushed message. `topic` is the full topic name of a topic trigger. */
export function frameworkRequest(
  envelope: PushEnvelope,
  trigger: Trigger,
  signatureType: SignatureType,
  topic: string,
): FrameworkRequest {
  const message = envelope.message ?? {};
  const id = String(message.messageId ?? message.message_id ?? '');
  const time = message.publishTime ?? new Date().toISOString();
  if (trigger.kind === 'bucket') {
    const object = JSON.parse(Buffer.from(message.data ?? '', 'base64').toString('utf8') || '{}');
    const names =
      STORAGE_EVENT[message.attributes?.eventType ?? 'OBJECT_FINALIZE'] ?? STORAGE_EVENT.OBJECT_FINALIZE!;
    const resource = `projects/_/buckets/${object.bucket}/objects/${object.name}`;
    if (signatureType === 'cloudevent')
      return cloudEvent({
        id,
        time,
        type: names.cloud,
        source: `//storage.googleapis.com/projects/_/buckets/${object.bucket}`,
        subject: `objects/${object.name}`,
        data: object,
      });
    return backgroundEvent(
      { eventId: id, timestamp: time, eventType: names.background },
      { service: 'storage.googleapis.com', name: resource, type: 'storage#object' },
      object,
    );
  }
  // A message with attributes and no data keeps its attributes; proto3 JSON leaves empty data out.
  const pubsubMessage = {
    ...(message.data ? { data: message.data } : {}),
    ...(message.attributes && Object.keys(message.attributes).length
      ? { attributes: message.attributes }
      : {}),
  };
  if (signatureType === 'cloudevent')
    return cloudEvent({
      id,
      time,
      type: 'google.cloud.pubsub.topic.v1.messagePublished',
      source: `//pubsub.googleapis.com/${topic}`,
      data: {
        message: { ...pubsubMessage, messageId: id, publishTime: time },
        subscription: envelope.subscription,
      },
    });
  return backgroundEvent(
    { eventId: id, timestamp: time, eventType: 'google.pubsub.topic.publish' },
    {
      service: 'pubsub.googleapis.com',
      name: topic,
      type: 'type.googleapis.com/google.pubsub.v1.PubsubMessage',
    },
    { '@type': 'type.googleapis.com/google.pubsub.v1.PubsubMessage', ...pubsubMessage },
  );
}

/** What `functions call NAME --data JSON` sends an event function: the data as the event's data. */
export function callRequest(
  data: unknown,
  trigger: Trigger,
  signatureType: SignatureType,
  topic: string,
): FrameworkRequest {
  const id = `call-${Date.now().toString(36)}`;
  const time = new Date().toISOString();
  if (signatureType === 'cloudevent')
    return cloudEvent({
      id,
      time,
      type:
        trigger.kind === 'bucket'
          ? 'google.cloud.storage.object.v1.finalized'
          : 'google.cloud.pubsub.topic.v1.messagePublished',
      source:
        trigger.kind === 'bucket'
          ? `//storage.googleapis.com/projects/_/buckets/${trigger.bucket}`
          : `//pubsub.googleapis.com/${topic}`,
      data,
    });
  const eventType = trigger.kind === 'bucket' ? trigger.eventType : 'google.pubsub.topic.publish';
  const resource =
    trigger.kind === 'bucket'
      ? {
          service: 'storage.googleapis.com',
          name: `projects/_/buckets/${trigger.bucket}`,
          type: 'storage#object',
        }
      : {
          service: 'pubsub.googleapis.com',
          name: topic,
          type: 'type.googleapis.com/google.pubsub.v1.PubsubMessage',
        };
  return backgroundEvent({ eventId: id, timestamp: time, eventType }, resource, data);
}

function backgroundEvent(
  context: { eventId: string; timestamp: string; eventType: string },
  resource: Record<string, string>,
  data: unknown,
): FrameworkRequest {
  return {
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ context: { ...context, resource }, data }),
  };
}

function cloudEvent(event: {
  id: string;
  time: string;
  type: string;
  source: string;
  subject?: string;
  data: unknown;
}): FrameworkRequest {
  return {
    headers: { 'content-type': 'application/cloudevents+json' },
    body: JSON.stringify({ specversion: '1.0', datacontenttype: 'application/json', ...event }),
  };
}
