// Reading writable object metadata out of a client's JSON body, for uploads, patch and update.
// Custom metadata is a map of strings, at most 8 KiB in all (keys and values), as GCS allows.
import { invalidArgument } from '../../common/index.ts';
import { readRetention } from './object-retention.ts';
import type { ObjectMetadataFields } from './records.ts';

/** GCS: the total size of an object's custom metadata (keys plus values, UTF-8). */
export const CUSTOM_METADATA_MAX_BYTES = 8 * 1024;

const STRING_FIELDS = [
  'contentType',
  'contentEncoding',
  'contentDisposition',
  'contentLanguage',
  'cacheControl',
  'customTime',
] as const;

/**
 * The writable fields present in `body`. `null` values are kept as `null` so patch can clear them;
 * `metadata` keys mapped to null are removed by patch.
 */
export function readFields(
  body: Record<string, unknown>,
): Partial<Record<keyof ObjectMetadataFields, unknown>> {
  const out: Partial<Record<keyof ObjectMetadataFields, unknown>> = {};
  for (const key of STRING_FIELDS) {
    const v = body[key];
    if (v === undefined) continue;
    if (v !== null && typeof v !== 'string')
      throw invalidArgument(`Invalid value for ${key}: expected a string.`);
    if (key === 'customTime' && typeof v === 'string' && Number.isNaN(Date.parse(v))) {
      throw invalidArgument(`Invalid value for customTime: '${v}'.`);
    }
    out[key] = v;
  }
  if (body.metadata !== undefined) {
    const m = body.metadata;
    if (m !== null && (typeof m !== 'object' || Array.isArray(m))) {
      throw invalidArgument('Invalid value for metadata: expected an object.');
    }
    for (const [k, v] of Object.entries(m ?? {})) {
      // Scalars read as their text (the JSON API's string fields take them); objects are refused.
      if (v !== null && typeof v === 'object') {
        throw invalidArgument(`Invalid value for metadata.${k.slice(0, 100)}: expected a string.`);
      }
    }
    out.metadata = m;
  }
  if (body.retention !== undefined) out.retention = readRetention(body.retention);
  return out;
}

/** Applies `fields` over `base` with patch semantics (null clears). */
export function applyPatch(
  base: ObjectMetadataFields,
  fields: ReturnType<typeof readFields>,
): ObjectMetadataFields {
  const next: ObjectMetadataFields = { ...base };
  for (const key of STRING_FIELDS) {
    if (!(key in fields)) continue;
    const v = fields[key];
    if (v === null) delete next[key];
    else next[key] = v as string;
  }
  if ('retention' in fields) {
    if (fields.retention === null) delete next.retention;
    else next.retention = fields.retention as ObjectMetadataFields['retention'];
  }
  if ('metadata' in fields) {
    if (fields.metadata === null) delete next.metadata;
    else {
      const merged: Record<string, string> = { ...(base.metadata ?? {}) };
      for (const [k, v] of Object.entries(fields.metadata as Record<string, unknown>)) {
        if (v === null) delete merged[k];
        else merged[k] = String(v);
      }
      next.metadata = merged;
    }
    checkCustomMetadataSize(next.metadata);
  }
  return next;
}

/** 400 when custom metadata (keys and values, in bytes) is over 8 KiB, on every write path. */
export function checkCustomMetadataSize(metadata: Record<string, string> | undefined): void {
  const size = Object.entries(metadata ?? {}).reduce(
    (n, [k, v]) => n + Buffer.byteLength(k) + Buffer.byteLength(v),
    0,
  );
  if (size > CUSTOM_METADATA_MAX_BYTES) {
    throw invalidArgument(
      `Custom metadata is ${size} bytes; the limit is ${CUSTOM_METADATA_MAX_BYTES} bytes (keys and values together).`,
    );
  }
}

/** Full replacement semantics (objects.update): absent fields are cleared. */
export function replaceFields(fields: ReturnType<typeof readFields>): ObjectMetadataFields {
  return applyPatch({}, fields);
}
