// Soft-deleted buckets: deleting a bucket whose softDeletePolicy is on keeps it (with the
// soft-deleted objects it held) under `name#generation` until its hardDeleteTime, so the name can
// be reused meanwhile; buckets.get/list with softDeleted=true read it and buckets.restore brings
// it back when no live bucket holds the name ("Use soft-deleted buckets" in the GCS docs).
import { alreadyExists, notFound } from '../../common/index.ts';
import type { StorageContext } from './context.ts';
import { parseInteger } from './preconditions.ts';
import type { BucketRecord } from './records.ts';
import { softDeleteSeconds } from './soft-delete.ts';

/** `#` is never in a bucket name, so a kept bucket's key cannot clash with a live one. */
const keyOf = (name: string, generation: string) => `${name}#${generation}`;

/** True for the record of a soft-deleted bucket (stored under `name#generation`). */
export const isKeptBucket = (b: BucketRecord): boolean => b.name.includes('#');

const hardDeleteMs = (b: BucketRecord) => Date.parse(String(b.extra?.hardDeleteTime ?? ''));

/** The record as clients see it: its own name back in place of the storage key. */
export const asSoftDeleted = (b: BucketRecord): BucketRecord => ({ ...b, name: b.name.split('#')[0]! });

/** The bucket's generation, assigned at creation (or now, for a bucket stored before it had one). */
export function bucketGeneration(ctx: StorageContext, b: BucketRecord): string {
  const g = b.extra?.generation;
  return typeof g === 'string' ? g : String(ctx.nextGeneration());
}

/**
 * Keeps a deleted bucket soft-deleted when its policy says so and returns true; false when the
 * delete is to be permanent. Call inside `exclusive`, after the emptiness check. The hardDeleteTime
 * is the policy's window from now, or the latest hardDeleteTime of its objects when later.
 */
export async function keepDeletedBucket(ctx: StorageContext, bucket: BucketRecord): Promise<boolean> {
  const secs = softDeleteSeconds(bucket);
  if (secs === 0) return false;
  const now = ctx.clock.now();
  const generation = bucketGeneration(ctx, bucket);
  const key = keyOf(bucket.name, generation);
  const records = await ctx.backend.listObjects(bucket.name);
  const hard = Math.max(now + secs * 1000, ...records.map((r) => r.hardDelete ?? 0));
  await ctx.backend.putBucket({
    ...bucket,
    name: key,
    extra: {
      ...bucket.extra,
      generation,
      softDeleteTime: new Date(now).toISOString(),
      hardDeleteTime: new Date(hard).toISOString(),
    },
  });
  await moveObjects(ctx, bucket.name, key);
  await ctx.backend.deleteBucket(bucket.name);
  return true;
}

async function moveObjects(ctx: StorageContext, from: string, to: string): Promise<void> {
  for (const r of await ctx.backend.listObjects(from)) {
    await ctx.backend.putObject({ ...r, bucket: to });
    await ctx.backend.deleteObject(from, r.name, r.generation);
  }
}

/** Soft-deleted buckets still inside their window, as clients see them, by name. */
export async function listSoftDeletedBuckets(ctx: StorageContext, prefix = ''): Promise<BucketRecord[]> {
  const now = ctx.clock.now();
  return (await ctx.backend.listBuckets())
    .filter((b) => isKeptBucket(b) && hardDeleteMs(b) > now)
    .map(asSoftDeleted)
    .filter((b) => b.name.startsWith(prefix))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** buckets.get?softDeleted=true&generation=: the kept bucket (its stored record), else 404. */
export async function getKeptBucket(
  ctx: StorageContext,
  name: string,
  generation: string,
): Promise<BucketRecord> {
  parseInteger(generation, 'generation'); // a non-integer generation is 400, never a "not found"
  const kept = name.includes('#') ? undefined : await ctx.backend.getBucket(keyOf(name, generation));
  if (!kept || hardDeleteMs(kept) <= ctx.clock.now()) {
    throw notFound('The specified bucket does not exist.', { reason: 'notFound' });
  }
  return kept;
}

/**
 * buckets.restore: the kept bucket becomes live again under its name with the same generation;
 * its objects come back as they were (soft-deleted ones stay soft-deleted, restorable one by one).
 * 409 while a live bucket holds the name.
 */
export function restoreBucket(ctx: StorageContext, name: string, generation: string): Promise<BucketRecord> {
  return ctx.exclusive(async () => {
    const kept = await getKeptBucket(ctx, name, generation);
    if (await ctx.backend.getBucket(name)) {
      throw alreadyExists('A live bucket with this name exists; delete it before restoring.', {
        reason: 'conflict',
      });
    }
    const { softDeleteTime: _s, hardDeleteTime: _h, ...extra } = kept.extra ?? {};
    const live: BucketRecord = { ...kept, name, extra };
    await ctx.backend.putBucket(live);
    await moveObjects(ctx, kept.name, name);
    await ctx.backend.deleteBucket(kept.name);
    return live;
  });
}

/** Hard-deletes kept buckets whose window has ended, with whatever objects they still hold. */
export function purgeExpiredBuckets(ctx: StorageContext): Promise<number> {
  return ctx.exclusive(async () => {
    const now = ctx.clock.now();
    let n = 0;
    for (const b of await ctx.backend.listBuckets()) {
      if (!isKeptBucket(b) || hardDeleteMs(b) > now) continue;
      for (const r of await ctx.backend.listObjects(b.name)) {
        await ctx.backend.deleteObject(b.name, r.name, r.generation);
        await ctx.backend.deleteBlob(r.blobId);
      }
      await ctx.backend.deleteBucket(b.name);
      n++;
    }
    return n;
  });
}
