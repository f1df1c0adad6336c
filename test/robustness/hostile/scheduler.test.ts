// Hostile input against the Cloud Scheduler emulator: English-like and cron schedules that are huge
// or pathological, garbage time zones, REST bodies of the wrong type and the admin clock endpoint.
// Every call answers a client error in time; the job created first is still there at the end.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobName, PARENT, type SchedulerFixture, startFixture } from '../../scheduler/helpers.ts';
import { big, CALL_MS, call, expectGrpcCode, expectRefused, GRPC, within } from './setup.ts';

let fx: SchedulerFixture;
const kept = jobName('kept');
const target = { uri: 'http://127.0.0.1:9/never', httpMethod: 'POST' as const };
const url = (path: string) => `http://${fx.emulator.address}${path}`;

beforeAll(async () => {
  fx = await startFixture();
  await fx.client.createJob({
    parent: PARENT,
    job: { name: kept, schedule: '0 9 * * *', httpTarget: target },
  });
});

afterAll(async () => {
  const [job] = await within(fx.client.getJob({ name: kept }), 'getJob after the attacks');
  expect(job.schedule).toBe('0 9 * * *');
  await fx[Symbol.asyncDispose]();
}, 30_000);

/** CreateJob with `schedule` over gRPC must be INVALID_ARGUMENT within the bound. */
async function refusedSchedule(schedule: string, timeZone?: string) {
  const started = Date.now();
  await expectGrpcCode(
    fx.client.createJob({
      parent: PARENT,
      job: { name: jobName('s'), schedule, timeZone, httpTarget: target },
    }),
    GRPC.INVALID_ARGUMENT,
    `schedule ${JSON.stringify(schedule.slice(0, 60))} tz ${timeZone?.slice(0, 30)}`,
  );
  expect(Date.now() - started).toBeLessThan(CALL_MS);
}

describe('Scheduler English-like schedules', () => {
  it('bad intervals, hours and odd characters are refused quickly', async () => {
    const cases = [
      `every ${'1'.repeat(400)} minutes`,
      'every 0 minutes',
      'every -5 minutes',
      'every 1 minutes from 25:00 to 23:59',
      'every 1 minutes from 00:00 to 99:99',
      'every\u00a0mon\u200b 09:00',
      'every mon 09:00\u0000',
      `every day ${'0'.repeat(50_000)}9:00`,
      `every ${big(20_000, 'x')}`,
    ];
    for (const s of cases) await refusedSchedule(s);
  });

  it('a repeated day list is answered quickly (accepted, as duplicates are harmless)', async () => {
    const name = jobName('dup');
    await within(
      fx.client.createJob({
        parent: PARENT,
        job: { name, schedule: `every ${Array(20_000).fill('mon').join(',')} 09:00`, httpTarget: target },
      }),
      'repeated days',
    );
    await within(fx.client.deleteJob({ name }), 'delete');
  });

  it('a sub-daily interval across the whole day is accepted and answers quickly', async () => {
    const name = jobName('every');
    const [job] = await within(
      fx.client.createJob({
        parent: PARENT,
        job: { name, schedule: 'every 1 minutes from 00:00 to 23:59', httpTarget: target },
      }),
      'create every-minute job',
    );
    expect(job.scheduleTime).toBeTruthy();
    await within(fx.client.deleteJob({ name }), 'delete');
  });

  it('a 100 KB invalid English schedule is INVALID_ARGUMENT with a bounded message; the channel stays usable', async () => {
    const err = await expectGrpcCode(
      fx.client.createJob({
        parent: PARENT,
        job: { name: jobName('s'), schedule: `every ${big(100_000, 'x')}`, httpTarget: target },
      }),
      GRPC.INVALID_ARGUMENT,
      '100 KB schedule',
    );
    expect((err?.details ?? '').length).toBeLessThanOrEqual(1024);
    // The next call on the same channel is answered too (80 KB of repeated ordinals is valid).
    const name = jobName('after');
    await within(
      fx.client.createJob({
        parent: PARENT,
        job: { name, schedule: `${'1st,'.repeat(20_000)}1st mon of march 09:00`, httpTarget: target },
      }),
      'create after an oversized error',
    );
    await within(fx.client.deleteJob({ name }), 'delete');
  });
});

describe('Scheduler cron strings and time zones', () => {
  it('malformed cron strings are INVALID_ARGUMENT', async () => {
    for (const s of ['*/0 * * * *', '0 0 31 2 *', '60 * * * *', '* * * * * * * *', ''])
      await refusedSchedule(s);
  });

  it('a 100 KB "****…* * * * *" schedule is INVALID_ARGUMENT', async () => {
    await refusedSchedule(`${big(100_000, '*')} * * * *`);
  });

  it('garbage time zones are INVALID_ARGUMENT', async () => {
    for (const tz of [
      'Mars/Olympus',
      big(100_000),
      '../../etc/passwd',
      '\u0000',
      'UTC+99',
      'Europe/Paris\n',
    ]) {
      await refusedSchedule('0 9 * * *', tz);
    }
  });
});

describe('Scheduler REST bodies', () => {
  it('wrong JSON types at every field are answered below 500', async () => {
    const wrong = [null, 42, 'str', [], true, { deep: [1] }];
    const fields = [
      'schedule',
      'timeZone',
      'httpTarget',
      'retryConfig',
      'attemptDeadline',
      'description',
      'pubsubTarget',
    ];
    for (const field of fields) {
      for (const value of wrong) {
        const body = { name: jobName('r'), schedule: '0 9 * * *', httpTarget: target, [field]: value };
        const a = await call(url(`/v1/${PARENT}/jobs`), { body });
        expect(a.status, `${field}=${JSON.stringify(value)}: ${a.text.slice(0, 200)}`).toBeLessThan(500);
      }
    }
  });

  it('malformed, oversized bodies and long names are refused', async () => {
    const jobs = url(`/v1/${PARENT}/jobs`);
    expectRefused(await call(jobs, { body: '{"schedule":' }), 400);
    expectRefused(await call(jobs, { body: `{"description":"${big(3 * 2 ** 20)}"}` }), 413);
    expectRefused(await call(url(`/v1/${PARENT}/jobs/${big(10_000)}`)), [400, 404]);
  });

  it('a body nested 100,000 levels deep is 400, not 500', async () => {
    const body = `{"schedule":"0 9 * * *","httpTarget":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    expectRefused(await call(url(`/v1/${PARENT}/jobs`), { body }), 400);
  });
  it('a malformed percent escape in the path (%ZZ) is 400, not 500', async () => {
    expectRefused(await call(url(`/v1/${PARENT}/jobs/%ZZ`)), 400);
  });
});

describe('Scheduler admin clock', () => {
  const advance = (body: unknown) => call(url('/admin/clock:advance'), { body });

  it('huge, negative and garbage durations and times are 400 and the clock stays put', async () => {
    const before = (await call(url('/admin/clock'))).json.now;
    const bodies: unknown[] = [
      { duration: '-1h' },
      { duration: '99999999999999999999h' },
      { duration: '1e308s' },
      { duration: 'NaN' },
      { duration: big(100_000, '1') },
      { duration: `${'1h'.repeat(50_000)}` },
      { duration: 42 },
      { duration: null },
      { time: '+275760-09-13T00:00:00Z' },
      { time: 'garbage' },
      {},
      [],
      'null',
      '{"duration":',
    ];
    for (const body of bodies) expectRefused(await advance(body), 400);
    expect((await call(url('/admin/clock'))).json.now).toBe(before);
  });
});
