// Object generation rules: finalize a new generation (archiving or deleting the one it replaces),
// read under conditions, patch/update metadata (metageneration++), delete live or by generation.
import { invalidArgument, notFound } from '../../common/index.ts';
import type { BlobInfo } from '../backend/backend.ts';
import { type NewObjectAccess, newObjectAcl, type OwnedObject } from './acl.ts';
import { requireBucket } from './buckets.ts';
import type { StorageContext } from './context.ts';
import { applyHolds, type Holds, refuseIfHeld } from './holds.ts';
import { validateObjectName } from './names.ts';
import { applyPatch, type readFields, replaceFields } from './object-fields.ts';
import { checkRetentionChange, refuseIfObjectRetained, refuseRetentionOff } from './object-retention.ts';
import { checkPreconditions, type Preconditions } from './preconditions.ts';
import type {
  AclEntry,
  BucketRecord,
  CustomerEncryption,
  ObjectMetadataFields,
  ObjectRecord,
} from './records.ts';
import { refuseIfRetained } from './retention.ts';
import { discardGeneration, isSoftDeleted } from './soft-delete.ts';

export const objectNotFound = (bucket: string, name: string) =>
  notFound(`No such object: ${bucket}/${name}`, { reason: 'notFound' });

export interface FinalizeInput {
  bucket: string;
  name: string;
  blob: BlobInfo;
  fields: ObjectMetadataFields;
  pre: Preconditions;
  componentCount?: number;
  /** The destination's class as the request gave it; default: the bucket's. */
  storageClass?: string;
  /** Drop md5 (composite objects have none). */
  noMd5?: boolean;
  /** An ACL of its own (a restore's copied one); else `access` chooses it. */
  acl?: AclEntry[];
  /** The request's predefined ACL and uploader (else the bucket's default and the project owner). */
  access?: NewObjectAccess;
}

/** Makes `blob` the live generation of the object; the blob is deleted if the write is refused. */
export async function finalizeObject(ctx: StorageContext, input: FinalizeInput): Promise<ObjectRecord> {
  let committed = false;
  try {
    validateObjectName(input.name);
    return await ctx.exclusive(async () => {
      const bucket = await requireBucket(ctx, input.bucket);
      const current = await ctx.backend.getObject(input.bucket, input.name);
      checkPreconditions(current, input.pre);
      refuseIfHeld(current);
      const now = ctx.clock.now();
      refuseIfRetained(bucket, current, now);
      refuseIfObjectRetained(current, now);
      refuseRetentionOff(bucket, input.fields.retention);
      const { acl, owner } = newObjectAcl(bucket, input.access);
      const record: OwnedObject = {
        ...input.fields,
        bucket: input.bucket,
        name: input.name,
        generation: ctx.nextGeneration(),
        metageneration: 1,
        size: input.blob.size,
        crc32c: input.blob.crc32c,
        blobId: input.blob.blobId,
        storageClass: input.storageClass ?? bucket.storageClass,
        created: now,
        updated: now,
        live: true,
      };
      if (!input.noMd5) record.md5Hash = input.blob.md5Hash;
      if (bucket.extra?.defaultEventBasedHold === true) record.eventBasedHold = true;
      if (input.componentCount !== undefined) record.componentCount = input.componentCount;
      record.owner = owner;
      if (input.acl ?? acl) record.acl = input.acl ?? acl;
      await ctx.backend.putObject(record);
      committed = true;
      ctx.emit({
        type: 'OBJECT_FINALIZE',
        object: record,
        overwroteGeneration: current?.generation,
        time: now,
      });
      if (current) await retire(ctx, current, bucket, now, record.generation);
      return record;
    });
  } catch (err) {
    if (!committed) await ctx.backend.deleteBlob(input.blob.blobId);
    throw err;
  }
}

/**
 * Makes the live generation noncurrent (versioned bucket) or removes it (soft-deleted under the
 * bucket's policy). Call inside `exclusive`.
 */
export async function retire(
  ctx: StorageContext,
  current: ObjectRecord,
  bucket: BucketRecord,
  now: number,
  by?: number,
) {
  if (bucket.versioning) {
    const archived = { ...current, live: false, deleted: now };
    await ctx.backend.putObject(archived);
    ctx.emit({ type: 'OBJECT_ARCHIVE', object: archived, overwrittenByGeneration: by, time: now });
  } else {
    await discardGeneration(ctx, bucket, current, now);
    ctx.emit({ type: 'OBJECT_DELETE', object: current, overwrittenByGeneration: by, time: now });
  }
}

/** The live object, or a specific generation, after checking conditions (`read`: GET semantics). */
export async function getObject(
  ctx: StorageContext,
  bucket: string,
  name: string,
  generation: number | undefined,
  pre: Preconditions = {},
  read = false,
): Promise<ObjectRecord> {
  await requireBucket(ctx, bucket);
  const rec = await ctx.backend.getObject(bucket, name, generation);
  if (!rec || isSoftDeleted(rec)) throw objectNotFound(bucket, name);
  checkPreconditions(rec, pre, read);
  return rec;
}

/**
 * Refuses to read an object's bytes (or use it as a copy or compose source, or add a part to
 * an upload) unless `key` is the customer-supplied key `held` was made from, or both are absent
 * (reasons from the JSON API's status codes).
 */
export function checkObjectKey(
  held: CustomerEncryption | undefined,
  key: CustomerEncryption | undefined,
): void {
  if (held && !key) {
    throw invalidArgument('The target object is encrypted by a customer-supplied encryption key.', {
      reason: 'resourceIsEncryptedWithCustomerEncryptionKey',
    });
  }
  if (!held && key) {
    throw invalidArgument('The target object is not encrypted by a customer-supplied encryption key.', {
      reason: 'resourceNotEncryptedWithCustomerEncryptionKey',
    });
  }
  if (held && key && held.keySha256 !== key.keySha256) {
    throw invalidArgument('The provided encryption key is incorrect.', {
      reason: 'customerEncryptionKeyIsIncorrect',
    });
  }
}

/** objects.patch (merge) or objects.update (replace); bumps metageneration. */
export function updateMetadata(
  ctx: StorageContext,
  target: { bucket: string; name: string; generation?: number },
  fields: ReturnType<typeof readFields>,
  mode: 'patch' | 'update',
  pre: Preconditions,
  holds: Holds = {},
  overrideUnlockedRetention = false,
): Promise<ObjectRecord> {
  return ctx.exclusive(async () => {
    const rec = await getObject(ctx, target.bucket, target.name, target.generation, pre);
    const now = ctx.clock.now();
    // Retention is the object's own (copies and restores do not take it), kept by patch.
    const kept = rec.retention ? { ...pickFields(rec), retention: rec.retention } : pickFields(rec);
    const base = mode === 'patch' ? applyPatch(kept, fields) : replaceFields(fields);
    const bucket = await requireBucket(ctx, target.bucket);
    checkRetentionChange(bucket, rec.retention, base.retention, overrideUnlockedRetention, now);
    const { temporaryHold: _t, eventBasedHold: _e, retention: _r, ...unheld } = stripFields(rec);
    const next: ObjectRecord = {
      ...unheld,
      ...applyHolds(rec, holds, mode),
      ...base,
      metageneration: rec.metageneration + 1,
      updated: now,
    };
    await ctx.backend.putObject(next);
    ctx.emit({ type: 'OBJECT_METADATA_UPDATE', object: next, time: now });
    return next;
  });
}

/** Deletes the live object (archived when versioned) or permanently removes one generation. */
export function deleteObject(
  ctx: StorageContext,
  bucket: string,
  name: string,
  generation: number | undefined,
  pre: Preconditions,
): Promise<void> {
  return ctx.exclusive(async () => {
    const b = await requireBucket(ctx, bucket);
    const rec = await ctx.backend.getObject(bucket, name, generation);
    if (!rec || isSoftDeleted(rec)) throw objectNotFound(bucket, name);
    checkPreconditions(rec, pre);
    refuseIfHeld(rec);
    const now = ctx.clock.now();
    refuseIfRetained(b, rec, now);
    refuseIfObjectRetained(rec, now);
    if (generation === undefined) return retire(ctx, rec, b, now);
    await discardGeneration(ctx, b, rec, now);
    ctx.emit({ type: 'OBJECT_DELETE', object: rec, time: now });
  });
}

const FIELD_KEYS = [
  'contentType',
  'contentEncoding',
  'contentDisposition',
  'contentLanguage',
  'cacheControl',
  'customTime',
  'metadata',
] as const;

export function pickFields(rec: ObjectMetadataFields): ObjectMetadataFields {
  const out: ObjectMetadataFields = {};
  for (const k of FIELD_KEYS) if (rec[k] !== undefined) (out as Record<string, unknown>)[k] = rec[k];
  return out;
}

function stripFields(rec: ObjectRecord): ObjectRecord {
  const out = { ...rec };
  for (const k of FIELD_KEYS) delete out[k];
  return out;
}
