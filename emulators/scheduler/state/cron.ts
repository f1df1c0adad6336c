// Cloud Scheduler's unix-cron dialect on top of croner: five fields, names, ranges, steps, lists;
// day-of-month OR day-of-week when both are restricted; IANA time zones on wall-clock time. The
// English-like form ("every 5 minutes", "every monday 09:00") is in english-schedule.ts.
import { Cron } from 'croner';
import { invalidArgument } from '../../common/index.ts';
import { looksEnglish, parseEnglishSchedule, type Schedule } from './english-schedule.ts';

/** The zone Cloud Scheduler uses when a job names none. */
export const DEFAULT_TIME_ZONE = 'Etc/UTC';

// croner also understands Quartz extras (L, W, #, ?) and @macros; Cloud Scheduler does not.
// Letters only as three-letter month/day names (JAN, MON).
const FIELD = /^(?:[0-9*,/-]|[A-Za-z]{3})+$/;

/** Throws INVALID_ARGUMENT unless `zone` is an IANA zone name this runtime knows. */
export function checkTimeZone(zone: string): void {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
  } catch {
    throw invalidArgument(`Invalid time zone: ${zone}`);
  }
}

/** Parses a schedule; INVALID_ARGUMENT for anything Cloud Scheduler would refuse. */
export function parseSchedule(schedule: string, timeZone = DEFAULT_TIME_ZONE): Schedule {
  if (looksEnglish(schedule)) {
    checkTimeZone(timeZone || DEFAULT_TIME_ZONE);
    return parseEnglishSchedule(schedule, timeZone || DEFAULT_TIME_ZONE);
  }
  const fields = schedule.trim().split(/\s+/);
  if (fields.length !== 5 || !fields.every((f) => FIELD.test(f))) {
    throw invalidArgument(`Schedule "${schedule}" is not a valid unix-cron expression (5 fields expected)`);
  }
  checkTimeZone(timeZone || DEFAULT_TIME_ZONE);
  let cron: Cron;
  try {
    // domAndDow false = OR when both day fields are restricted (croner treats `*` as unrestricted).
    cron = new Cron(fields.join(' '), {
      timezone: timeZone || DEFAULT_TIME_ZONE,
      mode: '5-part',
      domAndDow: false,
      paused: true,
    });
  } catch (err) {
    throw invalidArgument(`Schedule "${schedule}" is invalid: ${(err as Error).message}`);
  }
  if (!cron.nextRun(new Date(0))) {
    throw invalidArgument(`Schedule "${schedule}" never fires`);
  }
  return cron;
}

/** The first run strictly after `afterMs`, in epoch ms; undefined when the schedule has ended. */
export function nextScheduleTime(schedule: string, timeZone: string, afterMs: number): number | undefined {
  return parseSchedule(schedule, timeZone).nextRun(new Date(afterMs))?.getTime();
}

/** The next `count` runs strictly after `afterMs`. */
export function nextScheduleTimes(
  schedule: string,
  timeZone: string,
  afterMs: number,
  count: number,
): number[] {
  return parseSchedule(schedule, timeZone)
    .nextRuns(count, new Date(afterMs))
    .map((d) => d.getTime());
}
