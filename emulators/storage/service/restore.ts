// Reading and restoring soft-deleted generations (objects.get / objects.restore with a generation),
// and the periodic sweep that hard-deletes the ones (and the soft-deleted buckets) whose window has
// ended (emulator clock).
import type { CancelTimer } from '../../common/index.ts';
import { refuseIfUniform } from './acl.ts';
import { purgeExpiredBuckets } from './bucket-soft-delete.ts';
import { requireBucket } from './buckets.ts';
import type { StorageContext } from './context.ts';
import { finalizeObject, objectNotFound, pickFields } from './objects.ts';
import type { Preconditions } from './preconditions.ts';
import type { ObjectRecord } from './records.ts';
import { isRestorable, purgeExpired } from './soft-delete.ts';

/** A soft-deleted generation still inside its window, else 404. */
export async function getSoftDeleted(
  ctx: StorageContext,
  bucket: string,
  name: string,
  generation: number,
): Promise<ObjectRecord> {
  await requireBucket(ctx, bucket);
  const rec = await ctx.backend.getObject(bucket, name, generation);
  if (!rec || !isRestorable(rec, ctx.clock.now())) throw objectNotFound(bucket, name);
  return rec;
}

/**
 * objects.restore: a new live generation (metageneration 1, created now) with the soft-deleted
 * one's bytes and metadata; the soft-deleted generation stays until its hardDeleteTime. A live
 * object it replaces is archived or soft-deleted like any overwrite; `pre` applies to that one.
 */
export async function restoreObject(
  ctx: StorageContext,
  target: { bucket: string; name: string; generation: number },
  pre: Preconditions,
  copySourceAcl = false,
): Promise<ObjectRecord> {
  const src = await getSoftDeleted(ctx, target.bucket, target.name, target.generation);
  // GCS: copying the source's ACL fails on a bucket with uniform bucket-level access.
  if (copySourceAcl) refuseIfUniform(await requireBucket(ctx, target.bucket), 'object');
  const blob = await ctx.backend.writeBlob(ctx.backend.readBlob(src.blobId));
  const restored = await finalizeObject(ctx, {
    bucket: src.bucket,
    name: src.name,
    blob,
    fields: pickFields(src),
    pre,
    storageClass: src.storageClass,
    noMd5: src.md5Hash === undefined,
    componentCount: src.componentCount,
    acl: copySourceAcl ? src.acl : undefined,
  });
  return restored;
}

/**
 * Hard-deletes expired soft-deleted generations of every bucket at start and then every `everyMs`
 * of the emulator clock; `stop()` waits for a sweep in progress.
 */
export function startSoftDeleteSweep(ctx: StorageContext, everyMs = 3_600_000): { stop(): Promise<void> } {
  let cancel: CancelTimer | undefined;
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  const sweep = async () => {
    for (const b of await ctx.backend.listBuckets()) {
      if (stopped) return;
      await purgeExpired(ctx, b.name);
    }
    if (!stopped) await purgeExpiredBuckets(ctx);
  };
  const run = () => {
    running = sweep()
      .catch((err) => ctx.logger.warn('soft-delete sweep failed', { error: String(err) }))
      .finally(() => {
        if (!stopped) cancel = ctx.clock.setTimer(ctx.clock.now() + everyMs, run);
      });
  };
  run();
  return {
    async stop() {
      stopped = true;
      cancel?.();
      await running;
    },
  };
}
