// Server-side object transfers: copy, rewrite (resumable with rewriteToken), compose and moveTo.
// Bytes are streamed blob to blob; metadata comes from the request body over the source's.
import { randomUUID } from 'node:crypto';
import { invalidArgument, notFound } from '../../common/index.ts';
import { type NewObjectAccess, newObjectAcl } from './acl.ts';
import { requireBucket } from './buckets.ts';
import type { StorageContext } from './context.ts';
import { validateObjectName } from './names.ts';
import { applyPatch, readFields } from './object-fields.ts';
import { checkObjectKey, finalizeObject, getObject, objectNotFound, pickFields, retire } from './objects.ts';
import { checkPreconditions, type Preconditions, preconditionFailed } from './preconditions.ts';
import type { CustomerEncryption, ObjectMetadataFields, ObjectRecord } from './records.ts';
import { isSoftDeleted } from './soft-delete.ts';
import { storageClassFrom } from './storage-class.ts';

export interface ObjectRef {
  bucket: string;
  name: string;
  generation?: number;
}

export interface TransferInput {
  source: ObjectRef;
  dest: ObjectRef;
  sourcePre: Preconditions;
  destPre: Preconditions;
  /** Request body: destination metadata, may be empty. */
  body: Record<string, unknown>;
  /** The destination's `destinationPredefinedAcl` and uploader. */
  access?: NewObjectAccess;
  /** Customer-supplied keys: the one the source was written with, and the destination's new one. */
  sourceKey?: CustomerEncryption;
  destKey?: CustomerEncryption;
}

/** objects.copy: the destination's metadata is the source's patched by the body. */
export async function copyObject(ctx: StorageContext, input: TransferInput): Promise<ObjectRecord> {
  validateObjectName(input.dest.name);
  newObjectAcl(await requireBucket(ctx, input.dest.bucket), input.access);
  const src = await getObject(
    ctx,
    input.source.bucket,
    input.source.name,
    input.source.generation,
    input.sourcePre,
  );
  checkObjectKey(src.customerEncryption, input.sourceKey);
  const fields = applyPatch(pickFields(src), readFields(input.body));
  // The copy is encrypted with the request's key alone (none: Google-managed), so a rewrite
  // that names a new key rotates it.
  if (input.destKey) fields.customerEncryption = input.destKey;
  storageClassFrom(input.body);
  const blob = await ctx.backend.writeBlob(ctx.backend.readBlob(src.blobId));
  return finalizeObject(ctx, {
    bucket: input.dest.bucket,
    name: input.dest.name,
    blob,
    fields,
    pre: input.destPre,
    storageClass: storageClassFrom(input.body),
    access: input.access,
  });
}

export interface RewriteResult {
  totalBytesRewritten: number;
  objectSize: number;
  done: boolean;
  rewriteToken?: string;
  resource?: ObjectRecord;
}

interface RewriteProgress {
  sourceKey: string;
  generation: number;
  rewritten: number;
}

/** Tracks unfinished rewrites so a `rewriteToken` continues where the last call stopped. */
export class RewriteTracker {
  private readonly pending = new Map<string, RewriteProgress>();

  async rewrite(
    ctx: StorageContext,
    input: TransferInput,
    maxBytes?: number,
    token?: string,
  ): Promise<RewriteResult> {
    validateObjectName(input.dest.name);
    newObjectAcl(await requireBucket(ctx, input.dest.bucket), input.access);
    const src = await getObject(
      ctx,
      input.source.bucket,
      input.source.name,
      input.source.generation,
      input.sourcePre,
    );
    checkObjectKey(src.customerEncryption, input.sourceKey);
    const sourceKey = `${src.bucket}/${src.name}`;
    let progress: RewriteProgress = { sourceKey, generation: src.generation, rewritten: 0 };
    if (token) {
      const known = this.pending.get(token);
      if (!known || known.sourceKey !== sourceKey || known.generation !== src.generation) {
        throw invalidArgument(`Invalid rewriteToken '${token}'.`, { reason: 'invalid' });
      }
      this.pending.delete(token);
      progress = known;
    }
    if (maxBytes !== undefined && maxBytes > 0 && progress.rewritten + maxBytes < src.size) {
      const next = { ...progress, rewritten: progress.rewritten + maxBytes };
      const nextToken = randomUUID();
      this.pending.set(nextToken, next);
      return {
        totalBytesRewritten: next.rewritten,
        objectSize: src.size,
        done: false,
        rewriteToken: nextToken,
      };
    }
    const resource = await copyObject(ctx, {
      ...input,
      source: { ...input.source, generation: src.generation },
    });
    return { totalBytesRewritten: src.size, objectSize: src.size, done: true, resource };
  }
}

interface ComposeSource {
  name?: unknown;
  generation?: unknown;
  objectPreconditions?: { ifGenerationMatch?: unknown };
}

/**
 * objects.compose: concatenates up to 32 objects of one bucket; the result has crc32c, no md5.
 * With a customer-supplied `key`, every source must be encrypted with it and so is the result.
 */
export async function composeObject(
  ctx: StorageContext,
  bucket: string,
  destName: string,
  body: { sourceObjects?: unknown; destination?: Record<string, unknown> },
  destPre: Preconditions,
  access?: NewObjectAccess,
  key?: CustomerEncryption,
): Promise<ObjectRecord> {
  validateObjectName(destName);
  newObjectAcl(await requireBucket(ctx, bucket), access);
  const sources = body.sourceObjects;
  if (!Array.isArray(sources) || sources.length === 0) throw invalidArgument('sourceObjects is required.');
  if (sources.length > 32) throw invalidArgument('The number of source components provided exceeds 32.');
  const records: ObjectRecord[] = [];
  for (const s of sources as ComposeSource[]) {
    if (typeof s?.name !== 'string') throw invalidArgument('Each source object needs a name.');
    const gen = s.generation === undefined ? undefined : Number(s.generation);
    const rec = await ctx.backend.getObject(bucket, s.name, gen);
    if (!rec || isSoftDeleted(rec)) throw objectNotFound(bucket, s.name);
    const want = s.objectPreconditions?.ifGenerationMatch;
    if (want !== undefined && Number(want) !== rec.generation) throw preconditionFailed();
    checkObjectKey(rec.customerEncryption, key);
    records.push(rec);
  }
  const fields: ObjectMetadataFields = applyPatch({}, readFields(body.destination ?? {}));
  if (key) fields.customerEncryption = key;
  const backend = ctx.backend;
  const blob = await backend.writeBlob(
    (async function* () {
      for (const r of records) yield* backend.readBlob(r.blobId);
    })(),
  );
  const componentCount = records.reduce((n, r) => n + (r.componentCount ?? 1), 0);
  return finalizeObject(ctx, {
    bucket,
    name: destName,
    blob,
    fields,
    pre: destPre,
    componentCount,
    noMd5: true,
    storageClass: storageClassFrom(body.destination),
    access,
  });
}

/** objects.move: atomically renames within a bucket, keeping the bytes and metadata. */
export function moveObject(ctx: StorageContext, input: TransferInput): Promise<ObjectRecord> {
  validateObjectName(input.dest.name);
  if (input.source.bucket !== input.dest.bucket) throw invalidArgument('moveTo works within one bucket.');
  if (input.source.name === input.dest.name)
    throw invalidArgument('Source and destination names are the same.');
  return ctx.exclusive(async () => {
    const bucket = await requireBucket(ctx, input.source.bucket);
    const src = await ctx.backend.getObject(bucket.name, input.source.name);
    if (!src) throw notFound(`No such object: ${bucket.name}/${input.source.name}`, { reason: 'notFound' });
    checkPreconditions(src, input.sourcePre);
    const current = await ctx.backend.getObject(bucket.name, input.dest.name);
    checkPreconditions(current, input.destPre);
    const now = ctx.clock.now();
    const moved: ObjectRecord = {
      ...src,
      name: input.dest.name,
      generation: ctx.nextGeneration(),
      metageneration: 1,
      created: now,
      updated: now,
    };
    await ctx.backend.putObject(moved);
    ctx.emit({ type: 'OBJECT_FINALIZE', object: moved, overwroteGeneration: current?.generation, time: now });
    if (current) await retire(ctx, current, bucket, now, moved.generation);
    // The bytes now belong to the destination: drop only the source record.
    await ctx.backend.deleteObject(bucket.name, src.name, src.generation);
    ctx.emit({ type: 'OBJECT_DELETE', object: src, time: now });
    return moved;
  });
}
