// Soft delete: a bucket's `softDeletePolicy` keeps deleted and replaced generations (hidden from
// reads and listings) until their hardDeleteTime; they can be listed, read and restored meanwhile.
import { invalidArgument } from '../../common/index.ts';
import type { StorageContext } from './context.ts';
import type { BucketRecord, ObjectRecord } from './records.ts';

/** GCS's default for new buckets: 7 days. */
export const DEFAULT_SOFT_DELETE_SECONDS = 604_800;
const MIN = 604_800;
const MAX = 7_776_000;

interface SoftDeletePolicy {
  retentionDurationSeconds?: unknown;
  effectiveTime?: string;
}

const policyOf = (b: BucketRecord | undefined) => b?.extra?.softDeletePolicy as SoftDeletePolicy | undefined;

/** The bucket's soft-delete window in seconds (0: deletes are permanent). */
export function softDeleteSeconds(b: BucketRecord): number {
  const n = Number(policyOf(b)?.retentionDurationSeconds ?? 0);
  return Number.isInteger(n) && n > 0 ? n : 0;
}

/**
 * Settles `extra.softDeletePolicy` after a create (`before` undefined: the default when none is
 * given) or patch (`null` disables it, as 0 does). 0 or 7–90 days, else 400. The effectiveTime
 * moves to `now` only when the window grows (GCS: "the policy, or one with a greater retention").
 */
export function settleSoftDelete(
  before: BucketRecord | undefined,
  extra: Record<string, unknown>,
  now: number,
  defaultSeconds = DEFAULT_SOFT_DELETE_SECONDS,
): void {
  if (!before && !('softDeletePolicy' in extra)) {
    extra.softDeletePolicy = { retentionDurationSeconds: String(defaultSeconds) };
  }
  const next = (extra.softDeletePolicy ?? { retentionDurationSeconds: '0' }) as SoftDeletePolicy;
  if (typeof next !== 'object') throw invalidArgument('Invalid softDeletePolicy: expected an object.');
  const raw = next.retentionDurationSeconds ?? DEFAULT_SOFT_DELETE_SECONDS;
  const secs = Number(raw);
  if (!/^\d{1,12}$/.test(String(raw)) || (secs !== 0 && (secs < MIN || secs > MAX))) {
    throw invalidArgument(
      `Invalid argument: soft delete policy retention duration must be 0 (disabled) or between ${MIN} (7 days) and ${MAX} (90 days) seconds, got '${String(raw).slice(0, 40)}'.`,
      { reason: 'invalid' },
    );
  }
  const old = policyOf(before);
  const oldSecs = before ? softDeleteSeconds(before) : 0;
  const policy: SoftDeletePolicy = { retentionDurationSeconds: String(secs) };
  if (secs > 0) {
    policy.effectiveTime =
      secs <= oldSecs && old?.effectiveTime ? old.effectiveTime : new Date(now).toISOString();
  }
  extra.softDeletePolicy = policy;
}

/** True for a generation kept only by soft delete, whether or not its window has ended. */
export const isSoftDeleted = (rec: ObjectRecord): boolean => rec.softDeleted !== undefined;

/** A soft-deleted generation still inside its window (readable, listable, restorable). */
export const isRestorable = (rec: ObjectRecord, now: number): boolean =>
  rec.softDeleted !== undefined && (rec.hardDelete ?? 0) > now;

/**
 * Removes one generation for good, or keeps it soft-deleted when the bucket's policy says so.
 * Call inside `exclusive`; the caller emits the event.
 */
export async function discardGeneration(
  ctx: StorageContext,
  bucket: BucketRecord,
  rec: ObjectRecord,
  now: number,
): Promise<void> {
  const secs = softDeleteSeconds(bucket);
  if (secs === 0) {
    await ctx.backend.deleteObject(rec.bucket, rec.name, rec.generation);
    await ctx.backend.deleteBlob(rec.blobId);
    return;
  }
  await ctx.backend.putObject({
    ...rec,
    live: false,
    deleted: rec.deleted ?? now,
    softDeleted: now,
    hardDelete: now + secs * 1000,
  });
}

/** Hard-deletes every soft-deleted generation of `bucket` whose window has ended. */
export function purgeExpired(ctx: StorageContext, bucket: string): Promise<number> {
  return ctx.exclusive(async () => {
    const now = ctx.clock.now();
    let n = 0;
    for (const rec of await ctx.backend.listObjects(bucket)) {
      if (!isSoftDeleted(rec) || isRestorable(rec, now)) continue;
      await ctx.backend.deleteObject(rec.bucket, rec.name, rec.generation);
      await ctx.backend.deleteBlob(rec.blobId);
      n++;
    }
    return n;
  });
}
