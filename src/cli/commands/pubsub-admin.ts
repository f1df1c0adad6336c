// `devkit pubsub topics|subscriptions create|list|delete`: gcloud-like administration over the
// official @google-cloud/pubsub client, against the emulator or GCP alike.
import type { Command } from 'commander';
import { parsePositiveInt } from '../options.ts';
import { handled, parentCommand, printListing } from '../output.ts';
import { withPubSub } from '../with-pubsub.ts';

interface SubscriptionFlags {
  topic: string;
  ackDeadline?: number;
  filter?: string;
  pushEndpoint?: string;
  deadLetterTopic?: string;
  maxDeliveryAttempts?: number;
  enableMessageOrdering?: boolean;
}

const short = (name: string) => name.split('/').pop() ?? name;

export function register(program: Command): void {
  const pubsub = parentCommand(program, 'pubsub', 'Pub/Sub topics, subscriptions and messages');
  const topics = pubsub.command('topics').description('create, list and delete topics');
  topics
    .command('create <names...>')
    .description('create topics')
    .action(
      handled(async (names: string[]) =>
        withPubSub(async (client) => {
          for (const name of names) {
            const [topic] = await client.createTopic(name);
            process.stdout.write(`Created topic [${topic.name}].\n`);
          }
        }),
      ),
    );
  topics
    .command('list')
    .description('list the topics of the project')
    .option('--json', 'print JSON')
    .action(
      handled(async (flags: { json?: boolean }) =>
        withPubSub(async (client) => {
          const [list] = await client.getTopics();
          const rows = list.map((t) => ({ name: short(t.name), fullName: t.name }));
          printListing(rows, {
            json: flags.json,
            headers: ['NAME', 'FULL NAME'],
            row: (r) => [r.name, r.fullName],
            empty: 'Listed 0 topics.',
          });
        }),
      ),
    );
  topics
    .command('delete <names...>')
    .description('delete topics (their subscriptions stay, detached)')
    .action(
      handled(async (names: string[]) =>
        withPubSub(async (client) => {
          for (const name of names) {
            await client.topic(name).delete();
            process.stdout.write(`Deleted topic [${client.topic(name).name}].\n`);
          }
        }),
      ),
    );

  const subs = pubsub.command('subscriptions').description('create, list and delete subscriptions');
  subs
    .command('create <name>')
    .description('create a pull (or push) subscription')
    .requiredOption('--topic <topic>', 'topic to subscribe to')
    .option('--ack-deadline <seconds>', 'ack deadline (10-600)', parsePositiveInt)
    .option('--filter <filter>', 'message filter, e.g. attributes.user_id = "alice"')
    .option('--push-endpoint <url>', 'push to this URL instead of waiting for pulls')
    .option('--dead-letter-topic <topic>', 'topic for messages that exceed --max-delivery-attempts')
    .option(
      '--max-delivery-attempts <n>',
      'delivery attempts before dead-lettering (5-100)',
      parsePositiveInt,
    )
    .option('--enable-message-ordering', 'deliver messages with one ordering key in order')
    .action(
      handled(async (name: string, f: SubscriptionFlags) =>
        withPubSub(async (client) => {
          const [sub] = await client.createSubscription(f.topic, name, {
            ackDeadlineSeconds: f.ackDeadline,
            filter: f.filter,
            enableMessageOrdering: f.enableMessageOrdering,
            ...(f.pushEndpoint ? { pushConfig: { pushEndpoint: f.pushEndpoint } } : {}),
            ...(f.deadLetterTopic
              ? {
                  deadLetterPolicy: {
                    deadLetterTopic: client.topic(f.deadLetterTopic).name,
                    maxDeliveryAttempts: f.maxDeliveryAttempts ?? 5,
                  },
                }
              : {}),
          });
          process.stdout.write(`Created subscription [${sub.name}].\n`);
        }),
      ),
    );
  subs
    .command('list')
    .description('list the subscriptions of the project')
    .option('--json', 'print JSON')
    .action(
      handled(async (flags: { json?: boolean }) =>
        withPubSub(async (client) => {
          const [list] = await client.getSubscriptions();
          const rows = list.map((s) => {
            const m = s.metadata ?? {};
            return {
              name: short(s.name),
              topic: short(String(m.topic ?? '')),
              ackDeadlineSeconds: Number(m.ackDeadlineSeconds ?? 10),
              type: m.pushConfig?.pushEndpoint ? 'push' : 'pull',
              filter: String(m.filter ?? ''),
              deadLetterTopic: short(String(m.deadLetterPolicy?.deadLetterTopic ?? '')),
            };
          });
          printListing(rows, {
            json: flags.json,
            headers: ['NAME', 'TOPIC', 'ACK DEADLINE', 'TYPE', 'DEAD LETTER', 'FILTER'],
            row: (r) => [r.name, r.topic, r.ackDeadlineSeconds, r.type, r.deadLetterTopic, r.filter],
            empty: 'Listed 0 subscriptions.',
          });
        }),
      ),
    );
  subs
    .command('delete <names...>')
    .description('delete subscriptions')
    .action(
      handled(async (names: string[]) =>
        withPubSub(async (client) => {
          for (const name of names) {
            await client.subscription(name).delete();
            process.stdout.write(`Deleted subscription [${client.subscription(name).name}].\n`);
          }
        }),
      ),
    );
}
