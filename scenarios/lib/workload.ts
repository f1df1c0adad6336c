// Workload helpers beyond uploads: copies of notifications (duplicates), poison notifications.
import type { ScenarioContext } from '../../src/scenario/index.ts';
import type { Pipeline } from './pipeline.ts';

/** The attributes a GCS OBJECT_FINALIZE notification carries for one uploaded unit. */
export function notificationAttributes(unitKey: string): Record<string, string> {
  const match = /^([^/]+)\/(.+)#(\d+)$/.exec(unitKey);
  if (!match) throw new Error(`not a unit key: ${unitKey}`);
  return {
    bucketId: match[1]!,
    objectId: match[2]!,
    objectGeneration: match[3]!,
    eventType: 'OBJECT_FINALIZE',
    payloadFormat: 'JSON_API_V1',
    notificationConfig: 'projects/_/buckets/scenario/notificationConfigs/copy',
  };
}

/** Publishes `copies(unit)` extra notifications per uploaded unit, shuffled; returns how many. */
export async function republishNotifications(
  ctx: ScenarioContext,
  pipeline: Pipeline,
  copies: (unit: string) => number,
  topic = pipeline.names.available,
): Promise<number> {
  const messages: Record<string, string>[] = [];
  for (const unit of pipeline.units) {
    for (let i = copies(unit); i > 0; i--) messages.push(notificationAttributes(unit));
  }
  shuffle(messages, ctx.random);
  const publisher = ctx.pubsub.topic(topic);
  await Promise.all(
    messages.map((attributes) => publisher.publishMessage({ data: Buffer.from('{}'), attributes })),
  );
  return messages.length;
}

export function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}
