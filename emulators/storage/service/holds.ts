// Temporary and event-based object holds: set by patch/update (and a bucket's
// `defaultEventBasedHold` for new objects); a held generation cannot be deleted or overwritten (403).
import { DevkitError, invalidArgument } from '../../common/index.ts';
import type { ObjectRecord } from './records.ts';

export interface Holds {
  temporaryHold?: boolean;
  eventBasedHold?: boolean;
}

const KEYS = ['temporaryHold', 'eventBasedHold'] as const;

/** The hold flags present in a metadata body (`null` clears, like `false`). */
export function readHolds(body: Record<string, unknown>): Holds {
  const out: Holds = {};
  for (const key of KEYS) {
    const v = body[key];
    if (v === undefined) continue;
    if (v !== null && typeof v !== 'boolean')
      throw invalidArgument(`Invalid value for ${key}: expected a boolean.`);
    out[key] = v === true;
  }
  return out;
}

/** patch keeps flags the body does not name; update clears them. */
export function applyHolds(rec: ObjectRecord, holds: Holds, mode: 'patch' | 'update'): Holds {
  const out: Holds = {};
  for (const key of KEYS) {
    const v = key in holds ? holds[key] : mode === 'patch' ? rec[key] : undefined;
    if (v) out[key] = true;
  }
  return out;
}

/** 403 as GCS answers a delete, overwrite or archive of a generation under hold. */
export function refuseIfHeld(rec: ObjectRecord | undefined): void {
  if (!rec) return;
  const hold = rec.temporaryHold ? 'Temporary' : rec.eventBasedHold ? 'Event-Based' : undefined;
  if (!hold) return;
  throw new DevkitError(
    'PERMISSION_DENIED',
    `Object '${rec.bucket}/${rec.name}' is under active ${hold} hold and cannot be deleted, overwritten or archived until hold is removed.`,
    { httpStatus: 403, reason: 'forbidden' },
  );
}
