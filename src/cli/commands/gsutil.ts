// `devkit gsutil [-m] mb|rb|ls|cp|mv|rm|cat|notification ...`: gsutil's commands and flags over the
// official @google-cloud/storage client; -m runs transfers and deletions in parallel.
import type { Command } from 'commander';
import { collectList } from '../gcloud/gcloud-args.ts';
import { listUrls, renderList } from '../gcloud/gs-list.ts';
import { matchObjects } from '../gcloud/gs-objects.ts';
import { bucketName, createBucket } from '../gcloud/storage-buckets.ts';
import { withStorage } from '../gcloud/storage-client.ts';
import {
  createNotification,
  deleteNotifications,
  listNotifications,
} from '../gcloud/storage-notifications.ts';
import { copyCommand, removeUrls } from '../gcloud/storage-objects.ts';
import { handled } from '../output.ts';

/** gsutil runs one request at a time unless -m is given. */
const parallelism = (command: Command) => (command.parent?.opts<{ m?: boolean }>().m ? 16 : 1);

function collectAttribute(value: string, previous: Record<string, string> = {}): Record<string, string> {
  const at = value.indexOf(':');
  if (at < 1) throw new Error(`expected KEY:VALUE, got "${value}"`);
  return { ...previous, [value.slice(0, at)]: value.slice(at + 1) };
}

export function register(program: Command): void {
  const gsutil = program
    .command('gsutil')
    .description('gsutil-shaped Cloud Storage commands (gs://bucket/object)')
    .option('-m', 'run operations in parallel')
    .option('-q', 'quiet');
  gsutil
    .command('mb <url...>')
    .description('make buckets')
    .option('-l <location>', 'location')
    .option('-c <class>', 'default storage class')
    .option('-b <on|off>', 'uniform bucket-level access')
    .action(
      handled(async (urls: string[], f: { l?: string; c?: string; b?: string }) =>
        withStorage(async (client) => {
          for (const url of urls)
            await createBucket(client, bucketName(url), {
              location: f.l,
              defaultStorageClass: f.c,
              uniformBucketLevelAccess: f.b === 'on',
            });
        }),
      ),
    );
  gsutil
    .command('rb <url...>')
    .description('remove buckets (empty, or any with -f... after rm -r)')
    .option('-f', 'continue despite errors')
    .action(
      handled(async (urls: string[], f: { f?: boolean }) =>
        withStorage(async (client) => {
          for (const url of urls) {
            process.stderr.write(`Removing gs://${bucketName(url)}/...\n`);
            await client
              .bucket(bucketName(url))
              .delete()
              .catch((err: Error) => {
                if (!f.f) throw err;
              });
          }
        }),
      ),
    );
  gsutil
    .command('ls [url...]')
    .description('list buckets or objects')
    .option('-l', 'long listing')
    .option('-r', 'recursive')
    .option('-R', 'recursive')
    .action(
      handled(async (urls: string[], f: { l?: boolean; r?: boolean; R?: boolean }) =>
        withStorage(async (client) => {
          process.stdout.write(renderList(await listUrls(client, urls, Boolean(f.r || f.R)), Boolean(f.l)));
        }),
      ),
    );
  for (const verb of ['cp', 'mv'] as const)
    gsutil
      .command(`${verb} <urls...>`)
      .description(`${verb === 'cp' ? 'copy' : 'move'} SOURCE... DESTINATION (wildcards, -r)`)
      .option('-r', 'recursive')
      .option('-R', 'recursive')
      .action(
        handled(async (urls: string[], f: { r?: boolean; R?: boolean }, command: Command) =>
          withStorage(async (client) => {
            const count = await copyCommand(client, urls, {
              recursive: Boolean(f.r || f.R),
              move: verb === 'mv',
              parallel: parallelism(command),
            });
            process.stderr.write(`Operation completed over ${count} objects.\n`);
          }),
        ),
      );
  gsutil
    .command('rm <urls...>')
    .description('remove objects (wildcards; -r a prefix, or a bucket and all it holds)')
    .option('-r', 'recursive')
    .option('-R', 'recursive')
    .option('-f', 'continue despite errors')
    .action(
      handled(async (urls: string[], f: { r?: boolean; R?: boolean }, command: Command) =>
        withStorage((client) => removeUrls(client, urls, Boolean(f.r || f.R), parallelism(command))),
      ),
    );
  gsutil
    .command('cat <urls...>')
    .description('print objects')
    .action(
      handled(async (urls: string[]) =>
        withStorage(async (client) => {
          for (const url of urls)
            for (const file of await matchObjects(client, url, false))
              process.stdout.write((await file.download())[0]);
        }),
      ),
    );
  registerNotification(gsutil);
}

function registerNotification(gsutil: Command): void {
  const notification = gsutil.command('notification').description('Pub/Sub notifications of buckets');
  notification
    .command('create <url>')
    .description('publish object changes of a bucket to a topic (created if missing)')
    .requiredOption('-t <topic>', 'topic')
    .requiredOption('-f <format>', 'json or none')
    .option('-e <event>', 'event type (repeatable)', collectList)
    .option('-p <prefix>', 'object name prefix')
    .option('-m <key:value>', 'custom attribute (repeatable)', collectAttribute)
    .option('-s', 'skip topic setup')
    .action(
      handled(
        async (
          url: string,
          f: { t: string; f: string; e?: string[]; p?: string; m?: Record<string, string>; s?: boolean },
        ) =>
          withStorage(async (client) => {
            if (!['json', 'none'].includes(f.f)) throw new Error('CommandException: -f must be json or none');
            const created = await createNotification(client, {
              bucket: bucketName(url),
              topic: f.t,
              payloadFormat: f.f as 'json' | 'none',
              eventTypes: f.e ?? [],
              objectPrefix: f.p,
              customAttributes: f.m,
              skipTopicSetup: f.s,
            });
            process.stdout.write(
              `Created notification config projects/_/buckets/${bucketName(url)}/notificationConfigs/${created.id}\n`,
            );
          }),
      ),
    );
  notification
    .command('list <url...>')
    .description('list notification configs')
    .action(
      handled(async (urls: string[]) =>
        withStorage(async (client) => {
          for (const url of urls)
            for (const n of await listNotifications(client, bucketName(url)))
              process.stdout.write(
                `projects/_/buckets/${bucketName(url)}/notificationConfigs/${n.id}\n\tCloud Pub/Sub topic: ${String(n.topic).replace('//pubsub.googleapis.com/', '')}\n`,
              );
        }),
      ),
    );
  notification
    .command('delete <url...>')
    .description('delete gs://B/notificationConfigs/ID, or every config of gs://B')
    .action(
      handled(async (urls: string[]) =>
        withStorage(async (client) => {
          for (const url of urls) await deleteNotifications(client, url);
        }),
      ),
    );
}
