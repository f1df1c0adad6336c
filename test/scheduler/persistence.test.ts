// With a data directory, jobs survive a restart: spec, state, last status and attempt time; a
// restarted ENABLED job is scheduled again from the emulator's current time.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { iso, jobName, PARENT, recordingTarget, startFixture } from './helpers.ts';

test('jobs, their state and last status survive a restart on the same data directory', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'scheduler-data-'));
  try {
    await using target = await recordingTarget(() => 404);
    const hourly = jobName('kept');
    const paused = jobName('kept-paused');
    {
      await using f = await startFixture({ dataDir, start: '2026-01-01T00:00:00Z' });
      await f.client.createJob({
        parent: PARENT,
        job: { name: hourly, schedule: '0 * * * *', httpTarget: { uri: target.url, body: Buffer.from('b') } },
      });
      await f.client.createJob({
        parent: PARENT,
        job: { name: paused, schedule: '0 0 * * *', timeZone: 'Asia/Tokyo', httpTarget: { uri: target.url } },
      });
      await f.client.pauseJob({ name: paused });
      await f.emulator.advance(3_600_000);
    }
    const saved = JSON.parse(await readFile(join(dataDir, 'jobs.json'), 'utf8')) as { jobs: unknown[] };
    expect(saved.jobs).toHaveLength(2);

    await using f = await startFixture({
      dataDir,
      start: '2026-01-01T05:30:00Z',
      jobs: [{ name: hourly, schedule: '5 * * * *', httpTarget: { uri: 'http://ignored' } }],
    });
    const [[first, second]] = await f.client.listJobs({ parent: PARENT });
    const byName = new Map([first, second].map((j) => [j?.name, j]));
    const kept = byName.get(hourly);
    expect(kept).toMatchObject({ state: 'ENABLED', schedule: '0 * * * *', status: { code: 5 } });
    expect(iso(kept?.lastAttemptTime)).toBe('2026-01-01T01:00:00.000Z');
    expect(iso(kept?.scheduleTime)).toBe('2026-01-01T06:00:00.000Z');
    expect(Buffer.from(kept?.httpTarget?.body ?? '').toString()).toBe('b');
    expect(byName.get(paused)).toMatchObject({ state: 'PAUSED', timeZone: 'Asia/Tokyo', scheduleTime: null });
    await f.emulator.advance(3_600_000);
    expect(target.requests.map((r) => r.headers['x-cloudscheduler-scheduletime'])).toEqual([
      '2026-01-01T01:00:00Z',
      '2026-01-01T06:00:00Z',
    ]);
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
});
