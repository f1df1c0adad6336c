// HTTP and App Engine targets: run-now and clock-advanced firings deliver method, body, user
// headers and Cloud Scheduler's own headers (and the target's token); attempt_deadline cuts a hung
// target off.
import { describe, expect, test } from 'vitest';
import { createGoogleTokenVerifier } from '../../src/testing/verify-google-token.ts';
import { iso, jobName, PARENT, recordingTarget, startFixture } from './helpers.ts';

describe('HTTP targets', () => {
  test('RunJob sends method, body, user headers and the X-CloudScheduler headers', async () => {
    await using f = await startFixture({ start: '2026-01-01T00:00:00Z' });
    await using target = await recordingTarget();
    const name = jobName('headers');
    await f.client.createJob({
      parent: PARENT,
      job: {
        name,
        schedule: '0 * * * *',
        httpTarget: {
          uri: `${target.url}/hook?x=1`,
          httpMethod: 'PUT',
          headers: { 'Content-Type': 'application/json', 'X-Custom': 'yes', 'User-Agent': 'mine' },
          body: Buffer.from('{"hello":"world"}'),
        },
      },
    });
    await f.client.runJob({ name });
    await f.emulator.settle();
    expect(target.requests).toHaveLength(1);
    const [req] = target.requests;
    expect(req).toMatchObject({ method: 'PUT', url: '/hook?x=1', body: '{"hello":"world"}' });
    expect(req?.headers).toMatchObject({
      'content-type': 'application/json',
      'x-custom': 'yes',
      'user-agent': 'Google-Cloud-Scheduler',
      'x-cloudscheduler': 'true',
      'x-cloudscheduler-jobname': name.split('/').pop(),
      'x-cloudscheduler-scheduletime': '2026-01-01T00:00:00Z',
    });
    const [job] = await f.client.getJob({ name });
    expect(job.status?.code).toBe(0);
    expect(iso(job.lastAttemptTime)).toBe('2026-01-01T00:00:00.000Z');
  });

  test('advancing the clock fires each scheduled time once, with its schedule time', async () => {
    await using f = await startFixture({ start: '2026-01-01T00:00:00Z' });
    await using target = await recordingTarget(
      () => 200,
      () => f.clock.now(),
    );
    const name = jobName('hourly');
    await f.client.createJob({
      parent: PARENT,
      job: { name, schedule: '0 * * * *', httpTarget: { uri: target.url, body: Buffer.from('tick') } },
    });
    await f.emulator.advance(3 * 3_600_000 + 60_000);
    expect(target.requests.map((r) => r.headers['x-cloudscheduler-scheduletime'])).toEqual([
      '2026-01-01T01:00:00Z',
      '2026-01-01T02:00:00Z',
      '2026-01-01T03:00:00Z',
    ]);
    expect(target.requests.map((r) => new Date(r.at).toISOString())).toEqual([
      '2026-01-01T01:00:00.000Z',
      '2026-01-01T02:00:00.000Z',
      '2026-01-01T03:00:00.000Z',
    ]);
    expect(target.requests[0]?.headers['content-type']).toBe('application/octet-stream');
    const [job] = await f.client.getJob({ name });
    expect(iso(job.lastAttemptTime)).toBe('2026-01-01T03:00:00.000Z');
    expect(iso(job.scheduleTime)).toBe('2026-01-01T04:00:00.000Z');
  });

  test('App Engine targets go to the configured base URL with the App Engine user agent', async () => {
    await using target = await recordingTarget(() => 404);
    await using f = await startFixture({ appEngineBaseUrl: target.url });
    const name = jobName('appengine');
    await f.client.createJob({
      parent: PARENT,
      job: {
        name,
        schedule: '0 * * * *',
        appEngineHttpTarget: {
          relativeUri: '/tasks/cleanup',
          httpMethod: 'GET',
          headers: { 'User-Agent': 'me' },
        },
      },
    });
    await f.client.runJob({ name });
    await f.emulator.settle();
    expect(target.requests[0]).toMatchObject({ method: 'GET', url: '/tasks/cleanup' });
    expect(target.requests[0]?.headers['user-agent']).toBe(
      'me AppEngine-Google; (+http://code.google.com/appengine)',
    );
    expect(target.requests[0]?.headers['x-cloudscheduler-jobname']).toBe(name.split('/').pop());
    const [job] = await f.client.getJob({ name });
    expect(job.status?.code).toBe(5); // HTTP 404 → NOT_FOUND
  });

  test('attempt_deadline: a target that never answers fails with DEADLINE_EXCEEDED', async () => {
    await using f = await startFixture({ start: '2026-01-01T00:00:00Z' });
    await using target = await recordingTarget(() => 'hang');
    const name = jobName('deadline');
    await f.client.createJob({
      parent: PARENT,
      job: { name, schedule: '0 0 1 1 *', attemptDeadline: { seconds: 20 }, httpTarget: { uri: target.url } },
    });
    await f.client.runJob({ name });
    await f.emulator.advance(19_000);
    expect((await f.client.getJob({ name }))[0].status).toBeNull();
    await f.emulator.advance(1_000);
    const [job] = await f.client.getJob({ name });
    expect(job.status?.code).toBe(4);
    expect(target.requests).toHaveLength(1);
  });

  test('a job deleted and re-created while an attempt hangs does not take the old result', async () => {
    await using f = await startFixture({ start: '2026-01-01T00:00:00Z' });
    await using target = await recordingTarget(() => 'hang');
    const name = jobName('recreate');
    const job = {
      name,
      schedule: '0 0 1 1 *',
      attemptDeadline: { seconds: 15 },
      httpTarget: { uri: target.url },
    };
    await f.client.createJob({ parent: PARENT, job });
    await f.client.runJob({ name });
    await f.client.deleteJob({ name });
    await f.client.createJob({ parent: PARENT, job });
    await f.emulator.advance(16_000);
    const [fresh] = await f.client.getJob({ name });
    expect(fresh.status).toBeNull();
    expect(fresh.lastAttemptTime).toBeNull();
  });

  test('App Engine 503 is a system error: retried regardless of retry_count, not counted', async () => {
    await using target = await recordingTarget((n) => (n <= 2 ? 503 : 200));
    await using f = await startFixture({ appEngineBaseUrl: target.url, start: '2026-01-01T00:00:00Z' });
    const name = jobName('ae-503');
    await f.client.createJob({
      parent: PARENT,
      job: { name, schedule: '0 * * * *', appEngineHttpTarget: { relativeUri: '/cron' } }, // retry_count 0
    });
    await f.client.runJob({ name });
    await f.emulator.advance(60_000);
    expect(target.requests).toHaveLength(3);
    expect((await f.client.getJob({ name }))[0].status?.code).toBe(0);
    await expect(
      f.client.createJob({
        parent: PARENT,
        job: {
          name: jobName('ae-patch'),
          schedule: '0 * * * *',
          appEngineHttpTarget: { httpMethod: 'PATCH' },
        },
      }),
    ).rejects.toMatchObject({ code: 3 });
  });

  test('an oidcToken replaces a user Authorization header; X-Google-* and X-AppEngine-* are dropped', async () => {
    await using f = await startFixture({ start: '2026-01-01T00:00:00Z' });
    await using target = await recordingTarget();
    const name = jobName('oidc');
    const serviceAccountEmail = 'cron@sched-test.iam.gserviceaccount.com';
    await f.client.createJob({
      parent: PARENT,
      job: {
        name,
        schedule: '0 * * * *',
        httpTarget: {
          uri: `${target.url}/run`,
          headers: { Authorization: 'Bearer forged', 'X-Google-Internal': '1', 'X-AppEngine-Country': 'ZZ' },
          oidcToken: { serviceAccountEmail },
        },
      },
    });
    await f.client.runJob({ name });
    // The issuer makes its RSA key on first use (seconds on a loaded machine): wait for the attempt.
    await f.emulator.settle(20_000);
    expect(target.requests).toHaveLength(1);
    const headers = target.requests[0]?.headers ?? {};
    expect(headers['x-google-internal']).toBeUndefined();
    expect(headers['x-appengine-country']).toBeUndefined();
    expect(headers.authorization).not.toBe('Bearer forged');
    // The manual clock says 2026-01-01, yet the token carries wall time: receivers check that.
    const verifier = createGoogleTokenVerifier({ certsUrl: `http://${f.emulator.address}/oauth2/v1/certs` });
    const payload = await verifier.verifyIdToken(headers.authorization ?? '', {
      audience: `${target.url}/run`,
      email: serviceAccountEmail,
    });
    expect(Math.abs(payload.iat - Date.now() / 1000)).toBeLessThan(300);
  });
});
