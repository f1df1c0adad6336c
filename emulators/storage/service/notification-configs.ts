// Notification config rules: topic forms (`//pubsub.googleapis.com/projects/P/topics/T` or
// `projects/P/topics/T`), event types, payload format; camelCase and snake_case bodies accepted.
import { createHash } from 'node:crypto';
import { invalidArgument, notFound } from '../../common/index.ts';
import { requireBucket } from './buckets.ts';
import type { StorageContext } from './context.ts';
import { EVENT_TYPES, type EventType, type NotificationRecord, type PayloadFormat } from './records.ts';

const TOPIC = /^(?:\/\/pubsub\.googleapis\.com\/)?(projects\/[^/]+\/topics\/[^/]+)$/;

const pick = (body: Record<string, unknown>, camel: string, snake: string) => body[camel] ?? body[snake];

export function createNotification(
  ctx: StorageContext,
  bucket: string,
  body: Record<string, unknown>,
): Promise<NotificationRecord> {
  const topicRaw = body.topic;
  const m = typeof topicRaw === 'string' ? TOPIC.exec(topicRaw) : null;
  if (!m) throw invalidArgument(`Invalid topic '${String(topicRaw)}': expected projects/P/topics/T.`);
  const eventTypes = (pick(body, 'eventTypes', 'event_types') ?? []) as unknown;
  if (!Array.isArray(eventTypes) || eventTypes.some((e) => !EVENT_TYPES.includes(e as EventType))) {
    throw invalidArgument(`Invalid event_types: expected any of ${EVENT_TYPES.join(', ')}.`);
  }
  const payloadFormat = (pick(body, 'payloadFormat', 'payload_format') ?? 'JSON_API_V1') as PayloadFormat;
  if (payloadFormat !== 'JSON_API_V1' && payloadFormat !== 'NONE') {
    throw invalidArgument(`Invalid payload_format '${String(payloadFormat)}'.`);
  }
  const custom = pick(body, 'customAttributes', 'custom_attributes') ?? {};
  if (typeof custom !== 'object' || custom === null || Array.isArray(custom)) {
    throw invalidArgument('custom_attributes must be an object.');
  }
  const prefix = pick(body, 'objectNamePrefix', 'object_name_prefix');
  if (prefix !== undefined && typeof prefix !== 'string')
    throw invalidArgument('object_name_prefix must be a string.');
  return ctx.exclusive(async () => {
    await requireBucket(ctx, bucket);
    const existing = await ctx.backend.listNotifications(bucket);
    if (existing.length >= 100)
      throw invalidArgument('A bucket can have at most 100 notification configurations.');
    const id = String(1 + existing.reduce((max, n) => Math.max(max, Number(n.id)), 0));
    const record: NotificationRecord = {
      id,
      bucket,
      topic: m[1]!,
      eventTypes: eventTypes as EventType[],
      customAttributes: Object.fromEntries(Object.entries(custom).map(([k, v]) => [k, String(v)])),
      payloadFormat,
      etag: createHash('md5').update(`${bucket}/${id}/${ctx.clock.now()}`).digest('base64'),
    };
    if (prefix) record.objectNamePrefix = prefix;
    await ctx.backend.putNotification(record);
    return record;
  });
}

export async function listNotifications(ctx: StorageContext, bucket: string): Promise<NotificationRecord[]> {
  await requireBucket(ctx, bucket);
  return (await ctx.backend.listNotifications(bucket)).sort((a, b) => Number(a.id) - Number(b.id));
}

export async function getNotification(
  ctx: StorageContext,
  bucket: string,
  id: string,
): Promise<NotificationRecord> {
  const found = (await listNotifications(ctx, bucket)).find((n) => n.id === id);
  if (!found) throw notFound(`No such notification configuration: ${id}`, { reason: 'notFound' });
  return found;
}

export function deleteNotification(ctx: StorageContext, bucket: string, id: string): Promise<void> {
  return ctx.exclusive(async () => {
    await getNotification(ctx, bucket, id);
    await ctx.backend.deleteNotification(bucket, id);
  });
}
