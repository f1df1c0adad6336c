// The object operations `storage cp|mv|rm|ls|cat` and `gsutil cp|rm|ls|cat` share: wildcard
// expansion against bucket listings, several sources per call, -r, and parallel transfers.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { File, Storage } from '@google-cloud/storage';
import {
  expandLocal,
  type GsUrl,
  hasWildcard,
  literalPrefix,
  parseGsUrl,
  wildcardRegExp,
} from './gs-urls.ts';

/** Objects a gs:// URL names: one object, a wildcard's matches, or (recursive) everything under a prefix. */
export async function matchObjects(client: Storage, url: string, recursive: boolean): Promise<File[]> {
  const gs = parseGsUrl(url);
  if (!gs) throw new Error(`expected a gs:// URL, got "${url}"`);
  const bucket = client.bucket(gs.bucket);
  if (hasWildcard(gs.object)) {
    const [files] = await bucket.getFiles({ prefix: literalPrefix(gs.object) || undefined });
    const re = wildcardRegExp(gs.object);
    const found = files.filter(
      (f) => re.test(f.name) || (recursive && [...prefixesOf(f.name)].some((p) => re.test(p))),
    );
    return nonEmpty(found, url);
  }
  if (!gs.object) {
    if (!recursive) throw new Error(`${url} is a bucket: use -r to act on its objects`);
    return nonEmpty((await bucket.getFiles())[0], url);
  }
  if (recursive) {
    const [under] = await bucket.getFiles({ prefix: `${gs.object.replace(/\/$/, '')}/` });
    const [self] = await bucket.file(gs.object).exists();
    return nonEmpty(self ? [bucket.file(gs.object), ...under] : under, url);
  }
  return [bucket.file(gs.object)];
}

function* prefixesOf(name: string): Generator<string> {
  for (let at = name.indexOf('/'); at >= 0; at = name.indexOf('/', at + 1)) yield name.slice(0, at);
}

function nonEmpty(files: File[], url: string): File[] {
  if (files.length === 0) throw new Error(`The following URLs matched no objects or files:\n-${url}`);
  return files;
}

/** Runs `work` over items, at most `parallel` at once. */
export async function eachLimited<T>(
  items: T[],
  parallel: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(parallel, items.length)) }, worker));
}

interface CopyJob {
  describe: string;
  run(): Promise<void>;
}

/**
 * Copies every source to the destination. With several sources, a wildcard, -r, or a destination
 * ending in `/` (or a bare bucket), the destination is a folder and each copy keeps its name.
 */
export async function copy(
  client: Storage,
  sources: string[],
  destination: string,
  options: { recursive: boolean; parallel: number; log: (line: string) => void; move?: boolean },
): Promise<number> {
  const to = parseGsUrl(destination);
  const jobs: CopyJob[] = [];
  const many = sources.length > 1 || sources.some(hasWildcard) || options.recursive;
  const folder = many || destination.endsWith('/') || (to !== undefined && to.object === '');
  const target = (name: string) =>
    folder ? joinName(to ? to.object : destination, name) : to ? to.object : destination;
  for (const source of sources) {
    const from = parseGsUrl(source);
    if (from) {
      for (const file of await matchObjects(client, source, options.recursive)) {
        const name = relativeName(from, file.name, options.recursive);
        const url = `gs://${file.bucket.name}/${file.name}`;
        jobs.push({
          describe: url,
          run: async () => {
            if (to) await file.copy(client.bucket(to.bucket).file(target(name)));
            else {
              const path = target(name);
              await mkdir(dirname(path), { recursive: true });
              await writeFile(path, (await file.download())[0]);
            }
            if (options.move) await file.delete();
          },
        });
      }
    } else {
      if (!to) throw new Error('one of source and destination must be a gs:// URL');
      for (const local of await expandLocal(source, options.recursive))
        jobs.push({
          describe: `file://${local.file}`,
          run: async () => {
            await client
              .bucket(to.bucket)
              .file(target(local.name))
              .save(await readFile(local.file), { resumable: false });
          },
        });
    }
  }
  await eachLimited(jobs, options.parallel, async (job) => {
    options.log(`Copying ${job.describe} to ${destination}`);
    await job.run();
  });
  return jobs.length;
}

/** The name a copied object keeps: its base name, or (with -r) its path below the source's parent. */
function relativeName(from: GsUrl, name: string, recursive: boolean): string {
  if (!recursive || hasWildcard(from.object)) return name.split('/').pop()!;
  const parent = from.object.replace(/\/$/, '').split('/').slice(0, -1).join('/');
  return parent ? name.slice(parent.length + 1) : name;
}

function joinName(folder: string, name: string): string {
  if (!folder) return name;
  return folder.endsWith('/') ? `${folder}${name}` : join(folder, name).split('\\').join('/');
}
