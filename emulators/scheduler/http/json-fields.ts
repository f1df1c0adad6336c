// Typed reads of proto3 JSON fields: a wrong type is INVALID_ARGUMENT naming the field, as Google
// answers ("Invalid value at 'job.schedule' (TYPE_STRING)"), never a crash further in.
import { invalidArgument } from '../../common/index.ts';

type Obj = Record<string, unknown>;

const bad = (field: string, type: string, value: unknown) =>
  invalidArgument(`Invalid value at '${field}' (${type}), ${JSON.stringify(value)}`);

export function obj(value: unknown, field: string): Obj | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw bad(field, 'TYPE_MESSAGE', value);
  return value as Obj;
}

export function str(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw bad(field, 'TYPE_STRING', value);
  return value;
}

export function int(value: unknown, field: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  const n = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n)) throw bad(field, 'TYPE_INT32', value);
  return n;
}

export function strMap(value: unknown, field: string): Record<string, string> | undefined {
  const o = obj(value, field);
  if (!o) return undefined;
  for (const [k, v] of Object.entries(o))
    if (typeof v !== 'string') throw bad(`${field}[${k}]`, 'TYPE_STRING', v);
  return o as Record<string, string>;
}

/** "10s", "1.5s" → ms. */
export function duration(value: unknown, field: string): number | undefined {
  const s = str(value, field);
  if (s === undefined) return undefined;
  const m = /^(-?\d+(?:\.\d{1,9})?)s$/.exec(s);
  if (!m) throw bad(field, 'google.protobuf.Duration', value);
  return Math.round(Number(m[1]) * 1000);
}

export function bytes(value: unknown, field: string): Buffer | undefined {
  const s = str(value, field);
  if (s === undefined) return undefined;
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(s)) throw bad(field, 'TYPE_BYTES', value);
  return Buffer.from(s, 'base64');
}

/** An enum by name; unset, or the _UNSPECIFIED name, is undefined. */
export function enumName<T extends string>(
  value: unknown,
  field: string,
  names: readonly T[],
): T | undefined {
  const s = str(value, field);
  if (s === undefined || s.endsWith('_UNSPECIFIED')) return undefined;
  if (!names.includes(s as T)) throw bad(field, 'TYPE_ENUM', value);
  return s as T;
}
