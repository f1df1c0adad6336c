// What Cloud Scheduler refuses and the emulator must too (issue 20): the documented HttpTarget
// limits (target.proto), and the Locations mixin, which is not served, answered as UNIMPLEMENTED.
import { describe, expect, test } from 'vitest';
import { jobName, PARENT, startFixture } from './helpers.ts';

const httpJob = (httpTarget: Record<string, unknown>) => ({
  parent: PARENT,
  job: { name: jobName('limits'), schedule: '0 * * * *', httpTarget },
});

describe('documented HttpTarget limits', () => {
  test('a uri longer than 2083 characters is INVALID_ARGUMENT; 2083 is accepted', async () => {
    await using f = await startFixture();
    const base = 'http://127.0.0.1/';
    await expect(
      f.client.createJob(httpJob({ uri: base + 'a'.repeat(2084 - base.length) })),
    ).rejects.toMatchObject({
      code: 3,
      details: expect.stringContaining('HttpTarget.uri must be at most 2083 characters'),
    });
    // Counted after encoding: 700 spaces become 2100 characters.
    await expect(f.client.createJob(httpJob({ uri: base + ' '.repeat(700) }))).rejects.toMatchObject({
      code: 3,
    });
    const [job] = await f.client.createJob(httpJob({ uri: base + 'a'.repeat(2083 - base.length) }));
    expect(job.httpTarget?.uri).toHaveLength(2083);
    expect((await f.client.listJobs({ parent: PARENT }))[0]).toHaveLength(1);
  });

  test('an App Engine relative_uri longer than 2083 characters is INVALID_ARGUMENT', async () => {
    await using f = await startFixture();
    const job = (relativeUri: string) => ({
      parent: PARENT,
      job: { name: jobName('ae'), schedule: '0 * * * *', appEngineHttpTarget: { relativeUri } },
    });
    await expect(f.client.createJob(job(`/${'a'.repeat(2083)}`))).rejects.toMatchObject({
      code: 3,
      details: expect.stringContaining('AppEngineHttpTarget.relative_uri must be at most 2083 characters'),
    });
    const [ok] = await f.client.createJob(job(`/${'a'.repeat(2082)}`));
    expect(ok.appEngineHttpTarget?.relativeUri).toHaveLength(2083);
  });

  test('headers totalling 80KB or more are INVALID_ARGUMENT, on create and on update', async () => {
    await using f = await startFixture();
    const uri = 'http://127.0.0.1/hook';
    const big = { 'X-Big': 'v'.repeat(80 * 1024) };
    await expect(f.client.createJob(httpJob({ uri, headers: big }))).rejects.toMatchObject({
      code: 3,
      details: expect.stringContaining('HttpTarget.headers must total less than 80KB'),
    });
    const [job] = await f.client.createJob(httpJob({ uri, headers: { 'X-Small': 'v'.repeat(70 * 1024) } }));
    await expect(
      f.client.updateJob({
        job: { name: job.name, httpTarget: { uri, headers: big } },
        updateMask: { paths: ['http_target'] },
      }),
    ).rejects.toMatchObject({ code: 3 });
    const [kept] = await f.client.getJob({ name: job.name });
    expect(Object.keys(kept.httpTarget?.headers ?? {})).toEqual(['X-Small']);
  });
});

describe('google.cloud.location.Locations is not served', () => {
  test('gRPC GetLocation and ListLocations are UNIMPLEMENTED', async () => {
    await using f = await startFixture();
    await expect(f.client.getLocation({ name: PARENT })).rejects.toMatchObject({ code: 12 });
    const projectName = PARENT.slice(0, PARENT.indexOf('/locations'));
    const locations = f.client.listLocationsAsync({ name: projectName })[Symbol.asyncIterator]();
    await expect(locations.next()).rejects.toMatchObject({
      code: 12,
    });
  });

  test('REST GET /v1/projects/*/locations[/*] is 501 UNIMPLEMENTED', async () => {
    await using f = await startFixture();
    for (const path of ['projects/sched-test/locations', PARENT]) {
      const res = await fetch(`http://${f.emulator.address}/v1/${path}`);
      expect(res.status).toBe(501);
      expect(await res.json()).toEqual({
        error: {
          code: 501,
          message: 'google.cloud.location.Locations is not implemented by the emulator',
          status: 'UNIMPLEMENTED',
        },
      });
    }
  });
});
