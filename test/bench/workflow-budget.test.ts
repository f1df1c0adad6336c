// The workflow bench's per-unit budget lines: deltas between two snapshots divided by the units.
import { describe, expect, it } from 'vitest';
import { type BudgetSnapshot, budgetLines } from '../../bench/metrics/workflow-budget.ts';

const snapshot = (over: Partial<BudgetSnapshot>): BudgetSnapshot => ({
  cpu: [0, 0],
  self: process.cpuUsage(),
  redis: {},
  redisCpu: 0,
  pids: [10, 11],
  calls: new Map(),
  ...over,
});

describe('budgetLines', () => {
  it('divides CPU, Redis commands and calls by the completed units', () => {
    const before = snapshot({
      redis: { evalsha: { calls: 100, usec: 1000 } },
      calls: new Map([[11, { 'http GET': 5 }]]),
    });
    const after = snapshot({
      cpu: [1, 0.5],
      redis: { evalsha: { calls: 300, usec: 3000 }, info: { calls: 9, usec: 9 } },
      redisCpu: 0.1,
      calls: new Map<number, Record<string, number>>([
        [10, { 'served grpc Publish': 150, 'served http POST': 200 }],
        [11, { 'http GET': 105, 'grpc Publish': 50 }],
      ]),
    });
    const [cpu, redis, served, worker] = budgetLines(before, after, 100);
    expect(cpu).toContain('stack 10.00 ms');
    expect(cpu).toContain('workers 5.00 ms');
    expect(redis).toBe(
      'Redis per unit: 2.00 commands (evalsha 2.00), 20 µs in commands, redis-server CPU 1.00 ms',
    );
    expect(served).toBe('served by the stack per unit: Pub/Sub Publish 1.50; Storage POST 2.00');
    expect(worker).toBe('worker calls per unit: http GET 1.00, grpc Publish 0.50');
  });

  it('says so instead of dividing by zero units', () => {
    expect(budgetLines(snapshot({}), snapshot({ cpu: [1, 1] }), 0)).toEqual([
      'no unit completed in the window: no per-unit budget',
    ]);
  });
});
