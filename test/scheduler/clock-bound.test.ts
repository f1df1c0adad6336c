// Issue 14 finding 5: one clock:advance call is bounded (366 days, INVALID_ARGUMENT beyond) and
// answers within seconds however many runs it spans: past the per-call firing budget a job that
// was due many times runs once, as Cloud Scheduler runs a late job once, not once per missed time.
import { spawn } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import { MAX_FIRINGS_PER_ADVANCE } from '../../emulators/scheduler/run/clock-advance.ts';
import { cleanEnv, DEVKIT_BIN } from '../helpers/devkit-process.ts';
import { iso, jobName, PARENT, recordingTarget, startFixture } from './helpers.ts';

const post = async (address: string, body: unknown) => {
  const res = await fetch(`http://${address}/admin/clock:advance`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
};
const minutely = (uri: string) => ({ name: jobName('minutely'), schedule: '* * * * *', httpTarget: { uri } });

describe('clock:advance bound', () => {
  test('beyond 366 days is INVALID_ARGUMENT, at once, and the clock does not move', async () => {
    await using f = await startFixture({ start: '2026-01-01T00:00:00Z' });
    await using target = await recordingTarget();
    await f.client.createJob({ parent: PARENT, job: minutely(target.url) });
    for (const body of [{ duration: '8760000h' }, { duration: '8785h' }, { time: '2027-01-03T00:00:00Z' }]) {
      const started = Date.now();
      const res = await post(f.emulator.address, body);
      expect(res.status).toBe(400);
      expect(res.json).toMatchObject({ error: { code: 400, status: 'INVALID_ARGUMENT' } });
      expect(String((res.json.error as { message: string }).message)).toContain('the maximum is 8784h');
      expect(Date.now() - started).toBeLessThan(10_000);
    }
    expect(await fetch(`http://${f.emulator.address}/admin/clock`).then((r) => r.json())).toEqual({
      now: '2026-01-01T00:00:00.000Z',
    });
    expect(target.requests).toHaveLength(0);
  });

  test('a year of a * * * * * job: the first runs fire in order, the rest coalesce into one run', async () => {
    await using f = await startFixture({ start: '2026-01-01T00:00:00Z' });
    await using target = await recordingTarget(
      () => 200,
      () => f.clock.now(),
    );
    const [job] = await f.client.createJob({ parent: PARENT, job: minutely(target.url) });
    const started = Date.now();
    const res = await post(f.emulator.address, { duration: '8784h' });
    const tookMs = Date.now() - started;
    expect(res).toEqual({ status: 200, json: { now: '2027-01-02T00:00:00.000Z', coalesced: [job.name] } });
    expect(tookMs).toBeLessThan(60_000); // about a second idle; it never answered before
    await f.emulator.settle(5_000);
    const times = target.requests.map((r) => String(r.headers['x-cloudscheduler-scheduletime']));
    // One by one, in time order, at most the budget; then exactly one run for the rest of the year.
    expect(times.length).toBeGreaterThan(2);
    expect(times.length).toBeLessThanOrEqual(MAX_FIRINGS_PER_ADVANCE + 1);
    expect(times.slice(0, 3)).toEqual([
      '2026-01-01T00:01:00Z',
      '2026-01-01T00:02:00Z',
      '2026-01-01T00:03:00Z',
    ]);
    expect([...times].sort()).toEqual(times);
    const last = target.requests.at(-1)!;
    expect(new Date(last.at).toISOString()).toBe('2027-01-02T00:00:00.000Z');
    expect(Date.parse(times.at(-1)!)).toBeLessThan(Date.parse('2026-01-02T00:00:00Z')); // the first missed time
    const [after] = await f.client.getJob({ name: job.name });
    expect(iso(after.scheduleTime)).toBe('2027-01-02T00:01:00.000Z');

    // Back to normal: the next minutes fire one by one, and the answer has no `coalesced`.
    const before = target.requests.length;
    const next = await post(f.emulator.address, { duration: '3m' });
    expect(next).toEqual({ status: 200, json: { now: '2027-01-02T00:03:00.000Z' } });
    await f.emulator.settle(5_000);
    expect(target.requests.slice(before).map((r) => r.headers['x-cloudscheduler-scheduletime'])).toEqual([
      '2027-01-02T00:01:00Z',
      '2027-01-02T00:02:00Z',
      '2027-01-02T00:03:00Z',
    ]);
  }, 120_000);

  test('on the default wall clock (as under `devkit start`) the same year answers within seconds', async () => {
    await using f = await startFixture({ realTime: true });
    await using target = await recordingTarget();
    const [job] = await f.client.createJob({ parent: PARENT, job: minutely(target.url) });
    const res = await post(f.emulator.address, { duration: '8784h' });
    expect(res.status).toBe(200);
    expect(res.json.coalesced).toEqual([job.name]);
    await f.emulator.settle(5_000);
    expect(target.requests.length).toBeLessThanOrEqual(MAX_FIRINGS_PER_ADVANCE + 2);
  }, 120_000);

  test('`devkit scheduler advance` prints the emulator error and exits non-zero', async () => {
    await using f = await startFixture({ start: '2026-01-01T00:00:00Z' });
    // Asynchronous: the emulator runs in this process, so a blocking spawnSync would starve it.
    const run = (...args: string[]) =>
      new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, [DEVKIT_BIN, 'scheduler', 'advance', ...args], {
          env: cleanEnv(),
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d: Buffer) => {
          stdout += d;
        });
        child.stderr.on('data', (d: Buffer) => {
          stderr += d;
        });
        child.once('close', (status) => resolve({ status, stdout, stderr }));
      });
    const tooFar = await run('8760000h', '--host', f.emulator.address);
    expect(tooFar.status).not.toBe(0);
    expect(tooFar.stderr).toContain('scheduler advance failed: INVALID_ARGUMENT');
    expect(tooFar.stderr).toContain('the maximum is 8784h (366 days); advance in steps');
    const ok = await run('1h', '--host', f.emulator.address, '--json');
    expect(ok.status, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout)).toEqual({ now: '2026-01-01T01:00:00.000Z' });
    await using target = await recordingTarget();
    const [job] = await f.client.createJob({ parent: PARENT, job: minutely(target.url) });
    const month = await run('30d', '--host', f.emulator.address);
    expect(month.status, month.stderr).toBe(0);
    expect(month.stdout).toBe('scheduler clock now 2026-01-31T01:00:00.000Z\n');
    expect(month.stderr).toContain(`each of these jobs ran once for the rest: ${job.name}`);
    await f.emulator.stop();
    const gone = await run('1h', '--host', f.emulator.address);
    expect(gone.status).not.toBe(0);
    expect(gone.stderr).toContain(`cannot reach the scheduler emulator at http://${f.emulator.address}`);
  }, 120_000);
});
