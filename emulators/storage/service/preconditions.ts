// Generation and metageneration preconditions (`ifGenerationMatch=0` means "must not exist"),
// parsed from query parameters and checked against the current record.
import { DevkitError, invalidArgument } from '../../common/index.ts';
import type { ObjectRecord } from './records.ts';

export interface Preconditions {
  ifGenerationMatch?: number;
  ifGenerationNotMatch?: number;
  ifMetagenerationMatch?: number;
  ifMetagenerationNotMatch?: number;
}

const KEYS = [
  'ifGenerationMatch',
  'ifGenerationNotMatch',
  'ifMetagenerationMatch',
  'ifMetagenerationNotMatch',
] as const;

/** Reads the four conditions, optionally under a prefix (`ifSource` for copy sources). */
export function parsePreconditions(query: URLSearchParams, prefix: '' | 'ifSource' = ''): Preconditions {
  const out: Preconditions = {};
  for (const key of KEYS) {
    const name = prefix ? `ifSource${key.slice(2)}` : key;
    const raw = query.get(name);
    if (raw === null || raw === '') continue;
    out[key] = parseInteger(raw, name);
  }
  return out;
}

/**
 * The XML API's conditions: `x-goog-if-generation-match` / `x-goog-if-metageneration-match`
 * headers instead of query parameters (an empty header is no condition).
 */
export function parseXmlPreconditions(header: (name: string) => string | undefined): Preconditions {
  const out: Preconditions = {};
  for (const [key, name] of [
    ['ifGenerationMatch', 'x-goog-if-generation-match'],
    ['ifMetagenerationMatch', 'x-goog-if-metageneration-match'],
  ] as const) {
    const raw = header(name);
    if (raw) out[key] = parseInteger(raw, name);
  }
  return out;
}

/** A non-negative decimal integer query parameter, or 400. */
export function parseInteger(raw: string, name: string): number {
  if (!/^\d{1,19}$/.test(raw))
    throw invalidArgument(`Invalid value '${raw}' for ${name}: expected an integer.`);
  return Number(raw);
}

export const preconditionFailed = () =>
  new DevkitError('FAILED_PRECONDITION', 'At least one of the pre-conditions you specified did not hold.', {
    reason: 'conditionNotMet',
    httpStatus: 412,
  });

/** Reads answer a failed *NotMatch condition like HTTP If-None-Match: 304, no body. */
export const notModified = () => new DevkitError('FAILED_PRECONDITION', 'Not Modified', { httpStatus: 304 });

/**
 * Throws 412 when `current` (undefined = no live object) violates any condition; for reads
 * (`read`), the *NotMatch conditions fail with 304 Not Modified instead, as GCS does.
 */
export function checkPreconditions(current: ObjectRecord | undefined, p: Preconditions, read = false): void {
  const gen = current?.generation ?? 0;
  const notMatchFailed = read ? notModified : preconditionFailed;
  if (p.ifGenerationMatch !== undefined && p.ifGenerationMatch !== gen) throw preconditionFailed();
  if (p.ifMetagenerationMatch !== undefined && current?.metageneration !== p.ifMetagenerationMatch) {
    throw preconditionFailed();
  }
  if (p.ifGenerationNotMatch !== undefined && p.ifGenerationNotMatch === gen) throw notMatchFailed();
  if (p.ifMetagenerationNotMatch !== undefined && current?.metageneration === p.ifMetagenerationNotMatch) {
    throw notMatchFailed();
  }
}

/** Bucket-level metageneration conditions (bucket patch/delete). */
export function checkBucketPreconditions(metageneration: number, p: Preconditions): void {
  if (p.ifMetagenerationMatch !== undefined && p.ifMetagenerationMatch !== metageneration)
    throw preconditionFailed();
  if (p.ifMetagenerationNotMatch !== undefined && p.ifMetagenerationNotMatch === metageneration) {
    throw preconditionFailed();
  }
}
