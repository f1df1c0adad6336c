// `devkit storage buckets create|delete|list|describe|update` with gcloud storage's flags.
import type { Command } from 'commander';
import { printListing } from '../output.ts';
import { apiJson } from './api-json.ts';
import { collectDict, collectList } from './gcloud-args.ts';
import { type FormatFlags, formatOf, gcloudGroup, printResource, withFormat } from './gcloud-command.ts';
import { parseGsUrl } from './gs-urls.ts';
import { run } from './run.ts';
import { withStorage } from './storage-client.ts';

interface BucketFlags {
  location?: string;
  defaultStorageClass?: string;
  uniformBucketLevelAccess?: boolean;
  versioning?: boolean;
  labels?: Record<string, string>;
  updateLabels?: Record<string, string>;
  removeLabels?: string[];
  clearLabels?: boolean;
}

/** `gs://name` or `name` → the bucket name. */
export function bucketName(url: string): string {
  const gs = parseGsUrl(url);
  if (gs?.object) throw new Error(`expected a bucket URL gs://BUCKET, got "${url}"`);
  return gs ? gs.bucket : url;
}

export function registerBuckets(storage: Command): GcloudBuckets {
  const buckets = gcloudGroup(storage, 'buckets', 'manage Cloud Storage buckets');
  buckets
    .command('create <url...>')
    .description('create buckets')
    .option('-l, --location <location>', 'bucket location (default US)')
    .option('-c, --default-storage-class <class>', 'storage class for new objects (default STANDARD)')
    .option('-b, --uniform-bucket-level-access', 'uniform bucket-level access')
    .option('--labels <KEY=VALUE,...>', 'labels', collectDict)
    .action(
      run(async (urls: string[], f: BucketFlags) =>
        withStorage(async (client) => {
          for (const url of urls) await createBucket(client, bucketName(url), f);
        }),
      ),
    );
  buckets
    .command('delete <url...>')
    .description('delete empty buckets')
    .action(
      run(async (urls: string[]) =>
        withStorage(async (client) => {
          for (const url of urls) {
            await client.bucket(bucketName(url)).delete();
            process.stderr.write(`Removing gs://${bucketName(url)}/...\n`);
          }
        }),
      ),
    );
  withFormat(buckets.command('list [url...]').description('list the buckets of the project')).action(
    run(async (urls: string[], f: FormatFlags) =>
      withStorage(async (client) => {
        const [list] = await client.getBuckets();
        const wanted = urls.map(bucketName);
        const rows = list
          .filter((b) => wanted.length === 0 || wanted.includes(b.name))
          .map(
            (b) =>
              ({ ...(apiJson(b.metadata) as object), storage_url: `gs://${b.name}/` }) as Record<
                string,
                string
              >,
          );
        if (formatOf(f)) return printResource(rows, f);
        printListing(rows, {
          headers: ['NAME', 'LOCATION', 'STORAGE_CLASS', 'URL'],
          row: (r) => [r.name ?? '', r.location ?? '', r.storageClass ?? '', r.storage_url ?? ''],
          empty: 'Listed 0 items.',
        });
      }),
    ),
  );
  withFormat(buckets.command('describe <url>').description('show one bucket')).action(
    run(async (url: string, f: FormatFlags) =>
      withStorage(async (client) => {
        const [metadata] = await client.bucket(bucketName(url)).getMetadata();
        printResource({ ...(apiJson(metadata) as object), storage_url: `gs://${bucketName(url)}/` }, f);
      }),
    ),
  );
  buckets
    .command('update <url...>')
    .description('change labels, versioning or the default storage class')
    .option('--update-labels <KEY=VALUE,...>', 'labels to add or change', collectDict)
    .option('--remove-labels <KEY,...>', 'labels to remove', collectList)
    .option('--clear-labels', 'remove every label')
    .option('--versioning', 'keep noncurrent object generations')
    .option('--no-versioning', 'stop keeping noncurrent generations')
    .option('-c, --default-storage-class <class>', 'storage class for new objects')
    .action(
      run(async (urls: string[], f: BucketFlags) =>
        withStorage(async (client) => {
          for (const url of urls) {
            const bucket = client.bucket(bucketName(url));
            const update: Record<string, unknown> = {};
            if (f.updateLabels || f.removeLabels || f.clearLabels) {
              const [current] = await bucket.getMetadata();
              const labels: Record<string, string | null> = {};
              for (const key of Object.keys(current.labels ?? {}))
                if (f.clearLabels || f.removeLabels?.includes(key)) labels[key] = null;
              update.labels = { ...labels, ...(f.updateLabels ?? {}) };
            }
            if (f.versioning !== undefined) update.versioning = { enabled: f.versioning };
            if (f.defaultStorageClass) update.storageClass = f.defaultStorageClass;
            if (Object.keys(update).length === 0)
              throw new Error('Must specify at least one field to update.');
            await bucket.setMetadata(update);
            process.stderr.write(`Updating gs://${bucket.name}/...\n`);
          }
        }),
      ),
    );
  return buckets;
}

type GcloudBuckets = ReturnType<typeof gcloudGroup>;

export async function createBucket(
  client: import('@google-cloud/storage').Storage,
  name: string,
  f: BucketFlags,
): Promise<void> {
  await client.createBucket(name, {
    ...(f.location ? { location: f.location } : {}),
    ...(f.defaultStorageClass ? { storageClass: f.defaultStorageClass } : {}),
    ...(f.uniformBucketLevelAccess
      ? { iamConfiguration: { uniformBucketLevelAccess: { enabled: true } } }
      : {}),
    ...(f.labels ? { labels: f.labels } : {}),
  });
  process.stderr.write(`Creating gs://${name}/...\n`);
}
