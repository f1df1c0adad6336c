// RetryConfig over the wire: attempts spaced by the documented formula (on the manual clock),
// retry_count and the next scheduled run end retries, status reports the last attempt, and a
// late scheduled run waits for the outstanding execution instead of running twice.
import { describe, expect, test } from 'vitest';
import { jobName, PARENT, recordingTarget, type SchedulerFixture, startFixture } from './helpers.ts';

const S = 1000;
const gaps = (times: number[]) => times.slice(1).map((t, i) => (t - (times[i] as number)) / S);
type Job = { schedule: string; retryConfig?: object; attemptDeadline?: { seconds: number } };

/** A recording target answering `respond`, and an HTTP job (name from `prefix`) aimed at it. */
async function jobOnTarget(
  f: SchedulerFixture,
  prefix: string,
  respond: (n: number) => number | 'hang',
  job: Job,
) {
  const target = await recordingTarget(respond, () => f.clock.now());
  const name = jobName(prefix);
  try {
    await f.client.createJob({ parent: PARENT, job: { name, httpTarget: { uri: target.url }, ...job } });
  } catch (error) {
    await target[Symbol.asyncDispose]();
    throw error;
  }
  return { target, name };
}

describe('retries', () => {
  test('a target failing k times sees attempts spaced 10s, 20s, 40s, 80s, then success', async () => {
    await using f = await startFixture({ start: '2026-01-01T00:00:00Z' });
    const { target, name } = await jobOnTarget(f, 'retry-ok', (n) => (n <= 4 ? 500 : 200), {
      schedule: '0 0 * * *',
      retryConfig: {
        retryCount: 5,
        minBackoffDuration: { seconds: 10 },
        maxBackoffDuration: { seconds: 300 },
        maxDoublings: 3,
      },
    });
    await using _target = target;
    await f.client.runJob({ name });
    await f.emulator.settle();
    const [failing] = await f.client.getJob({ name });
    expect(failing.status?.code).toBe(13); // HTTP 500 → INTERNAL
    expect(new Date(Number(failing.scheduleTime?.seconds) * S).toISOString()).toBe(
      '2026-01-01T00:00:10.000Z',
    );
    await f.emulator.advance(10 * 60 * S);
    expect(gaps(target.requests.map((r) => r.at))).toEqual([10, 20, 40, 80]);
    const [done] = await f.client.getJob({ name });
    expect(done.status?.code).toBe(0);
    expect(Number(done.lastAttemptTime?.seconds) * S).toBe(target.requests.at(-1)?.at);
    expect(new Date(Number(done.scheduleTime?.seconds) * S).toISOString()).toBe('2026-01-02T00:00:00.000Z');
  });

  test('doublings then linear growth capped at max_backoff; stops after retry_count', async () => {
    await using f = await startFixture({ start: '2026-01-01T00:00:00Z' });
    const { target, name } = await jobOnTarget(f, 'retry-cap', () => 404, {
      schedule: '0 0 * * *',
      retryConfig: {
        retryCount: 5,
        minBackoffDuration: { seconds: 10 },
        maxBackoffDuration: { seconds: 50 },
        maxDoublings: 1,
      },
    });
    await using _target = target;
    await f.client.runJob({ name });
    await f.emulator.advance(60 * 60 * S);
    expect(gaps(target.requests.map((r) => r.at))).toEqual([10, 20, 40, 50, 50]);
    const [job] = await f.client.getJob({ name });
    expect(job.status?.code).toBe(5); // the last attempt's 404
  });

  test('retries stop at the next scheduled run, which then runs as a fresh execution', async () => {
    await using f = await startFixture({ start: '2026-01-01T00:00:00Z' });
    const { target } = await jobOnTarget(f, 'retry-next', () => 503, {
      schedule: '0 * * * *',
      retryConfig: {
        retryCount: 5,
        minBackoffDuration: { seconds: 20 * 60 },
        maxBackoffDuration: { seconds: 7200 },
      },
    });
    await using _target = target;
    await f.emulator.advance(2.5 * 3_600_000);
    const times = target.requests.map((r) => new Date(r.at).toISOString().slice(11, 19));
    // 01:00 fails, retry at 01:20; the next (40 min later) would reach 02:00, so 02:00 runs afresh.
    expect(times).toEqual(['01:00:00', '01:20:00', '02:00:00', '02:20:00']);
    expect(target.requests.map((r) => r.headers['x-cloudscheduler-scheduletime'])).toEqual([
      '2026-01-01T01:00:00Z',
      '2026-01-01T01:00:00Z',
      '2026-01-01T02:00:00Z',
      '2026-01-01T02:00:00Z',
    ]);
  });

  test('max_retry_duration alone keeps retrying until the time since the first attempt runs out', async () => {
    await using f = await startFixture({ start: '2026-01-01T00:00:00Z' });
    const { target, name } = await jobOnTarget(f, 'retry-dur', () => 500, {
      schedule: '0 0 1 1 *',
      retryConfig: {
        maxRetryDuration: { seconds: 100 },
        minBackoffDuration: { seconds: 10 },
        maxDoublings: 2,
      },
    });
    await using _target = target;
    await f.client.runJob({ name });
    await f.emulator.advance(10 * 60 * S);
    // Retries at +10, +30, +70; the next would be at +110 > 100.
    expect(target.requests.map((r) => (r.at - Date.parse('2026-01-01T00:00:00Z')) / S)).toEqual([
      0, 10, 30, 70,
    ]);
  });

  test('one outstanding execution: runs due while an attempt hangs are delayed into one late run', async () => {
    await using f = await startFixture({ start: '2026-01-01T00:00:00Z' });
    const { target, name } = await jobOnTarget(f, 'late', () => 'hang', {
      schedule: '* * * * *',
      attemptDeadline: { seconds: 150 },
    });
    await using _target = target;
    await f.emulator.advanceTo(Date.parse('2026-01-01T00:03:40Z'));
    expect(
      target.requests.map((r) => [new Date(r.at).toISOString(), r.headers['x-cloudscheduler-scheduletime']]),
    ).toEqual([
      ['2026-01-01T00:01:00.000Z', '2026-01-01T00:01:00Z'],
      // 00:02 and 00:03 came while the first attempt hung; one late run starts when it times out.
      ['2026-01-01T00:03:30.000Z', '2026-01-01T00:02:00Z'],
    ]);
    const [job] = await f.client.getJob({ name });
    expect(job.status?.code).toBe(4);
  });

  test('real time: 1s minimum backoff spaces attempts 1s then 2s apart', async () => {
    await using f = await startFixture({ realTime: true });
    await using target = await recordingTarget((n) => (n <= 2 ? 500 : 200));
    const name = jobName('retry-real');
    await f.client.createJob({
      parent: PARENT,
      job: {
        name,
        schedule: '0 0 1 1 *',
        httpTarget: { uri: target.url },
        retryConfig: {
          retryCount: 3,
          minBackoffDuration: { seconds: 1 },
          maxBackoffDuration: { seconds: 10 },
        },
      },
    });
    await f.client.runJob({ name });
    const deadline = Date.now() + 10_000;
    while (target.requests.length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const [g1, g2] = gaps(target.requests.map((r) => r.at));
    expect(g1).toBeGreaterThanOrEqual(0.95);
    expect(g1).toBeLessThan(1.8);
    expect(g2).toBeGreaterThanOrEqual(1.95);
    expect(g2).toBeLessThan(2.8);
    await f.emulator.settle();
    const [job] = await f.client.getJob({ name });
    expect(job.status?.code).toBe(0);
  });
});
