// `devkit storage ls|cp|cat|rm gs://...`: gsutil-like commands over the official
// @google-cloud/storage client, against the emulator or GCS alike.
import { readFile, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Storage } from '@google-cloud/storage';
import type { Command } from 'commander';
import { createStorage } from '../../clients/index.ts';
import { configFor, handled, printListing } from '../output.ts';

interface GsPath {
  bucket: string;
  object: string;
}

/** `gs://bucket/path/to/object` → parts; undefined for a local path. */
export function parseGsPath(value: string): GsPath | undefined {
  const match = /^gs:\/\/([^/]+)\/?(.*)$/.exec(value);
  return match ? { bucket: match[1]!, object: match[2]! } : undefined;
}

function requireObject(value: string): GsPath {
  const path = parseGsPath(value);
  if (!path?.object) throw new Error(`expected gs://bucket/object, got "${value}"`);
  return path;
}

async function withStorage(use: (storage: Storage) => Promise<void>): Promise<void> {
  await use(createStorage(configFor(['storage'])));
}

export function register(program: Command): void {
  const storage = program
    .command('storage')
    .description('Cloud Storage buckets and objects (gs://bucket/object)');
  storage
    .command('ls [url]')
    .description('list buckets, or the objects under gs://bucket[/prefix]')
    .option('--json', 'print JSON')
    .action(
      handled(async (url: string | undefined, flags: { json?: boolean }) =>
        withStorage(async (client) => {
          if (!url) {
            const [buckets] = await client.getBuckets();
            const rows = buckets.map((b) => ({ name: b.name, url: `gs://${b.name}/` }));
            printListing(rows, {
              json: flags.json,
              headers: ['BUCKET'],
              row: (r) => [r.url],
              empty: 'No buckets.',
            });
            return;
          }
          const path = parseGsPath(url);
          if (!path) throw new Error(`expected gs://bucket[/prefix], got "${url}"`);
          const [files] = await client.bucket(path.bucket).getFiles({ prefix: path.object || undefined });
          const rows = files.map((f) => ({
            url: `gs://${path.bucket}/${f.name}`,
            name: f.name,
            size: Number(f.metadata.size ?? 0),
            generation: String(f.metadata.generation ?? ''),
            updated: String(f.metadata.updated ?? ''),
          }));
          printListing(rows, {
            json: flags.json,
            headers: ['SIZE', 'UPDATED', 'GENERATION', 'URL'],
            row: (r) => [r.size, r.updated, r.generation, r.url],
            empty: `No objects under ${url}.`,
          });
        }),
      ),
    );
  storage
    .command('cp <source> <destination>')
    .description('copy a file to, from or between buckets; "-" is stdin or stdout')
    .action(
      handled(async (source: string, destination: string) =>
        withStorage(async (client) => {
          const from = parseGsPath(source);
          const to = parseGsPath(destination);
          const target = (p: GsPath, name: string) =>
            !p.object || p.object.endsWith('/') ? `${p.object}${basename(name)}` : p.object;
          if (from && to) {
            await client
              .bucket(from.bucket)
              .file(requireObject(source).object)
              .copy(client.bucket(to.bucket).file(target(to, from.object)));
          } else if (to) {
            const data = source === '-' ? await readStdin() : await readFile(source);
            await client
              .bucket(to.bucket)
              .file(target(to, source === '-' ? 'stdin' : source))
              .save(data, { resumable: false });
          } else if (from) {
            const [data] = await client.bucket(from.bucket).file(requireObject(source).object).download();
            if (destination === '-') process.stdout.write(data);
            else
              await writeFile(
                destination.endsWith('/') ? `${destination}${basename(from.object)}` : destination,
                data,
              );
          } else throw new Error('one of source and destination must be a gs:// URL');
          if (destination !== '-') process.stderr.write(`Copied ${source} to ${destination}.\n`);
        }),
      ),
    );
  storage
    .command('cat <url>')
    .description("print an object's content")
    .action(
      handled(async (url: string) =>
        withStorage(async (client) => {
          const { bucket, object } = requireObject(url);
          const [data] = await client.bucket(bucket).file(object).download();
          process.stdout.write(data);
        }),
      ),
    );
  storage
    .command('rm <urls...>')
    .description('delete objects')
    .action(
      handled(async (urls: string[]) =>
        withStorage(async (client) => {
          for (const url of urls) {
            const { bucket, object } = requireObject(url);
            await client.bucket(bucket).file(object).delete();
            process.stdout.write(`Removed ${url}.\n`);
          }
        }),
      ),
    );
}

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
