// Object storage classes as GCS names them: a destination's `storageClass` (upload metadata,
// copy/rewrite body, compose destination) is kept as given; an unknown class is 400.
import { invalidArgument } from '../../common/index.ts';

const CLASSES = new Set([
  'STANDARD',
  'NEARLINE',
  'COLDLINE',
  'ARCHIVE',
  'MULTI_REGIONAL',
  'REGIONAL',
  'DURABLE_REDUCED_AVAILABILITY',
]);

/** The class named in `body.storageClass` (case-insensitive, stored upper-case), else `undefined`. */
export function storageClassFrom(body: Record<string, unknown> | undefined): string | undefined {
  const raw = body?.storageClass;
  if (raw === undefined || raw === null || raw === '') return undefined;
  const upper = typeof raw === 'string' ? raw.toUpperCase() : '';
  if (!CLASSES.has(upper)) {
    throw invalidArgument(`Invalid storage class: '${String(raw).slice(0, 100)}'.`, { reason: 'invalid' });
  }
  return upper;
}
