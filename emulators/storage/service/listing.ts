// objects.list: lexicographic order (by UTF-8 bytes, like GCS), prefix/delimiter folding into
// `prefixes`, start/end offsets, versions, matchGlob and opaque page tokens.
import { invalidArgument } from '../../common/index.ts';
import { requireBucket } from './buckets.ts';
import type { StorageContext } from './context.ts';
import { compileGlob } from './glob.ts';
import type { ObjectRecord } from './records.ts';
import { isRestorable, isSoftDeleted } from './soft-delete.ts';

export interface ListQuery {
  prefix?: string;
  delimiter?: string;
  startOffset?: string;
  endOffset?: string;
  versions?: boolean;
  maxResults?: number;
  pageToken?: string;
  matchGlob?: string;
  includeTrailingDelimiter?: boolean;
  /** Only soft-deleted generations still inside their window (every one of them, as GCS lists). */
  softDeleted?: boolean;
}

export interface ListPage {
  items: ObjectRecord[];
  prefixes: string[];
  nextPageToken?: string;
}

const byteCompare = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

interface Cursor {
  /** last emitted name or prefix */
  k: string;
  /** generation of the last emitted item (versions listing) */
  g?: number;
  /** the last emitted entry was a prefix */
  p?: boolean;
}

export async function listObjects(ctx: StorageContext, bucket: string, q: ListQuery): Promise<ListPage> {
  await requireBucket(ctx, bucket);
  const max = Math.min(q.maxResults ?? 1000, 1000);
  const cursor = q.pageToken ? decodeToken(q.pageToken) : undefined;
  const glob = q.matchGlob ? compileGlob(q.matchGlob) : undefined;
  const prefix = q.prefix ?? '';
  const now = ctx.clock.now();
  const shown = (o: ObjectRecord) =>
    q.softDeleted ? isRestorable(o, now) : !isSoftDeleted(o) && (q.versions || o.live);
  const all = (await ctx.backend.listObjects(bucket))
    .filter(shown)
    .filter((o) => o.name.startsWith(prefix))
    .filter((o) => !q.startOffset || byteCompare(o.name, q.startOffset) >= 0)
    .filter((o) => !q.endOffset || byteCompare(o.name, q.endOffset) < 0)
    .filter((o) => !glob || glob.test(o.name))
    .sort((a, b) => byteCompare(a.name, b.name) || a.generation - b.generation);

  const page: ListPage = { items: [], prefixes: [] };
  let last: Cursor | undefined;
  for (const o of all) {
    if (cursor && !isAfter(o, cursor)) continue;
    const folded = q.delimiter ? foldPrefix(o.name, prefix, q.delimiter) : undefined;
    if (folded !== undefined) {
      if (last?.p && last.k === folded) continue;
      if (page.items.length + page.prefixes.length >= max)
        return { ...page, nextPageToken: encodeToken(last!) };
      page.prefixes.push(folded);
      last = { k: folded, p: true };
      if (q.includeTrailingDelimiter && o.name === folded) page.items.push(o);
      continue;
    }
    if (page.items.length + page.prefixes.length >= max)
      return { ...page, nextPageToken: encodeToken(last!) };
    page.items.push(o);
    last = { k: o.name, g: o.generation };
  }
  return page;
}

/** The prefix `name` folds into under `delimiter`, if any. */
function foldPrefix(name: string, prefix: string, delimiter: string): string | undefined {
  const at = name.indexOf(delimiter, prefix.length);
  return at < 0 ? undefined : name.slice(0, at + delimiter.length);
}

function isAfter(o: ObjectRecord, c: Cursor): boolean {
  if (c.p) return !o.name.startsWith(c.k) && byteCompare(o.name, c.k) > 0;
  const cmp = byteCompare(o.name, c.k);
  return cmp > 0 || (cmp === 0 && c.g !== undefined && o.generation > c.g);
}

function encodeToken(c: Cursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

function decodeToken(token: string): Cursor {
  try {
    const c = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Cursor;
    if (typeof c.k !== 'string') throw new Error('bad');
    return c;
  } catch {
    throw invalidArgument(`Invalid pageToken '${token}'.`);
  }
}
