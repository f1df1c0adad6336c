// Managed folders (`b/{bucket}/managedFolders`): insert (409 when taken), get, list (prefix,
// pages), delete (409 while objects sit under it unless allowNonEmpty). Kept on the bucket record,
// so they persist with --data-dir; names are paths ending in `/` (`a/b` is stored as `a/b/`).
import { alreadyExists, DevkitError, invalidArgument, notFound } from '../../common/index.ts';
import { uniformAccess } from './acl.ts';
import { requireBucket } from './buckets.ts';
import type { StorageContext } from './context.ts';
import { checkBucketPreconditions, type Preconditions } from './preconditions.ts';
import type { ManagedFolderRecord } from './records.ts';
import { isSoftDeleted } from './soft-delete.ts';

export const folderNotFound = (name: string) =>
  notFound(`The managed folder ${name.slice(0, 200)} does not exist.`, { reason: 'notFound' });

/** The stored form of a folder name: a non-empty path without empty segments, ending in `/`. */
export function folderName(raw: unknown): string {
  if (typeof raw !== 'string' || raw === '' || raw === '/') {
    throw invalidArgument('Required: name (the managed folder path).', { reason: 'required' });
  }
  const name = raw.endsWith('/') ? raw : `${raw}/`;
  // The managed folders page: no CR or LF, not `.` or `..` (as a segment here), at most 15 `/`
  // below the top folder (16 levels), not under `.well-known/acme-challenge/`; object-name length.
  const segments = name.slice(0, -1).split('/');
  if (
    name.startsWith('/') ||
    name.includes('//') ||
    /[\r\n]/.test(name) ||
    segments.some((s) => s === '.' || s === '..') ||
    segments.length > 16 ||
    name.startsWith('.well-known/acme-challenge/') ||
    Buffer.byteLength(name) > 1024
  ) {
    throw invalidArgument(`Invalid managed folder name '${raw.slice(0, 200)}'.`, { reason: 'invalid' });
  }
  return name;
}

export function insertFolder(ctx: StorageContext, bucket: string, raw: unknown) {
  const name = folderName(raw);
  return ctx.exclusive(async () => {
    const b = await requireBucket(ctx, bucket);
    // "Managed folders can only be created in buckets that have uniform bucket-level access
    // enabled" (the managed folders overview); refused like IAM Conditions without it.
    if (!uniformAccess(b)) {
      throw new DevkitError(
        'FAILED_PRECONDITION',
        'Managed folders can only be created in a bucket with uniform bucket-level access: enable uniform bucket-level access on the bucket first.',
        { httpStatus: 412, reason: 'conditionNotMet' },
      );
    }
    if (b.managedFolders?.[name]) {
      throw alreadyExists(`The managed folder ${name} already exists.`, { reason: 'conflict' });
    }
    const now = ctx.clock.now();
    const folder: ManagedFolderRecord = { created: now, updated: now, metageneration: 1 };
    await ctx.backend.putBucket({ ...b, managedFolders: { ...b.managedFolders, [name]: folder } });
    return { name, folder };
  });
}

export async function getFolder(ctx: StorageContext, bucket: string, raw: string, pre: Preconditions = {}) {
  const name = folderName(raw);
  const folder = (await requireBucket(ctx, bucket)).managedFolders?.[name];
  if (!folder) throw folderNotFound(name);
  checkBucketPreconditions(folder.metageneration, pre);
  return { name, folder };
}

export async function listFolders(ctx: StorageContext, bucket: string, prefix = '') {
  const b = await requireBucket(ctx, bucket);
  return Object.entries(b.managedFolders ?? {})
    .filter(([name]) => name.startsWith(prefix))
    .sort(([a], [z]) => Buffer.compare(Buffer.from(a), Buffer.from(z)))
    .map(([name, folder]) => ({ name, folder }));
}

export function deleteFolder(
  ctx: StorageContext,
  bucket: string,
  raw: string,
  pre: Preconditions,
  allowNonEmpty: boolean,
): Promise<void> {
  return ctx.exclusive(async () => {
    const { name } = await getFolder(ctx, bucket, raw, pre);
    if (!allowNonEmpty) {
      const inside = (await ctx.backend.listObjects(bucket)).some(
        (o) => o.live && !isSoftDeleted(o) && o.name.startsWith(name),
      );
      if (inside) {
        throw new DevkitError('ALREADY_EXISTS', `The managed folder ${name} is not empty.`, {
          reason: 'conflict',
        });
      }
    }
    const b = await requireBucket(ctx, bucket);
    const { [name]: _gone, ...rest } = b.managedFolders ?? {};
    await ctx.backend.putBucket({ ...b, managedFolders: rest });
  });
}
