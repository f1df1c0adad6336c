// The Pub/Sub message GCS publishes for an object event: documented attributes plus the
// config's custom ones, and the object resource as data for payload format JSON_API_V1.

import { objectResource } from '../http/resources.ts';
import type { ObjectEvent } from '../service/context.ts';
import type { NotificationRecord } from '../service/records.ts';

export interface OutboundMessage {
  topic: string;
  data: Buffer;
  attributes: Record<string, string>;
}

/** Whether `config` wants `event` (event-type and object-name-prefix filters). */
export function matches(config: NotificationRecord, event: ObjectEvent): boolean {
  if (config.eventTypes.length > 0 && !config.eventTypes.includes(event.type)) return false;
  return !config.objectNamePrefix || event.object.name.startsWith(config.objectNamePrefix);
}

export function buildMessage(
  config: NotificationRecord,
  event: ObjectEvent,
  baseUrl: string,
): OutboundMessage {
  const o = event.object;
  const attributes: Record<string, string> = {
    ...config.customAttributes,
    notificationConfig: `projects/_/buckets/${config.bucket}/notificationConfigs/${config.id}`,
    eventType: event.type,
    payloadFormat: config.payloadFormat,
    bucketId: o.bucket,
    objectId: o.name,
    objectGeneration: String(o.generation),
    eventTime: new Date(event.time).toISOString(),
  };
  if (event.overwroteGeneration !== undefined)
    attributes.overwroteGeneration = String(event.overwroteGeneration);
  if (event.overwrittenByGeneration !== undefined) {
    attributes.overwrittenByGeneration = String(event.overwrittenByGeneration);
  }
  const data =
    config.payloadFormat === 'JSON_API_V1'
      ? Buffer.from(JSON.stringify(objectResource(o, baseUrl), null, 2))
      : Buffer.alloc(0);
  return { topic: config.topic, data, attributes };
}
