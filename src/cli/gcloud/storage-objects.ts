// `devkit storage ls|cp|mv|rm|cat` with gcloud storage's flags: several sources, wildcards (* and
// **), -r, transfers in parallel (as gcloud storage does by default).
import type { Command } from 'commander';
import { type FormatFlags, formatOf, printResource, withFormat } from './gcloud-command.ts';
import { listUrls, renderList } from './gs-list.ts';
import { copy, eachLimited, matchObjects } from './gs-objects.ts';
import { parseGsUrl } from './gs-urls.ts';
import { run } from './run.ts';
import { readStdin, withStorage } from './storage-client.ts';

const PARALLEL = 16;

interface CopyFlags {
  recursive?: boolean;
}

export function registerObjectCommands(storage: Command): void {
  withFormat(
    storage
      .command('ls [url...]')
      .description('list buckets, or objects and prefixes under gs://bucket[/prefix] (wildcards allowed)')
      .option('-l, --long', 'size, time and URL, and a total')
      .option('-r, --recursive', 'every object below, not one level')
      .option('-R', 'same as -r'),
  ).action(
    run(async (urls: string[], f: FormatFlags & { long?: boolean; recursive?: boolean; R?: boolean }) =>
      withStorage(async (client) => {
        const entries = await listUrls(client, urls, Boolean(f.recursive || f.R));
        if (formatOf(f)) printResource(entries, f);
        else process.stdout.write(renderList(entries, Boolean(f.long)));
      }),
    ),
  );
  for (const verb of ['cp', 'mv'] as const)
    storage
      .command(`${verb} <urls...>`)
      .description(
        verb === 'cp'
          ? 'copy files/objects: SOURCE... DESTINATION ("-" is stdin or stdout)'
          : 'move files/objects: SOURCE... DESTINATION',
      )
      .option('-r, --recursive', 'copy folders and prefixes with everything below')
      .option('-R', 'same as -r')
      .action(
        run(async (urls: string[], f: CopyFlags & { R?: boolean }) =>
          withStorage(async (client) => {
            const count = await copyCommand(client, urls, {
              recursive: Boolean(f.recursive || f.R),
              move: verb === 'mv',
              parallel: PARALLEL,
            });
            if (count > 1) process.stderr.write(`Completed files ${count}/${count}\n`);
          }),
        ),
      );
  storage
    .command('rm <urls...>')
    .description('delete objects (wildcards allowed); -r also deletes a bucket given as gs://bucket')
    .option('-r, --recursive', 'everything under a prefix; a bucket URL deletes the bucket too')
    .option('-R', 'same as -r')
    .action(
      run(async (urls: string[], f: CopyFlags & { R?: boolean }) =>
        withStorage(async (client) => {
          await removeUrls(client, urls, Boolean(f.recursive || f.R), PARALLEL);
        }),
      ),
    );
  storage
    .command('cat <urls...>')
    .description("print objects' content")
    .action(
      run(async (urls: string[]) =>
        withStorage(async (client) => {
          for (const url of urls)
            for (const file of await matchObjects(client, url, false))
              process.stdout.write((await file.download())[0]);
        }),
      ),
    );
}

/** cp/mv with the last argument as destination; `-` reads stdin or writes stdout. */
export async function copyCommand(
  client: import('@google-cloud/storage').Storage,
  urls: string[],
  options: { recursive: boolean; move: boolean; parallel: number },
): Promise<number> {
  if (urls.length < 2) throw new Error('expected SOURCE... DESTINATION');
  const destination = urls.at(-1)!;
  const sources = urls.slice(0, -1);
  const log = (line: string) => process.stderr.write(`${line}\n`);
  if (sources.length === 1 && sources[0] === '-') {
    const to = parseGsUrl(destination);
    if (!to?.object || to.object.endsWith('/'))
      throw new Error('copying stdin needs a destination object name');
    await client
      .bucket(to.bucket)
      .file(to.object)
      .save(await readStdin(), { resumable: false });
    return 1;
  }
  if (destination === '-') {
    for (const source of sources)
      for (const file of await matchObjects(client, source, false))
        process.stdout.write((await file.download())[0]);
    return sources.length;
  }
  return copy(client, sources, destination, { ...options, log });
}

/** Deletes what the URLs match; with -r a bare bucket URL removes its objects and then the bucket. */
export async function removeUrls(
  client: import('@google-cloud/storage').Storage,
  urls: string[],
  recursive: boolean,
  parallel: number,
): Promise<void> {
  for (const url of urls) {
    const gs = parseGsUrl(url);
    if (!gs) throw new Error(`expected a gs:// URL, got "${url}"`);
    const files =
      gs.object || !recursive
        ? await matchObjects(client, url, recursive)
        : (await client.bucket(gs.bucket).getFiles())[0];
    await eachLimited(files, parallel, async (file) => {
      await file.delete();
      process.stderr.write(`Removing gs://${file.bucket.name}/${file.name}...\n`);
    });
    if (!gs.object && recursive) {
      await client.bucket(gs.bucket).delete();
      process.stderr.write(`Removing gs://${gs.bucket}/...\n`);
    }
  }
}
