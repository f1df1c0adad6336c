// Short aliases kept from before the gcloud forms: `devkit pubsub publish <topic> --message ...
// --attribute k=v` (= topics publish) and `devkit pubsub pull <sub> [--ack]` (= subscriptions pull).
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { publish } from '../gcloud/pubsub-topics.ts';
import { parsePositiveInt } from '../options.ts';
import { handled, parentCommand, printJson } from '../output.ts';
import { acknowledge, pullOnce } from '../pubsub-rpc.ts';
import { printPulled } from '../pulled-table.ts';
import { withPubSub } from '../with-pubsub.ts';

interface PublishFlags {
  message?: string;
  attribute: Record<string, string>;
  orderingKey?: string;
  json?: boolean;
}

interface PullFlags {
  ack?: boolean;
  limit: number;
  wait?: boolean;
  json?: boolean;
}

function collectAttribute(value: string, previous: Record<string, string>): Record<string, string> {
  const at = value.indexOf('=');
  if (at < 1) throw new InvalidArgumentError(`expected key=value, got "${value}"`);
  return { ...previous, [value.slice(0, at)]: value.slice(at + 1) };
}

export function register(program: Command): void {
  const pubsub = parentCommand(program, 'pubsub', 'Pub/Sub topics, subscriptions and messages');
  pubsub
    .command('publish <topic>')
    .description('publish one message (alias of topics publish)')
    .option('-m, --message <data>', 'message body (UTF-8)')
    .option('-a, --attribute <key=value>', 'message attribute (repeatable)', collectAttribute, {})
    .option('--ordering-key <key>', 'ordering key (the topic publisher enables message ordering)')
    .option('--json', 'print JSON')
    .action(
      handled(async (topic: string, flags: PublishFlags) =>
        withPubSub(async (client) => {
          const messageId = await publish(client, topic, flags);
          if (flags.json) printJson({ messageIds: [messageId] });
          else process.stdout.write(`messageIds:\n- '${messageId}'\n`);
        }),
      ),
    );
  pubsub
    .command('pull <subscription>')
    .description('pull messages once; without --ack they are redelivered when the ack deadline passes')
    .option('--ack', 'acknowledge what was pulled')
    .option('--limit <n>', 'most messages to pull', parsePositiveInt, 1)
    .option('--wait', 'wait for a message instead of answering at once')
    .option('--json', 'print JSON')
    .action(
      handled(async (subscription: string, flags: PullFlags) =>
        withPubSub(async (client) => {
          const messages = await pullOnce(client, subscription, flags.limit, flags.wait);
          if (flags.ack)
            await acknowledge(
              client,
              subscription,
              messages.map((m) => m.ackId),
            );
          printPulled(messages, { json: flags.json, ackIds: flags.ack ? 'none' : 'column' });
        }),
      ),
    );
}
