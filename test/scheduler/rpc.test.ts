// Every CloudScheduler RPC and its error cases, through the official client over gRPC.
import { describe, expect, test } from 'vitest';
import { iso, jobName, ms, PARENT, PROJECT, recordingTarget, startFixture } from './helpers.ts';

const http = (uri = 'http://127.0.0.1:9/never') => ({ httpTarget: { uri } });
const GRPC = { INVALID_ARGUMENT: 3, NOT_FOUND: 5, ALREADY_EXISTS: 6, FAILED_PRECONDITION: 9 };

describe('CloudScheduler RPCs', () => {
  test('CreateJob fills defaults and output fields; GetJob returns the same job', async () => {
    await using f = await startFixture({ start: '2026-01-01T00:00:00Z' });
    const name = jobName('create');
    const [created] = await f.client.createJob({
      parent: PARENT,
      job: { name, description: 'hourly', schedule: '0 * * * *', ...http() },
    });
    expect(created).toMatchObject({ name, description: 'hourly', state: 'ENABLED', timeZone: 'Etc/UTC' });
    expect(iso(created.userUpdateTime)).toBe('2026-01-01T00:00:00.000Z');
    expect(iso(created.scheduleTime)).toBe('2026-01-01T01:00:00.000Z');
    expect(created.lastAttemptTime).toBeNull();
    expect(created.status).toBeNull();
    expect(ms(created.attemptDeadline)).toBe(180_000);
    expect(created.retryConfig).toMatchObject({ retryCount: 0, maxDoublings: 5 });
    expect(ms(created.retryConfig?.minBackoffDuration)).toBe(5_000);
    expect(ms(created.retryConfig?.maxBackoffDuration)).toBe(3_600_000);
    const [got] = await f.client.getJob({ name });
    expect(got).toEqual(created);
  });

  test('CreateJob refuses a duplicate with ALREADY_EXISTS and bad input with INVALID_ARGUMENT', async () => {
    await using f = await startFixture();
    const name = jobName('dup');
    await f.client.createJob({ parent: PARENT, job: { name, schedule: '* * * * *', ...http() } });
    await expect(
      f.client.createJob({ parent: PARENT, job: { name, schedule: '* * * * *', ...http() } }),
    ).rejects.toMatchObject({ code: GRPC.ALREADY_EXISTS });
    const bad = async (job: object, parent = PARENT) =>
      expect(f.client.createJob({ parent, job: { name: jobName('bad'), ...job } })).rejects.toMatchObject({
        code: GRPC.INVALID_ARGUMENT,
      });
    await bad({ schedule: '0 * * * *', ...http() }, 'projects/x/zones/y');
    await bad({ schedule: 'every day', ...http() });
    await bad({ schedule: '0 25 * * *', ...http() });
    await bad({ schedule: '0 1 * * *', timeZone: 'Nowhere/Land', ...http() });
    await bad({ ...http() }); // no schedule
    await bad({ schedule: '0 1 * * *' }); // no target
    await bad({ schedule: '0 1 * * *', httpTarget: { uri: 'ftp://x' } });
    await bad({
      schedule: '0 1 * * *',
      httpTarget: { uri: 'http://x', httpMethod: 'GET', body: Buffer.from('b') },
    });
    await bad({ schedule: '0 1 * * *', httpTarget: { uri: 'http://x', headers: { 'bad header': 'v' } } });
    await bad({ schedule: '0 1 * * *', httpTarget: { uri: 'http://x', headers: { ok: 'line\r\nbreak' } } });
    await bad({ schedule: '0 1 * * *', ...http(), retryConfig: { retryCount: 6 } });
    await bad({ schedule: '0 1 * * *', ...http(), attemptDeadline: { seconds: 10 } });
    await bad({ schedule: '0 1 * * *', ...http(), attemptDeadline: { seconds: 31 * 60 } });
    await bad({ schedule: '0 1 * * *', pubsubTarget: { topicName: `projects/${PROJECT}/topics/t1` } });
    await bad({
      schedule: '0 1 * * *',
      pubsubTarget: { topicName: 'projects/other/topics/t1', data: Buffer.from('x') },
    });
    await expect(
      f.client.createJob({
        parent: PARENT,
        job: { name: 'projects/p/locations/l/jobs/bad name', schedule: '* * * * *', ...http() },
      }),
    ).rejects.toMatchObject({ code: GRPC.INVALID_ARGUMENT });
  });

  test('GetJob/DeleteJob: NOT_FOUND for a missing job, INVALID_ARGUMENT for a malformed name', async () => {
    await using f = await startFixture();
    const name = jobName('gone');
    await f.client.createJob({ parent: PARENT, job: { name, schedule: '* * * * *', ...http() } });
    await f.client.deleteJob({ name });
    await expect(f.client.getJob({ name })).rejects.toMatchObject({ code: GRPC.NOT_FOUND });
    await expect(f.client.deleteJob({ name })).rejects.toMatchObject({ code: GRPC.NOT_FOUND });
    await expect(f.client.getJob({ name: 'jobs/x' })).rejects.toMatchObject({ code: GRPC.INVALID_ARGUMENT });
  });

  test('ListJobs pages through the jobs of one location only', async () => {
    await using f = await startFixture();
    const names: string[] = [];
    for (let i = 0; i < 5; i++) {
      const name = `${PARENT}/jobs/list-${i}`;
      names.push(name);
      await f.client.createJob({ parent: PARENT, job: { name, schedule: '* * * * *', ...http() } });
    }
    const other = `projects/${PROJECT}/locations/europe-west1`;
    await f.client.createJob({
      parent: other,
      job: { name: `${other}/jobs/elsewhere`, schedule: '* * * * *', ...http() },
    });
    const [page1, , raw1] = await f.client.listJobs({ parent: PARENT, pageSize: 2 }, { autoPaginate: false });
    expect(page1.map((j) => j.name)).toEqual(names.slice(0, 2));
    expect(raw1?.nextPageToken).toBeTruthy();
    const [all] = await f.client.listJobs({ parent: PARENT, pageSize: 2 });
    expect(all.map((j) => j.name)).toEqual(names);
    await expect(
      f.client.listJobs({ parent: PARENT, pageToken: 'garbage' }, { autoPaginate: false }),
    ).rejects.toMatchObject({ code: GRPC.INVALID_ARGUMENT });
  });

  test('UpdateJob applies the update_mask, recomputes scheduleTime and userUpdateTime', async () => {
    await using f = await startFixture({ start: '2026-01-01T00:00:00Z' });
    const name = jobName('upd');
    await f.client.createJob({
      parent: PARENT,
      job: { name, description: 'a', schedule: '0 * * * *', ...http() },
    });
    await f.clock.advance(60_000);
    const [updated] = await f.client.updateJob({
      job: { name, description: 'ignored', schedule: '0 9 * * *', timeZone: 'Europe/Paris' },
      updateMask: { paths: ['schedule', 'time_zone'] },
    });
    expect(updated).toMatchObject({ description: 'a', schedule: '0 9 * * *', timeZone: 'Europe/Paris' });
    expect(iso(updated.scheduleTime)).toBe('2026-01-01T08:00:00.000Z');
    expect(iso(updated.userUpdateTime)).toBe('2026-01-01T00:01:00.000Z');
    const [retarget] = await f.client.updateJob({
      job: {
        name,
        retryConfig: { retryCount: 3 },
        pubsubTarget: { topicName: `projects/${PROJECT}/topics/tick`, data: Buffer.from('d') },
      },
      updateMask: { paths: ['retry_config.retry_count', 'pubsub_target'] },
    });
    expect(retarget.httpTarget).toBeFalsy();
    expect((retarget as { target?: string }).target).toBe('pubsubTarget');
    expect(retarget.pubsubTarget?.topicName).toBe(`projects/${PROJECT}/topics/tick`);
    expect(retarget.retryConfig?.retryCount).toBe(3);
    // Switching target kinds through a mask naming both, in either order.
    for (const paths of [
      ['pubsub_target', 'http_target'],
      ['http_target', 'pubsub_target'],
    ]) {
      const [switched] = await f.client.updateJob({
        job: { name, httpTarget: { uri: `http://127.0.0.1:9/${paths[0]}` } },
        updateMask: { paths },
      });
      expect(switched.httpTarget?.uri).toBe(`http://127.0.0.1:9/${paths[0]}`);
      expect(switched.pubsubTarget).toBeFalsy();
    }
    await expect(
      f.client.updateJob({ job: { name, schedule: 'nope' }, updateMask: { paths: ['schedule'] } }),
    ).rejects.toMatchObject({ code: GRPC.INVALID_ARGUMENT });
    await expect(
      f.client.updateJob({
        job: { name: jobName('missing'), schedule: '* * * * *' },
        updateMask: { paths: ['schedule'] },
      }),
    ).rejects.toMatchObject({ code: GRPC.NOT_FOUND });
    const [unchanged] = await f.client.getJob({ name });
    expect(unchanged.schedule).toBe('0 9 * * *');
  });

  test('PauseJob/ResumeJob: state machine, FAILED_PRECONDITION, no firing while paused', async () => {
    await using f = await startFixture({ start: '2026-01-01T00:00:00Z' });
    const name = jobName('pause');
    await using target = await recordingTarget();
    await f.client.createJob({ parent: PARENT, job: { name, schedule: '0 * * * *', ...http(target.url) } });
    const [paused] = await f.client.pauseJob({ name });
    expect(paused.state).toBe('PAUSED');
    expect(paused.scheduleTime).toBeNull();
    await expect(f.client.pauseJob({ name })).rejects.toMatchObject({ code: GRPC.FAILED_PRECONDITION });
    await f.emulator.advance(3 * 3_600_000);
    expect(target.requests).toHaveLength(0);
    const [resumed] = await f.client.resumeJob({ name });
    expect(resumed.state).toBe('ENABLED');
    expect(iso(resumed.scheduleTime)).toBe('2026-01-01T04:00:00.000Z');
    await expect(f.client.resumeJob({ name })).rejects.toMatchObject({ code: GRPC.FAILED_PRECONDITION });
    await expect(f.client.pauseJob({ name: jobName('nope') })).rejects.toMatchObject({
      code: GRPC.NOT_FOUND,
    });
    await f.emulator.advance(3_600_000);
    expect(target.requests).toHaveLength(1);
  });

  test('RunJob dispatches now and records lastAttemptTime and status', async () => {
    await using f = await startFixture({ start: '2026-01-01T00:10:00Z' });
    await using target = await recordingTarget(() => 503);
    const name = jobName('run');
    await f.client.createJob({ parent: PARENT, job: { name, schedule: '0 0 1 1 *', ...http(target.url) } });
    const [ran] = await f.client.runJob({ name });
    expect(iso(ran.lastAttemptTime)).toBe('2026-01-01T00:10:00.000Z');
    await f.emulator.settle();
    expect(target.requests).toHaveLength(1);
    const [after] = await f.client.getJob({ name });
    expect(after.status?.code).toBe(14); // HTTP 503 → UNAVAILABLE
    expect(iso(after.scheduleTime)).toBe('2027-01-01T00:00:00.000Z');
    await expect(f.client.runJob({ name: jobName('nope') })).rejects.toMatchObject({ code: GRPC.NOT_FOUND });
  });
});
