// Pure pieces of the workflow, in-process: unit keys from notifications, routing, the audit ledger.
import { describe, expect, it } from 'vitest';
import {
  announcementAttributes,
  createAuditLedger,
  createHandlerRegistry,
  InvalidUnitError,
  unitFromMessage,
} from '../../src/workflow/index.ts';

const note = (attributes: Record<string, string>, id = 'm1', deliveryAttempt = 0) => ({
  attributes,
  id,
  deliveryAttempt,
});

describe('unit from a notification', () => {
  it('keys a unit by bucket/object#generation, not by message id', () => {
    const attrs = {
      bucketId: 'work',
      objectId: 'dir/a b.txt',
      objectGeneration: '1700000000000001',
      eventType: 'OBJECT_FINALIZE',
    };
    const one = unitFromMessage(note(attrs, 'm1'));
    const two = unitFromMessage(note(attrs, 'm2', 3));
    expect(one.key).toBe('work/dir/a b.txt#1700000000000001');
    expect(two.key).toBe(one.key);
    expect([one.deliveryAttempt, two.deliveryAttempt]).toEqual([1, 3]);
    const overwrite = unitFromMessage(note({ ...attrs, objectGeneration: '1700000000000002' }));
    expect(overwrite.key).not.toBe(one.key);
    expect(announcementAttributes(one, 'w1')).toEqual({
      bucketId: 'work',
      objectId: 'dir/a b.txt',
      objectGeneration: '1700000000000001',
      workerId: 'w1',
      unitKey: one.key,
    });
  });

  it('rejects messages that are not storage notifications', () => {
    expect(() => unitFromMessage(note({ bucketId: 'b', objectId: 'o' }))).toThrow(InvalidUnitError);
    expect(() => unitFromMessage(note({ bucketId: 'b', objectId: 'o', objectGeneration: 'x' }))).toThrow(
      /numeric/,
    );
  });
});

describe('handler registry', () => {
  it('routes by attributes, first match wins, {} matches everything', () => {
    const a = async () => {};
    const b = async () => {};
    const c = async () => {};
    const registry = createHandlerRegistry()
      .on({ eventType: 'OBJECT_FINALIZE', action: 'download' }, a)
      .on({ eventType: 'OBJECT_FINALIZE' }, b, 'finalize');
    expect(registry.route({ eventType: 'OBJECT_FINALIZE', action: 'download' })?.handler).toBe(a);
    expect(registry.route({ eventType: 'OBJECT_FINALIZE' })).toMatchObject({ name: 'finalize', handler: b });
    expect(registry.route({ eventType: 'OBJECT_DELETE' })).toBeUndefined();
    registry.on({}, c);
    expect(registry.route({ eventType: 'OBJECT_DELETE' })).toMatchObject({ name: '*', handler: c });
  });
});

describe('audit ledger', () => {
  it('tracks started, complete, quiet and dead-lettered units', () => {
    const ledger = createAuditLedger();
    ledger.record('processing', 'u1', 'w1', 1000);
    ledger.record('processing', 'u2', 'w1', 1000);
    ledger.record('processing', 'u3', 'w2', 1000);
    ledger.record('complete', 'u1', 'w1', 1100);
    ledger.record('complete', 'u1', 'w2', 1200);
    ledger.record('dead-lettered', 'u3', undefined, 1300);
    expect(ledger.quietSince(1500, 1000).map((r) => r.unitKey)).toEqual([]);
    expect(ledger.quietSince(2000, 1000).map((r) => r.unitKey)).toEqual(['u2', 'u3']);
    ledger.markStalled('u2');
    expect(ledger.quietSince(3000, 1000).map((r) => r.unitKey)).toEqual(['u3']);
    expect(ledger.counts()).toEqual({
      started: 3,
      completed: 1,
      inFlight: 1,
      stalled: 1,
      deadLettered: 1,
      duplicateCompletes: 1,
    });
    // A new start clears the stalled mark; a complete finishes it.
    ledger.record('processing', 'u2', 'w2', 4000);
    expect(ledger.get('u2')?.workers).toEqual(new Set(['w1', 'w2']));
    expect(ledger.counts().stalled).toBe(0);
    ledger.record('complete', 'u2', 'w2', 4100);
    expect(ledger.counts()).toMatchObject({ completed: 2, inFlight: 0 });
  });
});
