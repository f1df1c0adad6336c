// Unit tests for schema compilation and message checks (no server: pure functions).
import { describe, expect, it } from 'vitest';
import { compileSchema } from './definition.ts';

const json = (v: unknown) => Buffer.from(JSON.stringify(v));

describe('compileSchema', () => {
  it('checks Avro JSON in Avro JSON encoding (unions wrapped) and Avro binary', () => {
    const s = compileSchema(
      'AVRO',
      JSON.stringify({ type: 'record', name: 'R', fields: [{ name: 'n', type: ['null', 'int'] }] }),
    );
    expect(s.accepts(json({ n: { int: 3 } }), 'JSON')).toBe(true);
    expect(s.accepts(json({ n: null }), 'JSON')).toBe(true);
    expect(s.accepts(json({ n: 'x' }), 'JSON')).toBe(false);
    expect(s.accepts(Buffer.from([0x02, 0x06]), 'BINARY')).toBe(true); // branch 1 (int), 3
    expect(s.accepts(Buffer.from([0x02]), 'BINARY')).toBe(false); // truncated
  });

  it('checks proto3 JSON: nested messages, enums, repeated and map fields, JSON names', () => {
    const s = compileSchema(
      'PROTOCOL_BUFFER',
      `syntax = "proto3"; package p.q;
       message Order { message Line { string sku = 1; } enum Kind { A = 0; B = 1; }
         repeated Line lines = 1; Kind kind = 2; map<string, int64> counts = 3; string order_id = 4; }`,
    );
    expect(
      s.accepts(json({ lines: [{ sku: 'x' }], kind: 'B', counts: { a: '5' }, orderId: 'o' }), 'JSON'),
    ).toBe(true);
    expect(s.accepts(json({ order_id: 'o', kind: 1 }), 'JSON')).toBe(true);
    expect(s.accepts(json({ lines: [{ nope: 1 }] }), 'JSON')).toBe(false);
    expect(s.accepts(json({ kind: 'C' }), 'JSON')).toBe(false);
    expect(s.accepts(json({ counts: { a: 'five' } }), 'JSON')).toBe(false);
    expect(s.accepts(Buffer.from('not json'), 'JSON')).toBe(false);
  });

  it('refuses definitions Google refuses', () => {
    const bad = (type: string, def: string) => () => compileSchema(type, def);
    expect(bad('PROTOCOL_BUFFER', 'syntax = "proto3"; message A {} message B {}')).toThrow(/exactly one/);
    expect(bad('PROTOCOL_BUFFER', 'syntax = "proto3"; import "x.proto"; message A {}')).toThrow(/import/);
    expect(bad('PROTOCOL_BUFFER', 'syntax = "proto3"; message A { Missing m = 1; }')).toThrow(/Invalid/);
    expect(bad('AVRO', '{"type": "nope"}')).toThrow(/Invalid Avro/);
    expect(bad('AVRO', '')).toThrow(/empty/);
    expect(bad('TYPE_UNSPECIFIED', '{}')).toThrow(/AVRO or PROTOCOL_BUFFER/);
  });
});
