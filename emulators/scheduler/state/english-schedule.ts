// Cloud Scheduler's English-like schedules (the App Engine cron.yaml format its docs list beside
// unix-cron), turned into unix-cron patterns so croner does the time-zone and DST work:
//   every N hours|mins|minutes [from HH:MM to HH:MM | synchronized]
//   every|ORDINAL[,ORDINAL] DAY[,DAY] [of MONTH[,MONTH]|of month] HH:MM     (DAY: day, mon, monday…)
//   N[,N] of MONTH[,MONTH]|month HH:MM                                      (N: day of the month)
// A sub-daily interval runs from its start time (00:00 without `from`) through its end time each
// day; "every 24 hours" runs once a day at 00:00.
import { Cron } from 'croner';
import { DevkitError, invalidArgument } from '../../common/index.ts';

/** What the runner asks of a schedule: its next runs after an instant. */
export interface Schedule {
  nextRun(after: Date): Date | null;
  nextRuns(count: number, after: Date): Date[];
}

const WEEKDAYS: Record<string, number> = {
  sunday: 0,
  sun: 0,
  monday: 1,
  mon: 1,
  tuesday: 2,
  tue: 2,
  tues: 2,
  wednesday: 3,
  wed: 3,
  thursday: 4,
  thu: 4,
  thurs: 4,
  friday: 5,
  fri: 5,
  saturday: 6,
  sat: 6,
};
const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
const ORDINALS: Record<string, number> = {
  '1st': 1,
  first: 1,
  '2nd': 2,
  second: 2,
  '3rd': 3,
  third: 3,
  '4th': 4,
  fourth: 4,
  '5th': 5,
  fifth: 5,
};
const INTERVAL =
  /^every (\d{1,5}) (hours?|mins?|minutes?)(?: (synchronized|from (\d\d:\d\d) to (\d\d:\d\d)))?$/;
const DAY_MINUTES = 24 * 60;

/** True when `schedule` is meant as the English-like form (cron fields never hold `:` or words). */
export function looksEnglish(schedule: string): boolean {
  return /:|^\s*every\b/i.test(schedule);
}

/** Parses an English-like schedule; INVALID_ARGUMENT naming what is wrong. */
export function parseEnglishSchedule(schedule: string, timeZone: string): Schedule {
  const text = schedule.trim().toLowerCase().replace(/\s+/g, ' ');
  const patterns = INTERVAL.test(text) ? intervalPatterns(schedule, text) : [customPattern(schedule, text)];
  return new UnionSchedule(
    patterns.map((p) => new Cron(p, { timezone: timeZone, mode: '5-part', domAndDow: false, paused: true })),
  );
}

function refuse(schedule: string, why: string): DevkitError {
  return invalidArgument(`Schedule "${schedule}" is not a valid English-like schedule: ${why}`);
}

/** Minutes of the day, `HH:MM`. */
function clock(schedule: string, hhmm: string): number {
  const m = /^(\d\d):(\d\d)$/.exec(hhmm);
  const minutes = m ? Number(m[1]) * 60 + Number(m[2]) : Number.NaN;
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) throw refuse(schedule, `${hhmm} is not a time HH:MM`);
  return minutes;
}

/** `every N units [from A to B | synchronized]`: one `M H * * *` pattern per hour that has runs. */
function intervalPatterns(schedule: string, text: string): string[] {
  const [, n, unit, , from, to] = INTERVAL.exec(text)!;
  const step = Number(n) * (unit!.startsWith('hour') ? 60 : 1);
  if (step < 1) throw refuse(schedule, 'the interval must be at least 1 minute');
  if (step > DAY_MINUTES) {
    throw new DevkitError(
      'UNIMPLEMENTED',
      `Schedule "${schedule}": intervals over 24 hours are not implemented by the devkit Cloud Scheduler emulator`,
    );
  }
  const start = from ? clock(schedule, from) : 0;
  let end = to ? clock(schedule, to) : DAY_MINUTES - 1;
  if (end < start) end += DAY_MINUTES; // from 22:00 to 02:00 runs past midnight
  const byHour = new Map<number, number[]>();
  for (let t = start; t <= end; t += step) {
    const minute = t % DAY_MINUTES;
    const hour = Math.floor(minute / 60);
    byHour.set(hour, [...(byHour.get(hour) ?? []), minute % 60]);
  }
  return [...byHour].map(([hour, minutes]) => `${[...new Set(minutes)].join(',')} ${hour} * * *`);
}

/** `every|ORDINALS DAYS [of MONTHS] HH:MM` or `NUMBERS of MONTHS HH:MM`: one cron pattern. */
function customPattern(schedule: string, text: string): string {
  const tokens = text.split(' ');
  const at = clock(schedule, tokens.pop() ?? '');
  let months = '*';
  const of = tokens.indexOf('of');
  if (of >= 0) {
    if (of !== tokens.length - 2)
      throw refuse(schedule, '"of" must be followed by the months, then the time');
    months = monthList(schedule, tokens.pop()!);
    tokens.pop();
  }
  let ordinals: number[] | undefined;
  if (tokens[0] === 'every') tokens.shift();
  else if (tokens.length === 2)
    ordinals = tokens
      .shift()!
      .split(',')
      .map((o) => ordinal(schedule, o));
  if (tokens.length !== 1)
    throw refuse(schedule, 'expected "every" or ordinals, the days, [of months], HH:MM');
  const days = tokens[0]!.split(',');
  let dom = '*';
  let dow = '*';
  if (days.every((d) => /^\d{1,2}$/.test(d))) {
    if (ordinals) throw refuse(schedule, 'ordinals go with day names, not day numbers');
    if (days.some((d) => Number(d) < 1 || Number(d) > 31))
      throw refuse(schedule, 'days of the month are 1-31');
    dom = days.map(Number).join(',');
  } else if (days.length === 1 && days[0] === 'day') {
    if (ordinals) dom = ordinals.join(',');
  } else {
    const weekdays = days.map((d) => {
      const n = WEEKDAYS[d];
      if (n === undefined) throw refuse(schedule, `"${d}" is not a day (mon, monday, …, day, or 1-31)`);
      return n;
    });
    dow = ordinals ? weekdays.flatMap((w) => ordinals.map((o) => `${w}#${o}`)).join(',') : weekdays.join(',');
  }
  return `${at % 60} ${Math.floor(at / 60)} ${dom} ${months} ${dow}`;
}

function ordinal(schedule: string, word: string): number {
  const n = ORDINALS[word];
  if (n === undefined) throw refuse(schedule, `"${word}" is not an ordinal (1st or first … 5th or fifth)`);
  return n;
}

function monthList(schedule: string, list: string): string {
  if (list === 'month') return '*';
  return list
    .split(',')
    .map((m) => {
      const i = MONTHS.findIndex((name) => name === m || (m.length >= 3 && name.slice(0, 3) === m));
      if (i < 0) throw refuse(schedule, `"${m}" is not a month (jan, january, …, or month)`);
      return i + 1;
    })
    .join(',');
}

/** The earliest next run of several cron patterns. */
class UnionSchedule implements Schedule {
  constructor(private readonly crons: Cron[]) {}

  nextRun(after: Date): Date | null {
    let best: Date | null = null;
    for (const cron of this.crons) {
      const next = cron.nextRun(after);
      if (next && (!best || next < best)) best = next;
    }
    return best;
  }

  nextRuns(count: number, after: Date): Date[] {
    const out: Date[] = [];
    let from = after;
    while (out.length < count) {
      const next = this.nextRun(from);
      if (!next) break;
      out.push(next);
      from = next;
    }
    return out;
  }
}
