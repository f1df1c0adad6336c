// Unit tests of the schedule math: time zones, DST days, DOM/DOW OR, names, and what is refused.
import { describe, expect, test } from 'vitest';
import { DevkitError } from '../../common/index.ts';
import { nextScheduleTime, nextScheduleTimes, parseSchedule } from './cron.ts';

const runs = (schedule: string, tz: string, from: string, n = 3) =>
  nextScheduleTimes(schedule, tz, Date.parse(from), n).map((t) => new Date(t).toISOString());

describe('scheduleTime', () => {
  test('is strictly after the given instant, in UTC by default', () => {
    expect(runs('0 * * * *', '', '2026-01-01T00:00:00Z', 2)).toEqual([
      '2026-01-01T01:00:00.000Z',
      '2026-01-01T02:00:00.000Z',
    ]);
  });

  test('follows the wall clock of an IANA zone across its offset change', () => {
    // 09:00 New York is 14:00Z in winter (EST) and 13:00Z after the 2026-03-08 switch (EDT).
    expect(runs('0 9 * * *', 'America/New_York', '2026-03-07T00:00:00Z')).toEqual([
      '2026-03-07T14:00:00.000Z',
      '2026-03-08T13:00:00.000Z',
      '2026-03-09T13:00:00.000Z',
    ]);
    expect(runs('30 8 * * *', 'Asia/Kolkata', '2026-01-01T00:00:00Z', 1)).toEqual([
      '2026-01-01T03:00:00.000Z',
    ]);
  });

  test('DST spring-forward day: a fixed time inside the gap runs once, at the end of the gap', () => {
    // 02:30 does not exist in New York on 2026-03-08; the run happens at 03:00 EDT (07:00Z).
    expect(runs('30 2 * * *', 'America/New_York', '2026-03-07T12:00:00Z')).toEqual([
      '2026-03-08T07:00:00.000Z',
      '2026-03-09T06:30:00.000Z',
      '2026-03-10T06:30:00.000Z',
    ]);
  });

  test('DST spring-forward day: interval schedules skip the missing hour', () => {
    expect(runs('*/30 * * * *', 'America/New_York', '2026-03-08T06:00:00Z', 3)).toEqual([
      '2026-03-08T06:30:00.000Z', // 01:30 EST
      '2026-03-08T07:00:00.000Z', // 03:00 EDT (02:00 and 02:30 never happen)
      '2026-03-08T07:30:00.000Z',
    ]);
  });

  test('DST fall-back day: a fixed time that occurs twice runs once; hourly runs both 01:00s', () => {
    expect(runs('30 1 * * *', 'America/New_York', '2026-10-31T12:00:00Z', 2)).toEqual([
      '2026-11-01T05:30:00.000Z', // first 01:30 (EDT)
      '2026-11-02T06:30:00.000Z',
    ]);
    expect(runs('0 * * * *', 'America/New_York', '2026-11-01T04:30:00Z', 3)).toEqual([
      '2026-11-01T05:00:00.000Z', // 01:00 EDT
      '2026-11-01T06:00:00.000Z', // 01:00 EST
      '2026-11-01T07:00:00.000Z',
    ]);
  });

  test('day-of-month and day-of-week are OR when both are restricted', () => {
    // The 13th OR any Friday; 2026-01-13 is a Tuesday.
    expect(runs('0 0 13 * FRI', 'UTC', '2026-01-01T00:00:00Z', 4)).toEqual([
      '2026-01-02T00:00:00.000Z',
      '2026-01-09T00:00:00.000Z',
      '2026-01-13T00:00:00.000Z',
      '2026-01-16T00:00:00.000Z',
    ]);
  });

  test('a single restricted day field restricts alone', () => {
    expect(runs('0 9 * * 1', 'UTC', '2026-01-01T00:00:00Z', 2)).toEqual([
      '2026-01-05T09:00:00.000Z',
      '2026-01-12T09:00:00.000Z',
    ]);
    expect(runs('0 0 1 * *', 'UTC', '2026-01-01T00:00:00Z', 2)).toEqual([
      '2026-02-01T00:00:00.000Z',
      '2026-03-01T00:00:00.000Z',
    ]);
  });

  test('names, ranges, steps, lists and 7 for Sunday', () => {
    expect(runs('5-50/15 */6 * * *', 'UTC', '2026-01-01T00:00:00Z', 5)).toEqual([
      '2026-01-01T00:05:00.000Z',
      '2026-01-01T00:20:00.000Z',
      '2026-01-01T00:35:00.000Z',
      '2026-01-01T00:50:00.000Z',
      '2026-01-01T06:05:00.000Z',
    ]);
    expect(runs('0 12 * JAN,FEB SUN', 'UTC', '2026-01-01T00:00:00Z', 1)).toEqual([
      '2026-01-04T12:00:00.000Z',
    ]);
    expect(runs('0 12 * * 7', 'UTC', '2026-01-01T00:00:00Z', 1)).toEqual(['2026-01-04T12:00:00.000Z']);
  });

  test.each([
    ['0 9 * *'],
    ['0 0 9 * * *'],
    ['61 * * * *'],
    ['0 9 L * *'],
    ['0 9 ? * *'],
    ['@hourly'],
    ['0 0 30 2 *'],
    [''],
  ])('refuses %j with INVALID_ARGUMENT', (schedule) => {
    expect(() => parseSchedule(schedule, 'UTC')).toThrowError(DevkitError);
    try {
      parseSchedule(schedule, 'UTC');
    } catch (err) {
      expect((err as DevkitError).code).toBe('INVALID_ARGUMENT');
    }
  });

  test('refuses an unknown time zone with INVALID_ARGUMENT', () => {
    expect(() => nextScheduleTime('0 9 * * *', 'Mars/Olympus_Mons', 0)).toThrowError(/Invalid time zone/);
  });
});
