// Scalar values that look different on each wire: durations, timestamps and bytes are objects /
// Buffers over gRPC and strings in REST JSON. Parsers accept both; formats write one.
import { invalidArgument } from '../../common/index.ts';

export interface WireFormat {
  duration(ms: number): unknown;
  timestamp(ms: number): unknown;
  bytes(buf: Buffer): unknown;
}

const secondsNanos = (ms: number) => ({
  seconds: String(Math.floor(ms / 1000)),
  nanos: Math.round((ms - Math.floor(ms / 1000) * 1000) * 1e6),
});

export const grpcFormat: WireFormat = {
  duration: secondsNanos,
  timestamp: secondsNanos,
  bytes: (buf) => buf,
};

export const restFormat: WireFormat = {
  duration: (ms) => `${ms / 1000}s`,
  timestamp: (ms) => new Date(ms).toISOString(),
  bytes: (buf) => buf.toString('base64'),
};

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Milliseconds of a Duration (`{seconds, nanos}` or `"12.5s"`); undefined when unset. */
export function parseDuration(v: unknown, field: string): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (isObj(v)) return Number(v.seconds ?? 0) * 1000 + Number(v.nanos ?? 0) / 1e6;
  if (typeof v === 'string') {
    const m = /^(-?\d+(?:\.\d+)?)s$/.exec(v.trim());
    if (!m) throw invalidArgument(`Invalid duration for ${field}: ${v}`);
    return Number(m[1]) * 1000;
  }
  throw invalidArgument(`Invalid duration for ${field}`);
}

/** Milliseconds since the epoch of a Timestamp (`{seconds, nanos}` or RFC 3339). */
export function parseTimestamp(v: unknown, field: string): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (isObj(v)) return Number(v.seconds ?? 0) * 1000 + Math.floor(Number(v.nanos ?? 0) / 1e6);
  if (typeof v === 'string') {
    const ms = Date.parse(v);
    if (Number.isNaN(ms)) throw invalidArgument(`Invalid timestamp for ${field}: ${v}`);
    return ms;
  }
  throw invalidArgument(`Invalid timestamp for ${field}`);
}

/** Bytes from a Buffer/Uint8Array (gRPC) or base64 text (REST). */
export function parseBytes(v: unknown, field: string): Buffer {
  if (v === undefined || v === null || v === '') return Buffer.alloc(0);
  // A view, not a copy: the state copies payloads into its own slabs when it stores a message.
  if (Buffer.isBuffer(v)) return v;
  if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
  if (typeof v === 'string') {
    if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(v)) throw invalidArgument(`${field} is not valid base64.`);
    return Buffer.from(v, 'base64');
  }
  throw invalidArgument(`Invalid bytes for ${field}`);
}

export function parseString(v: unknown, field: string): string {
  if (v === undefined || v === null) return '';
  if (typeof v !== 'string') throw invalidArgument(`${field} must be a string.`);
  return v;
}

const EMPTY_MAP: Record<string, string> = Object.freeze({}) as Record<string, string>;

export function parseMap(v: unknown, field: string): Record<string, string> {
  if (v === undefined || v === null) return EMPTY_MAP;
  if (!isObj(v)) throw invalidArgument(`${field} must be a map of strings.`);
  for (const [k, val] of Object.entries(v)) {
    if (typeof val !== 'string') throw invalidArgument(`${field}.${k} must be a string.`);
  }
  const entries = Object.entries(v);
  // Most messages carry no attributes; one shared frozen object spares a million small ones.
  if (entries.length === 0) return EMPTY_MAP;
  // Own data properties only: a `__proto__` attribute key is kept as a key.
  return Object.fromEntries(entries) as Record<string, string>;
}

// Google's label requirements (Pub/Sub "Creating and managing labels", the same for every
// resource): at most 64; keys 1–63 characters starting with a lowercase letter or an
// international character; keys and values only lowercase letters, international characters,
// digits, `_` and `-`; values may be empty.
const LABEL_KEY = /^[\p{Ll}\p{Lo}][\p{Ll}\p{Lo}\p{N}_-]{0,62}$/u;
const LABEL_VALUE = /^[\p{Ll}\p{Lo}\p{N}_-]{0,63}$/u;
const MAX_LABELS = 64;

/** A resource's `labels` map, refused (INVALID_ARGUMENT) where Google's label rules are broken. */
export function parseLabels(v: unknown, field = 'labels'): Record<string, string> {
  const labels = parseMap(v, field);
  const entries = Object.entries(labels);
  if (entries.length > MAX_LABELS) {
    throw invalidArgument(`${field} has ${entries.length} entries; at most ${MAX_LABELS} are allowed.`);
  }
  for (const [key, value] of entries) {
    if (!LABEL_KEY.test(key)) {
      throw invalidArgument(
        `Invalid ${field} key ${JSON.stringify(key)}: keys are 1-63 characters, start with a lowercase letter, and contain only lowercase letters, digits, '_' and '-'.`,
      );
    }
    if (!LABEL_VALUE.test(value)) {
      throw invalidArgument(
        `Invalid ${field} value ${JSON.stringify(value)} for key ${JSON.stringify(key)}: values are at most 63 characters of lowercase letters, digits, '_' and '-'.`,
      );
    }
  }
  return labels;
}

export function parseInt32(v: unknown, field: string): number {
  if (v === undefined || v === null || v === '') return 0;
  const n = Number(v);
  if (!Number.isInteger(n)) throw invalidArgument(`${field} must be an integer.`);
  return n;
}

/** FieldMask paths: `{paths: [...]}` over gRPC, `"a,b"` in REST. */
export function parseMask(v: unknown): string[] {
  if (typeof v === 'string') return v.split(',').filter(Boolean);
  if (isObj(v) && Array.isArray(v.paths)) return v.paths.map(String);
  return [];
}

export function asObj(v: unknown): Obj {
  return isObj(v) ? v : {};
}

export function parseStringList(v: unknown, field: string): string[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw invalidArgument(`${field} must be a list.`);
  return v.map((x) => parseString(x, field));
}
