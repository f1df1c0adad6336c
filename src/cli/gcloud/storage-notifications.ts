// `devkit storage buckets notifications create|list|describe|delete` (gcloud storage) and the
// operations `gsutil notification` shares: the topic is created when missing, as both tools do.
import type { Storage } from '@google-cloud/storage';
import type { Command } from 'commander';
import { createPubSub } from '../../clients/index.ts';
import { quietLocal } from '../../topology/index.ts';
import { configFor, printListing } from '../output.ts';
import { apiJson } from './api-json.ts';
import { collectDict, collectList } from './gcloud-args.ts';
import { type FormatFlags, formatOf, gcloudGroup, printResource, withFormat } from './gcloud-command.ts';
import { parseGsUrl } from './gs-urls.ts';
import { run } from './run.ts';
import { withStorage } from './storage-client.ts';

export interface NotificationInput {
  bucket: string;
  topic: string;
  payloadFormat: 'json' | 'none';
  eventTypes: string[];
  objectPrefix?: string;
  customAttributes?: Record<string, string>;
  skipTopicSetup?: boolean;
}

/** Creates the config (and the topic unless it exists); returns the resource as the API has it. */
export async function createNotification(
  client: Storage,
  n: NotificationInput,
): Promise<Record<string, unknown>> {
  const config = configFor(['storage', 'pubsub']);
  const topic = n.topic.startsWith('projects/') ? n.topic : `projects/${config.project}/topics/${n.topic}`;
  if (!n.skipTopicSetup) {
    const pubsub = createPubSub(config, quietLocal(config));
    try {
      await pubsub.createTopic(topic).catch((err: { code?: number }) => {
        if (err.code !== 6) throw err;
      });
    } finally {
      await pubsub.close();
    }
  }
  const [notification] = await client.bucket(n.bucket).createNotification(topic, {
    payloadFormat: n.payloadFormat === 'none' ? 'NONE' : 'JSON_API_V1',
    ...(n.eventTypes.length ? { eventTypes: n.eventTypes } : {}),
    ...(n.objectPrefix ? { objectNamePrefix: n.objectPrefix } : {}),
    ...(n.customAttributes ? { customAttributes: n.customAttributes } : {}),
  });
  return apiJson(notification.metadata) as Record<string, unknown>;
}

export async function listNotifications(client: Storage, bucket: string): Promise<Record<string, unknown>[]> {
  const [list] = await client.bucket(bucket).getNotifications();
  return list.map((n) => apiJson(n.metadata) as Record<string, unknown>);
}

/** `gs://B/notificationConfigs/ID` → parts; `gs://B` alone means every config of B. */
export function notificationUrl(url: string): { bucket: string; id?: string } {
  const gs = parseGsUrl(url);
  if (!gs) throw new Error(`expected gs://BUCKET or gs://BUCKET/notificationConfigs/ID, got "${url}"`);
  const id = /^notificationConfigs\/(.+)$/.exec(gs.object)?.[1];
  if (gs.object && !id) throw new Error(`expected gs://BUCKET/notificationConfigs/ID, got "${url}"`);
  return { bucket: gs.bucket, id };
}

export function registerNotifications(buckets: Command): void {
  const notifications = gcloudGroup(buckets, 'notifications', 'Pub/Sub notifications of a bucket');
  notifications
    .command('create <url>')
    .description('publish object changes of a bucket to a topic')
    .requiredOption('-t, --topic <topic>', 'topic id or projects/P/topics/T (created if missing)')
    .option('-f, --payload-format <format>', 'json or none', 'json')
    .option(
      '-e, --event-types <TYPE,...>',
      'OBJECT_FINALIZE, OBJECT_METADATA_UPDATE, OBJECT_DELETE, OBJECT_ARCHIVE',
      collectList,
    )
    .option('-p, --object-prefix <prefix>', 'only objects whose name starts with this')
    .option('-m, --custom-attributes <KEY=VALUE,...>', 'attributes added to every message', collectDict)
    .option('-s, --skip-topic-setup', 'do not create the topic')
    .action(
      run(async (url: string, f: Omit<NotificationInput, 'bucket'>) =>
        withStorage(async (client) => {
          if (!['json', 'none'].includes(f.payloadFormat))
            throw new Error('--payload-format must be json or none');
          const created = await createNotification(client, {
            ...f,
            eventTypes: f.eventTypes ?? [],
            bucket: notificationUrl(url).bucket,
          });
          printResource(created, {});
        }),
      ),
    );
  withFormat(
    notifications.command('list [url...]').description('list notification configs of buckets'),
  ).action(
    run(async (urls: string[], f: FormatFlags) =>
      withStorage(async (client) => {
        const rows: Record<string, unknown>[] = [];
        for (const url of urls) rows.push(...(await listNotifications(client, notificationUrl(url).bucket)));
        if (formatOf(f)) return printResource(rows, f);
        printListing(rows, {
          headers: ['ID', 'TOPIC', 'PAYLOAD'],
          row: (r) => [String(r.id), String(r.topic), String(r.payload_format)],
          empty: 'Listed 0 items.',
        });
      }),
    ),
  );
  withFormat(
    notifications.command('describe <url>').description('show gs://BUCKET/notificationConfigs/ID'),
  ).action(
    run(async (url: string, f: FormatFlags) =>
      withStorage(async (client) => {
        const { bucket, id } = notificationUrl(url);
        if (!id) throw new Error('expected gs://BUCKET/notificationConfigs/ID');
        const [metadata] = await client.bucket(bucket).notification(id).getMetadata();
        printResource(apiJson(metadata), f);
      }),
    ),
  );
  notifications
    .command('delete <url...>')
    .description('delete gs://BUCKET/notificationConfigs/ID, or every config of gs://BUCKET')
    .action(
      run(async (urls: string[]) =>
        withStorage(async (client) => {
          for (const url of urls) await deleteNotifications(client, url);
        }),
      ),
    );
}

export async function deleteNotifications(client: Storage, url: string): Promise<void> {
  const { bucket, id } = notificationUrl(url);
  const ids = id ? [id] : (await listNotifications(client, bucket)).map((n) => String(n.id));
  for (const one of ids) {
    await client.bucket(bucket).notification(one).delete();
    process.stderr.write(`Deleted notification config gs://${bucket}/notificationConfigs/${one}.\n`);
  }
}
