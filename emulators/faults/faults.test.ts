// Fault rules: validation, matching, counts, seeded determinism, and the admin endpoint.
import { describe, expect, it } from 'vitest';
import { DevkitError } from '../common/index.ts';
import { FaultInjector, faultError, handleFaultAdmin, parseFaultRule } from './index.ts';

const q = (method: string, target?: string) => ({
  service: 'pubsub' as const,
  kind: 'error' as const,
  method,
  target,
});

describe('fault rules', () => {
  it('rejects unknown kinds, bad rates and unknown fields, naming the field', () => {
    expect(() => parseFaultRule({ service: 'pubsub', kind: 'explode' })).toThrow(/invalid fault rule: kind/);
    expect(() => parseFaultRule({ service: 'pubsub', kind: 'error', rate: 2 })).toThrow(/rate/);
    expect(() => parseFaultRule({ service: 'pubsub', kind: 'error', oops: 1 })).toThrow(DevkitError);
  });

  it('matches service, kind, method and target; honours after and count', () => {
    const faults = new FaultInjector(1, [
      { id: 'r', service: 'pubsub', kind: 'error', method: 'Publish', after: 1, count: 2 },
    ]);
    expect(faults.check(q('Acknowledge'))).toBeUndefined();
    expect(faults.check({ ...q('Publish'), service: 'storage' })).toBeUndefined();
    const hits = Array.from({ length: 5 }, () => faults.check(q('Publish'))?.id);
    expect(hits).toEqual([undefined, 'r', 'r', undefined, undefined]);
    expect(faults.list()[0]).toMatchObject({ seen: 3, hits: 2 });
    expect(faults.events.map((e) => e.method)).toEqual(['Publish', 'Publish']);
  });

  it('matches a bucket/prefix target against bucket/object names', () => {
    const faults = new FaultInjector(1, [{ service: 'pubsub', kind: 'error', target: 'work/in/' }]);
    expect(faults.check(q('x', 'work/in/a.txt'))).toBeDefined();
    expect(faults.check(q('x', 'work/out/a.txt'))).toBeUndefined();
    expect(faults.check(q('x'))).toBeUndefined();
  });

  it('gives the same decisions for the same seed and different ones for another seed', () => {
    const run = (seed: number) => {
      const faults = new FaultInjector(seed, [{ id: 'd', service: 'pubsub', kind: 'duplicate', rate: 0.3 }]);
      return Array.from({ length: 200 }, () =>
        faults.check({ service: 'pubsub', kind: 'duplicate', method: 'deliver' }) ? 1 : 0,
      ).join('');
    };
    expect(run(42)).toBe(run(42));
    expect(run(42)).not.toBe(run(43));
    const ones = [...run(42)].filter((c) => c === '1').length;
    expect(ones).toBeGreaterThan(30);
    expect(ones).toBeLessThan(90);
  });

  it('turns error rules into DevkitErrors with a gRPC code or an HTTP status', () => {
    expect(
      faultError(parseFaultRule({ service: 'pubsub', kind: 'error', status: 'DEADLINE_EXCEEDED' })).code,
    ).toBe('DEADLINE_EXCEEDED');
    const http = faultError(parseFaultRule({ service: 'storage', kind: 'error', status: 503 }));
    expect(http.code).toBe('UNAVAILABLE');
    expect(http.details.httpStatus).toBe(503);
  });
});

describe('fault admin endpoint', () => {
  it('adds, lists and removes rules, and answers bad input with 400/404', () => {
    const faults = new FaultInjector(7);
    const added = handleFaultAdmin(
      faults,
      'POST',
      '/_devkit/faults',
      JSON.stringify({ id: 'x', service: 'storage', kind: 'error', status: 503 }),
    );
    expect(added.status).toBe(200);
    expect(faults.list().map((r) => r.id)).toEqual(['x']);
    const listed = handleFaultAdmin(faults, 'GET', '/_devkit/faults', '');
    expect(listed.body).toMatchObject({ seed: 7, rules: [{ id: 'x', hits: 0 }] });
    expect(handleFaultAdmin(faults, 'POST', '/_devkit/faults', '{').status).toBe(400);
    expect(handleFaultAdmin(faults, 'POST', '/_devkit/faults', '{"service":"nope"}').status).toBe(400);
    expect(handleFaultAdmin(faults, 'DELETE', '/_devkit/faults/zzz', '').status).toBe(404);
    expect(handleFaultAdmin(faults, 'DELETE', '/_devkit/faults/x', '').status).toBe(200);
    expect(faults.idle).toBe(true);
  });
});
