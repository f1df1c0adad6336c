// Schema definitions compiled once: Avro (avsc) and Protocol Buffer (protobufjs, exactly one
// top-level message type, as Google requires), each able to check a message in JSON or BINARY.
import avro from 'avsc';
import protobuf from 'protobufjs';
import { invalidArgument } from '../../common/index.ts';

export type SchemaType = 'AVRO' | 'PROTOCOL_BUFFER';
export type Encoding = 'JSON' | 'BINARY';

export interface CompiledSchema {
  /** True when `data` is a valid message of this schema in `encoding`. */
  accepts(data: Buffer, encoding: Encoding): boolean;
}

/** Compiles a definition; INVALID_ARGUMENT naming the problem when it is not a valid schema. */
export function compileSchema(type: string, definition: string): CompiledSchema {
  if (!definition) throw invalidArgument('Schema definition must not be empty.');
  if (type === 'AVRO') return compileAvro(definition);
  if (type === 'PROTOCOL_BUFFER') return compileProto(definition);
  throw invalidArgument('Schema type must be AVRO or PROTOCOL_BUFFER.');
}

function compileAvro(definition: string): CompiledSchema {
  let type: avro.Type;
  try {
    type = avro.Type.forSchema(JSON.parse(definition));
  } catch (err) {
    throw invalidArgument(`Invalid Avro schema definition: ${(err as Error).message}`);
  }
  return {
    accepts: (data, encoding) =>
      attempt(() => (encoding === 'JSON' ? type.fromString(data.toString('utf8')) : type.fromBuffer(data))),
  };
}

function compileProto(definition: string): CompiledSchema {
  let parsed: protobuf.IParserResult;
  try {
    parsed = protobuf.parse(definition, { keepCase: true });
  } catch (err) {
    throw invalidArgument(`Invalid Protocol Buffer schema definition: ${(err as Error).message}`);
  }
  if (parsed.imports?.length || parsed.weakImports?.length) {
    throw invalidArgument('Protocol Buffer schema definitions may not import other files.');
  }
  const scope = parsed.package ? parsed.root.lookup(parsed.package) : parsed.root;
  const top = ((scope as protobuf.Namespace | null)?.nestedArray ?? []).filter(
    (n) => n instanceof protobuf.Type,
  );
  if (top.length !== 1) {
    throw invalidArgument(
      `Protocol Buffer schema definitions must contain exactly one top-level message type; found ${top.length}.`,
    );
  }
  const message = top[0] as protobuf.Type;
  try {
    parsed.root.resolveAll();
  } catch (err) {
    throw invalidArgument(`Invalid Protocol Buffer schema definition: ${(err as Error).message}`);
  }
  return {
    accepts: (data, encoding) =>
      attempt(() => {
        if (encoding === 'BINARY') return message.decode(data);
        const obj: unknown = JSON.parse(data.toString('utf8'));
        if (!validJson(message, obj)) throw new Error('not a valid JSON message');
        return obj;
      }),
  };
}

/** Proto3 JSON mapping: only declared fields (proto or JSON name), each with a value of its type. */
function validJson(type: protobuf.Type, value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  for (const [key, v] of Object.entries(value)) {
    const field = type.fields[key] ?? type.fieldsArray.find((f) => jsonName(f.name) === key);
    if (!field) return false;
    if (v === null) continue;
    if (field.map) {
      if (typeof v !== 'object' || Array.isArray(v)) return false;
      if (!Object.values(v).every((item) => validValue(field, item))) return false;
    } else if (field.repeated) {
      if (!Array.isArray(v) || !v.every((item) => validValue(field, item))) return false;
    } else if (!validValue(field, v)) return false;
  }
  return true;
}

const INTEGER = /^-?\d+$/;

function validValue(field: protobuf.Field, v: unknown): boolean {
  const t = field.resolvedType;
  if (t instanceof protobuf.Type) return validJson(t, v);
  if (t instanceof protobuf.Enum) return typeof v === 'string' ? v in t.values : Number.isInteger(v);
  switch (field.type) {
    case 'string':
    case 'bytes':
      return typeof v === 'string';
    case 'bool':
      return typeof v === 'boolean';
    case 'float':
    case 'double':
      return typeof v === 'number' || ['NaN', 'Infinity', '-Infinity'].includes(v as string);
    default: // the integer types accept a number or a decimal string
      return Number.isInteger(v) || (typeof v === 'string' && INTEGER.test(v));
  }
}

const jsonName = (name: string) => name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** An enum by name, or by number (the Python REST transport sends `enum-encoding=int`). */
export function enumName(v: unknown, names: string[]): string {
  const n = typeof v === 'number' || (typeof v === 'string' && /^\d+$/.test(v)) ? Number(v) : Number.NaN;
  return Number.isNaN(n) ? String(v) : (names[n] ?? String(v));
}

function attempt(fn: () => unknown): boolean {
  try {
    fn();
    return true;
  } catch {
    return false;
  }
}
