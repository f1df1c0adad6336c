// `devkit pubsub topics create|delete|list|describe|publish|update`, with gcloud's flags, over the
// official @google-cloud/pubsub client.
import type { Command } from 'commander';
import { printListing } from '../output.ts';
import { withPubSub } from '../with-pubsub.ts';
import { apiJson } from './api-json.ts';
import { collectDict, collectList, parseGcloudDuration, protoDuration } from './gcloud-args.ts';
import { type FormatFlags, formatOf, gcloudGroup, printResource, withFormat } from './gcloud-command.ts';
import { run } from './run.ts';

interface TopicFlags extends FormatFlags {
  labels?: Record<string, string>;
  messageRetentionDuration?: number;
  updateLabels?: Record<string, string>;
  removeLabels?: string[];
  clearLabels?: boolean;
  clearMessageRetentionDuration?: boolean;
}

interface PublishFlags extends FormatFlags {
  message?: string;
  attribute?: Record<string, string>;
  orderingKey?: string;
}

export function registerTopics(pubsub: Command): void {
  const topics = gcloudGroup(pubsub, 'topics', 'manage Pub/Sub topics');
  topics
    .command('create <topic...>')
    .description('create one or more topics')
    .option('--labels <KEY=VALUE,...>', 'labels to add', collectDict)
    .option(
      '--message-retention-duration <duration>',
      'keep published messages this long (10m..31d)',
      parseGcloudDuration,
    )
    .action(
      run(async (names: string[], f: TopicFlags) =>
        withPubSub(async (client) => {
          for (const name of names) {
            const [topic] = await client.createTopic({
              name,
              ...(f.labels ? { labels: f.labels } : {}),
              ...(f.messageRetentionDuration
                ? { messageRetentionDuration: protoDuration(f.messageRetentionDuration) }
                : {}),
            });
            process.stdout.write(`Created topic [${topic.name}].\n`);
          }
        }),
      ),
    );
  topics
    .command('delete <topic...>')
    .description('delete topics (their subscriptions stay, detached)')
    .action(
      run(async (names: string[]) =>
        withPubSub(async (client) => {
          for (const name of names) {
            await client.topic(name).delete();
            process.stdout.write(`Deleted topic [${client.topic(name).name}].\n`);
          }
        }),
      ),
    );
  withFormat(topics.command('list').description('list the topics of the project')).action(
    run(async (f: FormatFlags) =>
      withPubSub(async (client) => {
        const [list] = await client.getTopics();
        const rows = list.map(
          (t) => apiJson({ ...t.metadata, name: t.name }) as { name: string; labels?: object },
        );
        if (formatOf(f)) return printResource(rows, f);
        printListing(rows, {
          headers: ['NAME', 'LABELS'],
          row: (r) => [
            r.name,
            Object.entries(r.labels ?? {})
              .map(([k, v]) => `${k}=${v}`)
              .join(','),
          ],
          empty: 'Listed 0 items.',
        });
      }),
    ),
  );
  withFormat(topics.command('describe <topic>').description('show one topic')).action(
    run(async (name: string, f: FormatFlags) =>
      withPubSub(async (client) => {
        const [metadata] = await client.topic(name).getMetadata();
        printResource(apiJson(metadata) ?? {}, f);
      }),
    ),
  );
  topics
    .command('update <topic>')
    .description('update labels or message retention of a topic')
    .option('--update-labels <KEY=VALUE,...>', 'labels to add or change', collectDict)
    .option('--remove-labels <KEY,...>', 'labels to remove', collectList)
    .option('--clear-labels', 'remove every label')
    .option(
      '--message-retention-duration <duration>',
      'keep published messages this long',
      parseGcloudDuration,
    )
    .option('--clear-message-retention-duration', 'stop retaining published messages')
    .action(
      run(async (name: string, f: TopicFlags) =>
        withPubSub(async (client) => {
          const topic = client.topic(name);
          const [current] = await topic.getMetadata();
          const update: Record<string, unknown> = {};
          if (f.updateLabels || f.removeLabels || f.clearLabels) {
            const labels: Record<string, string> = f.clearLabels ? {} : { ...(current.labels ?? {}) };
            for (const key of f.removeLabels ?? []) delete labels[key];
            update.labels = { ...labels, ...(f.updateLabels ?? {}) };
          }
          if (f.messageRetentionDuration)
            update.messageRetentionDuration = protoDuration(f.messageRetentionDuration);
          if (f.clearMessageRetentionDuration) update.messageRetentionDuration = null;
          if (Object.keys(update).length === 0) throw new Error('Must specify at least one field to update.');
          await topic.setMetadata(update);
          process.stdout.write(`Updated topic [${topic.name}].\n`);
        }),
      ),
    );
  withFormat(
    topics
      .command('publish <topic>')
      .description('publish one message (data, attributes, or both)')
      .option('--message <data>', 'message body (UTF-8)')
      .option('--attribute <KEY=VALUE,...>', 'message attributes', collectDict)
      .option('--ordering-key <key>', 'ordering key'),
  ).action(
    run(async (topicName: string, f: PublishFlags) =>
      withPubSub(async (client) => {
        const messageIds = [await publish(client, topicName, f)];
        if (formatOf(f)) printResource({ messageIds }, f);
        else process.stdout.write(`messageIds:\n- '${messageIds[0]}'\n`);
      }),
    ),
  );
}

/** One message; gcloud refuses one with neither data nor attributes. */
export async function publish(
  client: import('@google-cloud/pubsub').PubSub,
  topicName: string,
  f: { message?: string; attribute?: Record<string, string>; orderingKey?: string },
): Promise<string> {
  const attributes = f.attribute ?? {};
  if (!f.message && Object.keys(attributes).length === 0)
    throw new Error(
      'You cannot send an empty message. You must specify either a MESSAGE, one or more ATTRIBUTE, or both.',
    );
  const topic = client.topic(topicName, f.orderingKey ? { messageOrdering: true } : {});
  return topic.publishMessage({
    ...(f.message ? { data: Buffer.from(f.message, 'utf8') } : {}),
    attributes,
    ...(f.orderingKey ? { orderingKey: f.orderingKey } : {}),
  });
}
