// `devkit pubsub subscriptions create|update|delete|list|describe|pull|ack|modify-ack-deadline|seek`
// with gcloud's flags, over the official @google-cloud/pubsub client.
import type { PubSub } from '@google-cloud/pubsub';
import type { Command } from 'commander';
import { parsePositiveInt } from '../options.ts';
import { printListing } from '../output.ts';
import { acknowledge, modifyAckDeadline, pullOnce } from '../pubsub-rpc.ts';
import { printPulled } from '../pulled-table.ts';
import { withPubSub } from '../with-pubsub.ts';
import { apiJson } from './api-json.ts';
import { collectDict, collectList, parseInteger } from './gcloud-args.ts';
import { type FormatFlags, formatOf, gcloudGroup, printResource, withFormat } from './gcloud-command.ts';
import { run } from './run.ts';
import {
  addCreateOnlyFlags,
  addSubscriptionFlags,
  type SubscriptionFlags,
  subscriptionFields,
} from './subscription-flags.ts';

interface SubscriptionRow {
  name: string;
  topic?: string;
  ackDeadlineSeconds?: number;
  pushConfig?: { pushEndpoint?: string };
}

const topicPath = (client: PubSub) => (name: string) => client.topic(name).name;

export function registerSubscriptions(pubsub: Command): void {
  const subs = gcloudGroup(pubsub, 'subscriptions', 'manage Pub/Sub subscriptions');
  addCreateOnlyFlags(
    addSubscriptionFlags(subs.command('create <subscription...>').description('create subscriptions')),
  ).action(
    run(async (names: string[], f: SubscriptionFlags) =>
      withPubSub(async (client) => {
        for (const name of names) {
          const [sub] = await client.createSubscription(
            f.topic!,
            name,
            subscriptionFields(f, topicPath(client)),
          );
          process.stdout.write(`Created subscription [${sub.name}].\n`);
        }
      }),
    ),
  );
  addSubscriptionFlags(subs.command('update <subscription>').description('change a subscription'))
    .option('--clear-dead-letter-policy', 'remove the dead-letter policy')
    .option('--clear-retry-policy', 'back to immediate redelivery')
    .option('--update-labels <KEY=VALUE,...>', 'labels to add or change', collectDict)
    .action(
      run(async (name: string, f: SubscriptionFlags) =>
        withPubSub(async (client) => {
          const sub = client.subscription(name);
          const fields = subscriptionFields(f, topicPath(client));
          if (f.updateLabels) {
            const [current] = await sub.getMetadata();
            fields.labels = { ...(current.labels ?? {}), ...f.updateLabels };
          }
          if (Object.keys(fields).length === 0) throw new Error('Must specify at least one field to update.');
          await sub.setMetadata(fields);
          process.stdout.write(`Updated subscription [${sub.name}].\n`);
        }),
      ),
    );
  subs
    .command('delete <subscription...>')
    .description('delete subscriptions')
    .action(
      run(async (names: string[]) =>
        withPubSub(async (client) => {
          for (const name of names) {
            await client.subscription(name).delete();
            process.stdout.write(`Deleted subscription [${client.subscription(name).name}].\n`);
          }
        }),
      ),
    );
  withFormat(subs.command('list').description('list the subscriptions of the project')).action(
    run(async (f: FormatFlags) =>
      withPubSub(async (client) => {
        const [list] = await client.getSubscriptions();
        const rows = list.map((s) => apiJson({ ...s.metadata, name: s.name }) as SubscriptionRow);
        if (formatOf(f)) return printResource(rows, f);
        printListing(rows, {
          headers: ['NAME', 'TOPIC', 'ACK DEADLINE', 'TYPE'],
          row: (r) => [
            r.name,
            r.topic ?? '',
            r.ackDeadlineSeconds ?? 10,
            r.pushConfig?.pushEndpoint ? 'push' : 'pull',
          ],
          empty: 'Listed 0 items.',
        });
      }),
    ),
  );
  withFormat(subs.command('describe <subscription>').description('show one subscription')).action(
    run(async (name: string, f: FormatFlags) =>
      withPubSub(async (client) => {
        const [metadata] = await client.subscription(name).getMetadata();
        printResource(apiJson(metadata) ?? {}, f);
      }),
    ),
  );
  withFormat(
    subs
      .command('pull <subscription>')
      .description('pull messages once (synchronous Pull)')
      .option('--auto-ack', 'acknowledge what was pulled')
      .option('--limit <n>', 'most messages to pull (default 1)', parsePositiveInt, 1)
      .option('--wait', 'wait for a message instead of answering at once'),
  ).action(
    run(async (name: string, f: FormatFlags & { autoAck?: boolean; limit: number; wait?: boolean }) =>
      withPubSub(async (client) => {
        const messages = await pullOnce(client, name, f.limit, f.wait);
        if (f.autoAck)
          await acknowledge(
            client,
            name,
            messages.map((m) => m.ackId),
          );
        if (formatOf(f)) return printResource(messages, f);
        printPulled(messages, { ackIds: f.autoAck ? 'blank' : 'column' });
      }),
    ),
  );
  subs
    .command('ack <subscription>')
    .description('acknowledge messages by ack id')
    .requiredOption('--ack-ids <ID,...>', 'ack ids from a pull', collectList)
    .action(
      run(async (name: string, f: { ackIds: string[] }) =>
        withPubSub(async (client) => {
          await acknowledge(client, name, f.ackIds);
          process.stdout.write(
            `Acknowledged ${f.ackIds.length} message(s) on [${client.subscription(name).name}].\n`,
          );
        }),
      ),
    );
  subs
    .command('modify-ack-deadline <subscription>')
    .description('change the ack deadline of pulled messages (0 = nack)')
    .requiredOption('--ack-ids <ID,...>', 'ack ids from a pull', collectList)
    .requiredOption('--ack-deadline <seconds>', 'new deadline from now (0-600)', parseInteger)
    .action(
      run(async (name: string, f: { ackIds: string[]; ackDeadline: number }) =>
        withPubSub(async (client) => {
          await modifyAckDeadline(client, name, f.ackIds, f.ackDeadline);
          process.stdout.write(`Set ack deadline to ${f.ackDeadline}s for ${f.ackIds.length} message(s).\n`);
        }),
      ),
    );
  subs
    .command('seek <subscription>')
    .description('replay or skip messages: to a time or a snapshot')
    .option('--time <timestamp>', 'an RFC 3339 time, e.g. 2026-01-01T00:00:00Z')
    .option('--snapshot <snapshot>', 'a snapshot of this subscription')
    .action(
      run(async (name: string, f: { time?: string; snapshot?: string }) =>
        withPubSub(async (client) => {
          if (!f.time === !f.snapshot)
            throw new Error('Exactly one of (--snapshot | --time) must be specified.');
          const sub = client.subscription(name);
          if (f.snapshot) await sub.seek(client.snapshot(f.snapshot).name);
          else {
            const when = new Date(f.time!);
            if (Number.isNaN(when.getTime())) throw new Error(`invalid --time ${f.time}`);
            await sub.seek(when);
          }
          process.stdout.write(
            `Seeked subscription [${sub.name}] to ${f.snapshot ? `snapshot ${f.snapshot}` : f.time}.\n`,
          );
        }),
      ),
    );
}
