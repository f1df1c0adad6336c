// Where a workflow unit's cost goes: CPU seconds of the stack, the workers and the bench client,
// Redis commands (INFO commandstats on the stack's redis-server) and the workers' gRPC / HTTP calls
// (counted in each worker by bench/probe/call-counter.mjs), as deltas over a measured window.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Redis } from 'ioredis';
import { cpuSeconds, type ServerProcess } from '../processes.ts';

/** `--import` this into a child, with DEVKIT_BENCH_COUNTS=<dir>, to count its calls. */
export const CALL_COUNTER = fileURLToPath(new URL('../probe/call-counter.mjs', import.meta.url));

export interface BudgetSnapshot {
  cpu: number[];
  self: NodeJS.CpuUsage;
  redis: Record<string, { calls: number; usec: number }>;
  /** redis-server's own CPU seconds (INFO cpu, user + sys). */
  redisCpu: number;
  /** processes[i].pid, in the order of `cpu`. */
  pids: number[];
  /** Call counts by process id (bench/probe/call-counter.mjs). */
  calls: Map<number, Record<string, number>>;
}

async function commandStats(redis: Redis): Promise<BudgetSnapshot['redis']> {
  const out: BudgetSnapshot['redis'] = {};
  const text = await redis.info('commandstats');
  for (const m of text.matchAll(/^cmdstat_([^:]+):calls=(\d+),usec=(\d+)/gm))
    out[m[1]!] = { calls: Number(m[2]), usec: Number(m[3]) };
  return out;
}

async function redisCpu(redis: Redis): Promise<number> {
  const text = await redis.info('cpu');
  const field = (name: string) => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(text)?.[1] ?? 0);
  return field('used_cpu_user') + field('used_cpu_sys');
}

function readCalls(dir: string): BudgetSnapshot['calls'] {
  const byPid: BudgetSnapshot['calls'] = new Map();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    try {
      byPid.set(Number.parseInt(file, 10), JSON.parse(readFileSync(join(dir, file), 'utf8')));
    } catch {} // caught mid-write: the next snapshot reads it
  }
  return byPid;
}

/** Sums the call counts of `pids` in `after` minus `before`, largest first. */
function callDelta(before: BudgetSnapshot, after: BudgetSnapshot, pids: number[]): [string, number][] {
  const sum: Record<string, number> = {};
  for (const pid of pids) {
    const was = before.calls.get(pid) ?? {};
    for (const [key, n] of Object.entries(after.calls.get(pid) ?? {}))
      sum[key] = (sum[key] ?? 0) + n - (was[key] ?? 0);
  }
  return Object.entries(sum)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1]);
}

/** processes[0] is the stack, the rest are workers. */
export async function snapshotBudget(
  redis: Redis,
  processes: ServerProcess[],
  countsDir: string,
): Promise<BudgetSnapshot> {
  // The counters flush every 200 ms: wait for a flush so the window's calls are all in.
  await new Promise((r) => setTimeout(r, 250));
  return {
    cpu: processes.map((p) => cpuSeconds(p.pid)),
    self: process.cpuUsage(),
    redis: await commandStats(redis),
    redisCpu: await redisCpu(redis),
    calls: readCalls(countsDir),
    pids: processes.map((p) => p.pid),
  };
}

const perUnit = (n: number, units: number) => (n / units).toFixed(2);

/** One-line summaries of the window's cost per completed unit (progress lines and the note). */
export function budgetLines(before: BudgetSnapshot, after: BudgetSnapshot, units: number): string[] {
  if (units === 0) return ['no unit completed in the window: no per-unit budget'];
  const ms = (s: number) => `${((s * 1000) / units).toFixed(2)} ms`;
  const stack = after.cpu[0]! - before.cpu[0]!;
  const workers = after.cpu.slice(1).map((c, i) => c - (before.cpu[i + 1] ?? 0));
  const self = process.cpuUsage(before.self);
  const bench = (self.user + self.system) / 1e6;
  const workerSum = workers.reduce((a, b) => a + b, 0);
  const redis = Object.entries(after.redis)
    .map(
      ([cmd, v]) =>
        [cmd, v.calls - (before.redis[cmd]?.calls ?? 0), v.usec - (before.redis[cmd]?.usec ?? 0)] as const,
    )
    .filter(([cmd, calls]) => calls > 0 && cmd !== 'info');
  const redisCalls = redis.reduce((a, [, c]) => a + c, 0);
  const redisUsec = redis.reduce((a, [, , u]) => a + u, 0);
  const list = (calls: [string, number][]) =>
    calls.map(([k, n]) => `${k} ${perUnit(n, units)}`).join(', ') || 'none counted';
  const served = (calls: [string, number][], prefix: string) =>
    calls
      .filter(([k]) => k.startsWith(prefix))
      .map(([k, n]) => [k.slice(prefix.length), n] as [string, number]);
  const stackCalls = callDelta(before, after, after.pids.slice(0, 1));
  const workerCalls = callDelta(before, after, after.pids.slice(1));
  return [
    `CPU per unit: stack ${ms(stack)}, workers ${ms(workerSum)} (${workers.map(ms).join(' / ')}), bench client ${ms(bench)}`,
    `Redis per unit: ${perUnit(redisCalls, units)} commands (${redis.map(([c, n]) => `${c} ${perUnit(n, units)}`).join(', ')}), ${(redisUsec / units).toFixed(0)} µs in commands, redis-server CPU ${ms(after.redisCpu - before.redisCpu)}`,
    `served by the stack per unit: Pub/Sub ${list(served(stackCalls, 'served grpc '))}; Storage ${list(served(stackCalls, 'served http '))}`,
    `worker calls per unit: ${list(workerCalls.filter(([k]) => !k.startsWith('served')))}`,
  ];
}
