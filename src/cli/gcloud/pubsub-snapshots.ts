// `devkit pubsub snapshots create|list|describe|delete` over the official client.
import type { Command } from 'commander';
import { printListing } from '../output.ts';
import { withPubSub } from '../with-pubsub.ts';
import { apiJson } from './api-json.ts';
import { type FormatFlags, formatOf, gcloudGroup, printResource, withFormat } from './gcloud-command.ts';
import { run } from './run.ts';

export function registerSnapshots(pubsub: Command): void {
  const snapshots = gcloudGroup(pubsub, 'snapshots', 'manage Pub/Sub snapshots');
  snapshots
    .command('create <snapshot...>')
    .description("snapshot a subscription's unacknowledged messages")
    .requiredOption('--subscription <subscription>', 'the subscription to snapshot')
    .action(
      run(async (names: string[], f: { subscription: string }) =>
        withPubSub(async (client) => {
          for (const name of names) {
            const [snapshot] = await client.subscription(f.subscription).createSnapshot(name);
            process.stdout.write(`Created snapshot [${snapshot.name}].\n`);
          }
        }),
      ),
    );
  withFormat(snapshots.command('list').description('list the snapshots of the project')).action(
    run(async (f: FormatFlags) =>
      withPubSub(async (client) => {
        const [list] = await client.getSnapshots();
        const rows = list.map(
          (s) =>
            apiJson({ ...s.metadata, name: s.name }) as { name: string; topic?: string; expireTime?: string },
        );
        if (formatOf(f)) return printResource(rows, f);
        printListing(rows, {
          headers: ['SNAPSHOT_ID', 'TOPIC', 'EXPIRE_TIME'],
          row: (r) => [r.name, r.topic ?? '', r.expireTime ?? ''],
          empty: 'Listed 0 items.',
        });
      }),
    ),
  );
  withFormat(snapshots.command('describe <snapshot>').description('show one snapshot')).action(
    run(async (name: string, f: FormatFlags) =>
      withPubSub(async (client) => {
        const [list] = await client.getSnapshots();
        const full = client.snapshot(name).name;
        const found = list.find((s) => s.name === full);
        if (!found) throw new Error(`NOT_FOUND: Resource not found (resource=${name}).`);
        printResource(apiJson({ ...found.metadata, name: found.name }) ?? {}, f);
      }),
    ),
  );
  snapshots
    .command('delete <snapshot...>')
    .description('delete snapshots')
    .action(
      run(async (names: string[]) =>
        withPubSub(async (client) => {
          for (const name of names) {
            await client.snapshot(name).delete();
            process.stdout.write(`Deleted snapshot [${client.snapshot(name).name}].\n`);
          }
        }),
      ),
    );
}
