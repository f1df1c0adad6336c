// Bucket retention policies: objects younger than `retentionPeriod` cannot be deleted or
// replaced (403); `lockRetentionPolicy` (with ifMetagenerationMatch) makes the policy permanent.
import { DevkitError, invalidArgument } from '../../common/index.ts';
import type { BucketRecord, ObjectRecord } from './records.ts';

/** Google: a retention period is over 0 seconds and under 100 years. */
const MAX_RETENTION_SECONDS = 3_155_760_000;

interface RetentionPolicy {
  retentionPeriod?: unknown;
  isLocked?: boolean;
  effectiveTime?: string;
}

const policyOf = (b: BucketRecord): RetentionPolicy | undefined =>
  b.extra?.retentionPolicy as RetentionPolicy | undefined;

/** The bucket's retention period in seconds (0: none). */
export function retentionSeconds(b: BucketRecord): number {
  const n = Number(policyOf(b)?.retentionPeriod ?? 0);
  return Number.isFinite(n) && n > 0 ? n : 0;
}

/**
 * An object's `retentionExpirationTime`: the earliest time it can be deleted under its bucket's
 * retention policy and its own object retention; undefined when neither holds it.
 */
export function retentionExpirationTime(b: BucketRecord, rec: ObjectRecord): string | undefined {
  const policy = retentionSeconds(b) ? rec.created + retentionSeconds(b) * 1000 : 0;
  const own = rec.retention ? Date.parse(rec.retention.retainUntilTime) : 0;
  const at = Math.max(policy, own);
  return at > 0 ? new Date(at).toISOString() : undefined;
}

/** 403 as GCS answers deleting or replacing an object still under the bucket's retention. */
export function refuseIfRetained(b: BucketRecord, rec: ObjectRecord | undefined, now: number): void {
  const secs = retentionSeconds(b);
  if (!rec || secs === 0) return;
  const until = rec.created + secs * 1000;
  if (until <= now) return;
  throw new DevkitError(
    'PERMISSION_DENIED',
    `Object '${rec.bucket}/${rec.name}' is subject to bucket's retention policy and cannot be deleted or overwritten until ${new Date(until).toISOString()}`,
    { httpStatus: 403, reason: 'retentionPolicyNotMet' },
  );
}

/**
 * The `extra` of a bucket after a create/patch: a new policy gets its effectiveTime; a locked one
 * stays locked and cannot be removed or shortened (403).
 */
export function settleRetention(
  before: BucketRecord | undefined,
  extra: Record<string, unknown>,
  now: number,
) {
  const old = before ? policyOf(before) : undefined;
  const next = extra.retentionPolicy as RetentionPolicy | undefined;
  if (old?.isLocked) {
    if (!next || Number(next.retentionPeriod ?? 0) < Number(old.retentionPeriod ?? 0)) {
      throw new DevkitError('PERMISSION_DENIED', 'Cannot reduce or remove a locked retention policy.', {
        httpStatus: 403,
        reason: 'forbidden',
      });
    }
  }
  if (!next) return;
  // "greater than 0 seconds and less than 100 years (3,155,760,000 seconds)", whole seconds.
  const period = typeof next === 'object' ? String(next.retentionPeriod ?? '') : '';
  if (!/^\d{1,10}$/.test(period) || Number(period) <= 0 || Number(period) >= MAX_RETENTION_SECONDS) {
    throw invalidArgument(
      `Invalid retentionPolicy: retentionPeriod must be a whole number of seconds over 0 and under ${MAX_RETENTION_SECONDS} (100 years), got ${JSON.stringify(next?.retentionPeriod ?? null).slice(0, 40)}.`,
    );
  }
  extra.retentionPolicy = {
    retentionPeriod: String(next.retentionPeriod),
    effectiveTime: old?.effectiveTime ?? new Date(now).toISOString(),
    ...(old?.isLocked ? { isLocked: true } : {}),
  };
}

/** The bucket with its policy locked; 400 when there is none. */
export function lockedRetention(b: BucketRecord): BucketRecord {
  const policy = policyOf(b);
  if (!policy) throw invalidArgument('The bucket has no retention policy to lock.');
  return { ...b, extra: { ...b.extra, retentionPolicy: { ...policy, isLocked: true } } };
}
