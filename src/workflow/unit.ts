// A unit of work: one generation of one object, named `bucket/object#generation` from the
// notification's attributes — not the message id, so two messages about one object are one unit
// and an overwrite (new generation) is a new unit.
import type { Message } from '@google-cloud/pubsub';

export interface WorkUnit {
  /** `bucket/object#generation`. */
  readonly key: string;
  readonly bucket: string;
  readonly object: string;
  readonly generation: string;
  /** The notification's eventType, e.g. OBJECT_FINALIZE. */
  readonly eventType?: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly messageId: string;
  /** 1 on first delivery; counts up with redeliveries when the subscription has a dead-letter policy. */
  readonly deliveryAttempt: number;
}

export class InvalidUnitError extends Error {
  override readonly name = 'InvalidUnitError';
}

export const unitKey = (bucket: string, object: string, generation: string): string =>
  `${bucket}/${object}#${generation}`;

/** The unit a notification message is about; throws InvalidUnitError when attributes are missing. */
export function unitFromMessage(message: Pick<Message, 'attributes' | 'id' | 'deliveryAttempt'>): WorkUnit {
  const attributes = message.attributes ?? {};
  const { bucketId, objectId, objectGeneration } = attributes;
  if (!bucketId || !objectId || !objectGeneration || !/^\d+$/.test(objectGeneration)) {
    throw new InvalidUnitError(
      `message ${message.id} is not a storage notification: needs bucketId, objectId and a numeric ` +
        `objectGeneration attribute, got ${JSON.stringify(attributes)}`,
    );
  }
  return {
    key: unitKey(bucketId, objectId, objectGeneration),
    bucket: bucketId,
    object: objectId,
    generation: objectGeneration,
    eventType: attributes.eventType,
    attributes,
    messageId: message.id,
    deliveryAttempt: message.deliveryAttempt || 1,
  };
}

/** Attributes of `processing` / `complete` announcements: the unit's identity plus who worked on it. */
export function announcementAttributes(unit: WorkUnit, workerId: string): Record<string, string> {
  return {
    bucketId: unit.bucket,
    objectId: unit.object,
    objectGeneration: unit.generation,
    workerId,
    unitKey: unit.key,
  };
}
