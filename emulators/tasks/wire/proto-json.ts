// Proto3 JSON ↔ the proto-loader object shape, walked by the message descriptors: durations "10s",
// timestamps RFC 3339, bytes base64, enums by name or number, snake_case or camelCase names. A
// wrong type or unknown field is INVALID_ARGUMENT naming the field, never a crash further in.
import type protobuf from 'protobufjs';
import { invalidArgument } from '../../common/index.ts';

// biome-ignore lint/suspicious/noExplicitAny: proto objects are plain, descriptor-shaped records
type Obj = Record<string, any>;

const bad = (at: string, type: string, value: unknown) =>
  invalidArgument(`Invalid value at '${at}' (${type}), ${JSON.stringify(value)}`);
const camel = (k: string) => k.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

function parseDuration(value: unknown, at: string) {
  const m = typeof value === 'string' ? /^(-?)(\d+)(?:\.(\d{1,9}))?s$/.exec(value) : null;
  if (!m) throw bad(at, 'google.protobuf.Duration', value);
  const sign = m[1] ? -1 : 1;
  return { seconds: String(sign * Number(m[2])), nanos: sign * Number((m[3] ?? '').padEnd(9, '0')) };
}

function parseTimestamp(value: unknown, at: string) {
  const ms = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms)) throw bad(at, 'google.protobuf.Timestamp', value);
  const frac = /\.(\d+)/.exec(value as string)?.[1] ?? '';
  const seconds = Math.floor(ms / 1000);
  return { seconds: String(seconds), nanos: Number(frac.slice(0, 9).padEnd(9, '0')) };
}

function scalar(field: protobuf.Field, value: unknown, at: string): unknown {
  if (field.resolvedType && 'values' in field.resolvedType) {
    const e = field.resolvedType as protobuf.Enum;
    const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
    if (typeof n === 'number' && e.valuesById[n] !== undefined) return e.valuesById[n];
    if (typeof value === 'string' && value in e.values) return value;
    throw bad(at, 'TYPE_ENUM', value);
  }
  if (field.resolvedType) return fromJson(field.resolvedType as protobuf.Type, value, at);
  switch (field.type) {
    case 'string':
      if (typeof value !== 'string') throw bad(at, 'TYPE_STRING', value);
      return value;
    case 'bytes':
      if (typeof value !== 'string' || !/^[A-Za-z0-9+/_-]*={0,2}$/.test(value))
        throw bad(at, 'TYPE_BYTES', value);
      return Buffer.from(value, 'base64');
    case 'bool':
      if (typeof value !== 'boolean') throw bad(at, 'TYPE_BOOL', value);
      return value;
    case 'double':
    case 'float': {
      const n = typeof value === 'string' ? Number(value) : value;
      if (typeof n !== 'number' || Number.isNaN(n)) throw bad(at, 'TYPE_DOUBLE', value);
      return n;
    }
    default: {
      const n = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
      if (typeof n !== 'number' || !Number.isInteger(n))
        throw bad(at, `TYPE_${field.type.toUpperCase()}`, value);
      return field.type.includes('64') ? String(n) : n;
    }
  }
}

export function fromJson(type: protobuf.Type, json: unknown, at = ''): Obj {
  const full = type.fullName;
  if (full === '.google.protobuf.Duration') return parseDuration(json, at);
  if (full === '.google.protobuf.Timestamp') return parseTimestamp(json, at);
  if (full === '.google.protobuf.FieldMask') {
    if (typeof json !== 'string') throw bad(at, 'google.protobuf.FieldMask', json);
    return { paths: json.split(',').filter(Boolean) };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw bad(at, 'TYPE_MESSAGE', json);
  const out: Obj = {};
  for (const [key, value] of Object.entries(json)) {
    const name = camel(key);
    const field = type.fields[name];
    const where = at ? `${at}.${key}` : key;
    if (!field)
      throw invalidArgument(`Invalid JSON payload received. Unknown name "${key}" at '${at || type.name}'`);
    if (value === null || value === undefined) continue;
    field.resolve();
    if (field.map) {
      if (typeof value !== 'object' || Array.isArray(value)) throw bad(where, 'TYPE_MAP', value);
      out[name] = Object.fromEntries(
        Object.entries(value).map(([k, v]) => [k, scalar(field, v, `${where}[${k}]`)]),
      );
    } else if (field.repeated) {
      if (!Array.isArray(value)) throw bad(where, 'TYPE_REPEATED', value);
      out[name] = value.map((v, i) => scalar(field, v, `${where}[${i}]`));
    } else {
      out[name] = scalar(field, value, where);
    }
  }
  return out;
}

const num = (v: unknown) => Number(v ?? 0);

function formatDuration(d: Obj): string {
  const ms = num(d.seconds) * 1000 + Math.round(num(d.nanos) / 1e6);
  const s = ms / 1000;
  return Number.isInteger(s) ? `${s}s` : `${s.toFixed(3).replace(/0+$/, '')}s`;
}

function outValue(field: protobuf.Field, value: unknown): unknown {
  if (field.resolvedType && 'values' in field.resolvedType) return value;
  if (field.resolvedType) return toJson(field.resolvedType as protobuf.Type, value as Obj);
  if (field.type === 'bytes') return Buffer.from(value as Uint8Array).toString('base64');
  return value;
}

export function toJson(type: protobuf.Type, obj: Obj): unknown {
  const full = type.fullName;
  if (full === '.google.protobuf.Duration') return formatDuration(obj);
  if (full === '.google.protobuf.Timestamp')
    return new Date(num(obj.seconds) * 1000 + Math.floor(num(obj.nanos) / 1e6)).toISOString();
  const out: Obj = {};
  for (const [name, value] of Object.entries(obj)) {
    const field = type.fields[name];
    if (!field || value === undefined || value === null) continue;
    field.resolve();
    if (field.map)
      out[name] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, outValue(field, v)]));
    else if (field.repeated) out[name] = (value as unknown[]).map((v) => outValue(field, v));
    else out[name] = outValue(field, value);
  }
  return out;
}
