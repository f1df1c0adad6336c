// Object retention (`retention: {mode, retainUntilTime}`) on buckets created with
// `enableObjectRetention=true`: a retained object cannot be deleted or replaced (403) until the
// time; Unlocked retention is shortened or removed only with `overrideUnlockedRetention`,
// Locked retention only ever extended.
import { DevkitError, invalidArgument } from '../../common/index.ts';
import type { BucketRecord, ObjectRecord, ObjectRetention } from './records.ts';

const forbidden = (message: string) =>
  new DevkitError('PERMISSION_DENIED', message, { httpStatus: 403, reason: 'forbidden' });

export const objectRetentionEnabled = (b: BucketRecord): boolean =>
  (b.extra?.objectRetention as { mode?: string } | undefined)?.mode === 'Enabled';

/** The `retention` of a metadata body: absent, `null` or all-null fields (clear), or a checked value. */
export function readRetention(v: unknown): ObjectRetention | null | undefined {
  if (v === undefined || v === null) return v;
  const r = v as Record<string, unknown>;
  if (typeof r !== 'object' || Array.isArray(r)) throw invalidArgument('Invalid value for retention.');
  // `{mode: null, retainUntilTime: null}` (python-storage's way to remove it) clears it, as `null` does.
  if (r.mode == null && r.retainUntilTime == null) return null;
  if (r.mode !== 'Unlocked' && r.mode !== 'Locked') {
    throw invalidArgument(`Invalid value for retention.mode: '${String(r.mode).slice(0, 40)}'.`);
  }
  if (typeof r.retainUntilTime !== 'string' || Number.isNaN(Date.parse(r.retainUntilTime))) {
    throw invalidArgument('Invalid value for retention.retainUntilTime: expected an RFC 3339 time.');
  }
  return { mode: r.mode, retainUntilTime: new Date(Date.parse(r.retainUntilTime)).toISOString() };
}

const until = (r: ObjectRetention | undefined) => (r ? Date.parse(r.retainUntilTime) : 0);

/** 400 when an object would get a retention its bucket does not allow. */
export function refuseRetentionOff(bucket: BucketRecord, next: ObjectRetention | undefined): void {
  if (next && !objectRetentionEnabled(bucket)) {
    throw invalidArgument(
      'Object retention is not enabled on this bucket; it can only be enabled when the bucket is created.',
      { reason: 'invalid' },
    );
  }
}

/** Checks a patch/update that changes an object's retention from `old` to `next`. */
export function checkRetentionChange(
  bucket: BucketRecord,
  old: ObjectRetention | undefined,
  next: ObjectRetention | undefined,
  override: boolean,
  now: number,
): void {
  refuseRetentionOff(bucket, next);
  if (!old || until(old) <= now) return;
  const weaker = !next || until(next) < until(old);
  if (old.mode === 'Locked' && (weaker || next?.mode !== 'Locked')) {
    throw forbidden(
      'Locked object retention can only be extended; it cannot be shortened, unlocked or removed.',
    );
  }
  if (old.mode === 'Unlocked' && weaker && !override) {
    throw forbidden(
      'Shortening or removing an Unlocked object retention needs overrideUnlockedRetention=true.',
    );
  }
}

/** 403 as GCS answers deleting or replacing an object under active object retention. */
export function refuseIfObjectRetained(rec: ObjectRecord | undefined, now: number): void {
  if (!rec?.retention || until(rec.retention) <= now) return;
  throw forbidden(
    `Object '${rec.bucket}/${rec.name}' is under active Object Retention and cannot be deleted or overwritten until ${rec.retention.retainUntilTime}.`,
  );
}
