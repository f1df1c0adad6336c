// Output field scheduleTime through the official client: time zones, DST days, DOM/DOW OR, and
// jobs declared at start.
import { describe, expect, test } from 'vitest';
import { iso, jobName, PARENT, startFixture } from './helpers.ts';

const http = (uri = 'http://127.0.0.1:9/never') => ({ httpTarget: { uri } });

describe('scheduleTime', () => {
  test('jobs declared at start are created and scheduled', async () => {
    const name = `${PARENT}/jobs/declared-nightly`;
    await using f = await startFixture({
      start: '2026-01-01T12:00:00Z',
      jobs: [
        { name, schedule: '0 2 * * *', timeZone: 'Europe/Berlin', ...http(), retryConfig: { retryCount: 2 } },
      ],
    });
    const [jobs] = await f.client.listJobs({ parent: PARENT });
    expect(jobs.map((j) => j.name)).toEqual([name]);
    expect(iso(jobs[0]?.scheduleTime)).toBe('2026-01-02T01:00:00.000Z');
    expect(jobs[0]?.retryConfig?.retryCount).toBe(2);
  });

  test('scheduleTime honours time zones, DST days and DOM/DOW OR', async () => {
    await using f = await startFixture({ start: '2026-03-07T15:00:00Z' });
    const create = async (schedule: string, timeZone: string) => {
      const [job] = await f.client.createJob({
        parent: PARENT,
        job: { name: jobName('tz'), schedule, timeZone, ...http() },
      });
      return iso(job.scheduleTime);
    };
    expect(await create('0 9 * * *', 'America/New_York')).toBe('2026-03-08T13:00:00.000Z'); // EDT already
    expect(await create('30 2 * * *', 'America/New_York')).toBe('2026-03-08T07:00:00.000Z'); // gap → 03:00
    expect(await create('0 8 * * *', 'Asia/Tokyo')).toBe('2026-03-07T23:00:00.000Z');
    expect(await create('0 0 13 * FRI', 'UTC')).toBe('2026-03-13T00:00:00.000Z'); // 13th (a Friday anyway)
    expect(await create('0 0 10 * 1', 'UTC')).toBe('2026-03-09T00:00:00.000Z'); // Monday before the 10th
  });
});
