// Bucket rules: create (409 when taken), get, list, patch (metageneration++), delete (409 unless
// empty; soft-deleted when the bucket's policy says so).
import { alreadyExists, DevkitError, invalidArgument, notFound } from '../../common/index.ts';
import { settleIamConfiguration, withPredefinedAcls } from './bucket-access.ts';
import { settlePlacement } from './bucket-placement.ts';
import { settleEncryption, settleIpFilter } from './bucket-security.ts';
import { isKeptBucket, keepDeletedBucket } from './bucket-soft-delete.ts';
import type { StorageContext } from './context.ts';
import { applyLabels } from './labels.ts';
import { validateBucketName } from './names.ts';
import { checkBucketPreconditions, type Preconditions } from './preconditions.ts';
import type { AclEntry, BucketRecord } from './records.ts';
import { lockedRetention, settleRetention } from './retention.ts';
import { isSoftDeleted, settleSoftDelete } from './soft-delete.ts';
import { storageClassFrom } from './storage-class.ts';

/**
 * Bucket settings kept verbatim so clients read back what they wrote, though the emulator does not
 * enforce them (no lifecycle runs, no CORS checks, ...).
 */
const PASSIVE_FIELDS = [
  'lifecycle',
  'cors',
  'website',
  'logging',
  'encryption',
  'billing',
  'retentionPolicy',
  'defaultEventBasedHold',
  'autoclass',
  'softDeletePolicy',
  'rpo',
  'customPlacementConfig',
  'hierarchicalNamespace',
  'ipFilter',
] as const;

/** Query parameters of buckets.insert / patch / update that change more than the body says. */
export interface BucketOptions {
  /** `enableObjectRetention=true` (insert only). */
  objectRetention?: boolean;
  predefinedAcl?: string;
  predefinedDefaultObjectAcl?: string;
  /** Body `acl` / `defaultObjectAcl` lists, already checked. */
  acl?: AclEntry[];
  defaultObjectAcl?: AclEntry[];
}

export interface BucketPatch {
  versioning?: { enabled?: boolean } | null;
  labels?: Record<string, string | null> | null;
  storageClass?: string;
}

export async function requireBucket(ctx: StorageContext, name: string): Promise<BucketRecord> {
  // A `#` names a kept (soft-deleted) bucket's storage key, never a live bucket.
  const bucket = name.includes('#') ? undefined : await ctx.backend.getBucket(name);
  if (!bucket) throw notFound(`The specified bucket does not exist.`, { reason: 'notFound' });
  return bucket;
}

export function createBucket(
  ctx: StorageContext,
  body: BucketPatch & { name?: unknown; location?: unknown },
  project: string,
  options: BucketOptions = {},
): Promise<BucketRecord> {
  validateBucketName(body.name);
  const name = body.name;
  return ctx.exclusive(async () => {
    if (await ctx.backend.getBucket(name)) {
      throw alreadyExists(
        'Your previous request to create the named bucket succeeded and you already own it.',
        {
          reason: 'conflict',
        },
      );
    }
    const now = ctx.clock.now();
    const extra = passiveFields({}, body as Record<string, unknown>);
    settleRetention(undefined, extra, now);
    settleSoftDelete(undefined, extra, now, ctx.softDeleteDefaultSeconds);
    // Object retention can only be enabled at creation (`enableObjectRetention=true`).
    if (options.objectRetention) extra.objectRetention = { mode: 'Enabled' };
    settleIamConfiguration(undefined, extra, body as Record<string, unknown>, now);
    settleEncryption(undefined, extra, body as Record<string, unknown>, false, now);
    settleIpFilter(extra, body as Record<string, unknown>);
    extra.generation = String(ctx.nextGeneration());
    const bucket: BucketRecord = {
      name,
      project,
      created: now,
      updated: now,
      metageneration: 1,
      versioning: body.versioning?.enabled === true,
      labels: applyLabels({}, body.labels),
      extra,
      storageClass: storageClassFrom(body as Record<string, unknown>) ?? 'STANDARD',
      location: typeof body.location === 'string' ? body.location.toUpperCase() : 'US',
    };
    settlePlacement(undefined, extra, bucket, now);
    const withAcls = withPredefinedAcls(bucket, options);
    await ctx.backend.putBucket(withAcls);
    return withAcls;
  });
}

export async function listBuckets(ctx: StorageContext, prefix = ''): Promise<BucketRecord[]> {
  const all = await ctx.backend.listBuckets();
  return all
    .filter((b) => !isKeptBucket(b) && b.name.startsWith(prefix))
    .sort((a, b) => (a.name < b.name ? -1 : 1));
}

/** buckets.patch merges; buckets.update (`mode: 'update'`) replaces labels and versioning. */
export function patchBucket(
  ctx: StorageContext,
  name: string,
  patch: BucketPatch,
  pre: Preconditions,
  mode: 'patch' | 'update' = 'patch',
  options: BucketOptions = {},
): Promise<BucketRecord> {
  return ctx.exclusive(async () => {
    const bucket = await requireBucket(ctx, name);
    checkBucketPreconditions(bucket.metageneration, pre);
    const replace = mode === 'update';
    const next: BucketRecord = {
      ...bucket,
      metageneration: bucket.metageneration + 1,
      updated: ctx.clock.now(),
      labels: replace ? applyLabels({}, patch.labels ?? {}) : applyLabels(bucket.labels, patch.labels),
      extra: passiveFields(replace ? {} : (bucket.extra ?? {}), patch as Record<string, unknown>),
    };
    if (replace || patch.versioning !== undefined) next.versioning = patch.versioning?.enabled === true;
    next.storageClass = storageClassFrom(patch as Record<string, unknown>) ?? next.storageClass;
    settleRetention(bucket, next.extra!, next.updated);
    // Soft delete is kept unless named, also by buckets.update (it always exists on GCS).
    if ('softDeletePolicy' in patch) settleSoftDelete(bucket, next.extra!, next.updated);
    else if (bucket.extra?.softDeletePolicy) next.extra!.softDeletePolicy = bucket.extra.softDeletePolicy;
    if (bucket.extra?.objectRetention) next.extra!.objectRetention = bucket.extra.objectRetention;
    settleIamConfiguration(bucket, next.extra!, patch as Record<string, unknown>, next.updated);
    settleEncryption(bucket, next.extra!, patch as Record<string, unknown>, !replace, next.updated);
    settleIpFilter(next.extra!, patch as Record<string, unknown>);
    if (bucket.extra?.generation !== undefined) next.extra!.generation = bucket.extra.generation;
    if (!('customPlacementConfig' in patch) && bucket.extra?.customPlacementConfig) {
      next.extra!.customPlacementConfig = bucket.extra.customPlacementConfig;
    }
    settlePlacement(bucket, next.extra!, next, next.updated);
    const withAcls = withPredefinedAcls(next, options);
    await ctx.backend.putBucket(withAcls);
    return withAcls;
  });
}

export function deleteBucket(ctx: StorageContext, name: string, pre: Preconditions): Promise<void> {
  return ctx.exclusive(async () => {
    const bucket = await requireBucket(ctx, name);
    checkBucketPreconditions(bucket.metageneration, pre);
    const records = await ctx.backend.listObjects(name);
    if (records.some((r) => !isSoftDeleted(r))) {
      throw new DevkitError('ALREADY_EXISTS', 'The bucket you tried to delete is not empty.', {
        reason: 'conflict',
      });
    }
    // Soft-deleted objects do not keep a bucket alive; they go with it (kept with a kept bucket).
    if (await keepDeletedBucket(ctx, bucket)) return;
    for (const r of records) {
      await ctx.backend.deleteObject(name, r.name, r.generation);
      await ctx.backend.deleteBlob(r.blobId);
    }
    await ctx.backend.deleteBucket(name);
  });
}

function passiveFields(
  base: Record<string, unknown>,
  body: Record<string, unknown>,
): Record<string, unknown> {
  const out = { ...base };
  for (const key of PASSIVE_FIELDS) {
    if (!(key in body)) continue;
    if (body[key] === null) delete out[key];
    else out[key] = body[key];
  }
  return out;
}

/** buckets.lockRetentionPolicy: needs `ifMetagenerationMatch` (400 without, 412 when stale). */
export function lockRetentionPolicy(
  ctx: StorageContext,
  name: string,
  pre: Preconditions,
): Promise<BucketRecord> {
  return ctx.exclusive(async () => {
    const bucket = await requireBucket(ctx, name);
    if (pre.ifMetagenerationMatch === undefined) {
      throw invalidArgument('Required parameter: ifMetagenerationMatch', { reason: 'required' });
    }
    checkBucketPreconditions(bucket.metageneration, pre);
    const next = {
      ...lockedRetention(bucket),
      metageneration: bucket.metageneration + 1,
      updated: ctx.clock.now(),
    };
    await ctx.backend.putBucket(next);
    return next;
  });
}
