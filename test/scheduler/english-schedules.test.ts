// English-like schedules through the official client over gRPC: a job with "every 5 minutes from
// 10:00 to 10:20" is created, reports its next run, and fires on those times as the clock moves.
import { describe, expect, test } from 'vitest';
import { iso, jobName, PARENT, recordingTarget, startFixture } from './helpers.ts';

describe('English-like schedules', () => {
  test('a job on "every 5 minutes from 10:00 to 10:20" fires at 10:00 … 10:20, then the next day', async () => {
    await using f = await startFixture({ start: '2026-01-01T09:00:00Z' });
    await using target = await recordingTarget(
      () => 200,
      () => f.clock.now(),
    );
    const name = jobName('english');
    const [job] = await f.client.createJob({
      parent: PARENT,
      job: { name, schedule: 'every 5 minutes from 10:00 to 10:20', httpTarget: { uri: target.url } },
    });
    expect(job.schedule).toBe('every 5 minutes from 10:00 to 10:20');
    expect(iso(job.scheduleTime)).toBe('2026-01-01T10:00:00.000Z');
    await f.emulator.advance(90 * 60_000);
    expect(target.requests.map((r) => r.headers['x-cloudscheduler-scheduletime'])).toEqual([
      '2026-01-01T10:00:00Z',
      '2026-01-01T10:05:00Z',
      '2026-01-01T10:10:00Z',
      '2026-01-01T10:15:00Z',
      '2026-01-01T10:20:00Z',
    ]);
    const [after] = await f.client.getJob({ name });
    expect(iso(after.scheduleTime)).toBe('2026-01-02T10:00:00.000Z');
  });

  test('"every monday 09:00" in a time zone, and a malformed one refused with INVALID_ARGUMENT', async () => {
    await using f = await startFixture({ start: '2026-03-01T00:00:00Z' });
    const [job] = await f.client.createJob({
      parent: PARENT,
      job: {
        name: jobName('monday'),
        schedule: 'every monday 09:00',
        timeZone: 'Europe/Paris',
        httpTarget: { uri: 'http://127.0.0.1:9/never' },
      },
    });
    expect(iso(job.scheduleTime)).toBe('2026-03-02T08:00:00.000Z');
    await expect(
      f.client.createJob({
        parent: PARENT,
        job: { name: jobName('bad'), schedule: 'every funday 09:00', httpTarget: { uri: 'http://x' } },
      }),
    ).rejects.toMatchObject({ code: 3, details: expect.stringContaining('"funday" is not a day') });
  });
});
