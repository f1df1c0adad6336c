// The ACL lists of a bucket (`acl`, `defaultObjectAcl`) and of an object generation: list, get,
// insert (or replace), patch/update (must exist), delete; each change bumps the metageneration.
import { invalidArgument, notFound } from '../../common/index.ts';
import {
  type AclKind,
  objectOwner,
  predefinedAcl,
  readEntry,
  refuseIfPublic,
  refuseIfUniform,
  upsert,
} from './acl.ts';
import { requireBucket } from './buckets.ts';
import type { StorageContext } from './context.ts';
import { getObject } from './objects.ts';
import type { AclEntry, BucketRecord, ObjectRecord } from './records.ts';

export interface AclTarget {
  kind: AclKind;
  bucket: string;
  object?: string;
  generation?: number;
}

const LABEL: Record<AclKind, string> = {
  bucket: 'bucket',
  defaultObject: 'default object',
  object: 'object',
};

export const aclEntryNotFound = (entity: string) =>
  notFound(`Entity '${entity.slice(0, 200)}' is not in the ACL.`, { reason: 'notFound' });

/** The stored list, or the default a new bucket or object has. */
export function currentAcl(kind: AclKind, b: BucketRecord, o?: ObjectRecord): AclEntry[] {
  if (kind === 'bucket') return b.acl ?? predefinedAcl('bucket', 'projectPrivate', b.project);
  const bucketDefault = b.defaultObjectAcl ?? predefinedAcl('object', 'projectPrivate', b.project);
  return kind === 'object' ? (o?.acl ?? bucketDefault) : bucketDefault;
}

export async function readAcl(ctx: StorageContext, t: AclTarget) {
  const b = await requireBucket(ctx, t.bucket);
  refuseIfUniform(b, LABEL[t.kind]);
  const o = t.kind === 'object' ? await getObject(ctx, t.bucket, t.object!, t.generation) : undefined;
  return { bucket: b, object: o, entries: currentAcl(t.kind, b, o) };
}

/** Applies `change` to the list and stores it; returns the new list and the record's generation. */
export function changeAcl(
  ctx: StorageContext,
  t: AclTarget,
  change: (entries: AclEntry[]) => AclEntry[],
): Promise<{ entries: AclEntry[]; generation?: number }> {
  return ctx.exclusive(async () => {
    const { bucket, object, entries } = await readAcl(ctx, t);
    const next = change(entries);
    refuseIfPublic(bucket, next);
    const now = ctx.clock.now();
    if (object) {
      await ctx.backend.putObject({
        ...object,
        acl: next,
        metageneration: object.metageneration + 1,
        updated: now,
      });
      return { entries: next, generation: object.generation };
    }
    const key = t.kind === 'bucket' ? 'acl' : 'defaultObjectAcl';
    await ctx.backend.putBucket({
      ...bucket,
      [key]: next,
      metageneration: bucket.metageneration + 1,
      updated: now,
    });
    return { entries: next };
  });
}

export const insertEntry = (ctx: StorageContext, t: AclTarget, entry: AclEntry) =>
  changeAcl(ctx, t, (list) => upsert(list, entry));

/**
 * PUT/PATCH of one entity. GCS sets the entity's role whether or not it was in the list (the Go
 * client's `ACL().Set` updates entities a bucket never had, against the real service).
 */
export const replaceEntry = (ctx: StorageContext, t: AclTarget, entry: AclEntry) =>
  changeAcl(ctx, t, (list) => upsert(list, entry));

export const deleteEntry = (ctx: StorageContext, t: AclTarget, entity: string) =>
  changeAcl(ctx, t, (list) => {
    if (!list.some((e) => e.entity === entity)) throw aclEntryNotFound(entity);
    return list.filter((e) => e.entity !== entity);
  });

/** An `acl` / `defaultObjectAcl` list from a patch body (every entry checked), if present. */
export function aclFromBody(kind: AclKind, value: unknown): AclEntry[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw invalidArgument('Invalid value for acl: expected a list.');
  return value.map((e) => readEntry(kind, (e ?? {}) as Record<string, unknown>));
}

/**
 * Checks an object ACL change a patch/update asks for (body `acl` or `predefinedAcl`) before
 * anything changes: 400 under uniform access or for a bad entry or name, 412 for public entries
 * under enforced public access prevention. Returns the step that stores it, if any.
 */
export async function prepareObjectAcl(
  ctx: StorageContext,
  t: AclTarget,
  body: Record<string, unknown>,
  predefined: string | undefined,
): Promise<(() => Promise<unknown>) | undefined> {
  const fromBody = aclFromBody('object', body.acl);
  if (!fromBody && !predefined) return undefined;
  const { bucket, object } = await readAcl(ctx, t);
  // The object's owner keeps its OWNER entry under every predefined ACL.
  const entries =
    fromBody ?? predefinedAcl('object', predefined!, bucket.project, objectOwner(object!, bucket.project));
  refuseIfPublic(bucket, entries);
  return () => changeAcl(ctx, t, () => entries);
}
