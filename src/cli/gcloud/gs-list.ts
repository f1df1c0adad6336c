// `storage ls` / `gsutil ls`: buckets, or a level of objects with its sub-prefixes (`gs://b/dir/`),
// every object with -r, long rows with -l, and JSON rows for --json/--format=json.
import type { Storage } from '@google-cloud/storage';
import { hasWildcard, literalPrefix, parseGsUrl, wildcardRegExp } from './gs-urls.ts';

export interface ListedEntry {
  url: string;
  type: 'bucket' | 'object' | 'prefix';
  name?: string;
  bucket?: string;
  size?: number;
  generation?: string;
  updated?: string;
  contentType?: string;
}

export async function listUrls(client: Storage, urls: string[], recursive: boolean): Promise<ListedEntry[]> {
  if (urls.length === 0) {
    const [buckets] = await client.getBuckets();
    return buckets.map((b) => ({ url: `gs://${b.name}/`, type: 'bucket', name: b.name }));
  }
  const out: ListedEntry[] = [];
  for (const url of urls) {
    const gs = parseGsUrl(url);
    if (!gs) throw new Error(`expected gs://bucket[/prefix], got "${url}"`);
    const bucket = client.bucket(gs.bucket);
    const wild = hasWildcard(gs.object);
    const prefix = wild ? literalPrefix(gs.object) : gs.object;
    const [files, , response] = await bucket.getFiles({
      prefix: prefix || undefined,
      ...(recursive || wild ? {} : { delimiter: '/' }),
      autoPaginate: true,
    });
    const re = wild ? wildcardRegExp(gs.object) : undefined;
    for (const f of files) {
      if (re && !re.test(f.name) && !(recursive && re.test(f.name.split('/')[0] ?? ''))) continue;
      out.push({
        url: `gs://${gs.bucket}/${f.name}`,
        type: 'object',
        name: f.name,
        bucket: gs.bucket,
        size: Number(f.metadata.size ?? 0),
        generation: String(f.metadata.generation ?? ''),
        updated: String(f.metadata.updated ?? ''),
        contentType: String(f.metadata.contentType ?? ''),
      });
    }
    const prefixes = ((response as { prefixes?: string[] } | undefined)?.prefixes ?? []).filter(Boolean);
    for (const p of prefixes)
      out.push({ url: `gs://${gs.bucket}/${p}`, type: 'prefix', name: p, bucket: gs.bucket });
    if (out.length === 0 && gs.object) throw new Error(`One or more URLs matched no objects.\n-${url}`);
  }
  return out.sort((a, b) => a.url.localeCompare(b.url));
}

/** gsutil/gcloud text: one URL a line, or `size  updated  url` rows and a TOTAL line with -l. */
export function renderList(entries: ListedEntry[], long: boolean): string {
  if (!long) return entries.map((e) => `${e.url}\n`).join('');
  const objects = entries.filter((e) => e.type === 'object');
  const lines = entries.map((e) =>
    e.type === 'object'
      ? `${String(e.size).padStart(10)}  ${e.updated}  ${e.url}`
      : `${' '.repeat(10)}  ${e.type === 'bucket' ? '' : ' '.repeat(24)}${e.url}`,
  );
  const bytes = objects.reduce((sum, e) => sum + (e.size ?? 0), 0);
  if (objects.length) lines.push(`TOTAL: ${objects.length} objects, ${bytes} bytes (${humanBytes(bytes)})`);
  return `${lines.join('\n')}\n`;
}

function humanBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit ? value.toFixed(2) : value} ${units[unit]}`;
}
