// Clock control over HTTP on the scheduler's own port: jobs fire in milliseconds, DST days
// included, and bad requests get Google-style JSON errors.
import { describe, expect, test } from 'vitest';
import { jobName, PARENT, recordingTarget, startFixture } from './helpers.ts';

const post = async (address: string, body: unknown) => {
  const res = await fetch(`http://${address}/admin/clock:advance`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
};

describe('admin clock endpoint', () => {
  test('advancing by duration and to a time fires due jobs across both DST transitions', async () => {
    await using f = await startFixture({ start: '2026-03-07T00:00:00Z' });
    await using target = await recordingTarget(
      () => 200,
      () => f.clock.now(),
    );
    const create = (schedule: string) =>
      f.client.createJob({
        parent: PARENT,
        job: {
          name: jobName('dst'),
          schedule,
          timeZone: 'America/New_York',
          httpTarget: { uri: `${target.url}/${encodeURIComponent(schedule)}` },
        },
      });
    await create('30 2 * * *'); // inside the spring-forward gap on 2026-03-08
    await create('0 1 * * *'); // occurs twice on 2026-11-01
    const first = await post(f.emulator.address, { duration: '2d' });
    expect(first).toEqual({ status: 200, json: { now: '2026-03-09T00:00:00.000Z' } });
    const at = (path: string) =>
      target.requests
        .filter((r) => r.url === `/${encodeURIComponent(path)}`)
        .map((r) => new Date(r.at).toISOString());
    expect(at('30 2 * * *')).toEqual(['2026-03-07T07:30:00.000Z', '2026-03-08T07:00:00.000Z']);
    expect(at('0 1 * * *')).toEqual(['2026-03-07T06:00:00.000Z', '2026-03-08T06:00:00.000Z']);

    const second = await post(f.emulator.address, { time: '2026-11-02T12:00:00Z' });
    expect(second.json.now).toBe('2026-11-02T12:00:00.000Z');
    const fallBack = at('0 1 * * *').filter((t) => t.startsWith('2026-11-0'));
    expect(fallBack).toEqual(['2026-11-01T05:00:00.000Z', '2026-11-02T06:00:00.000Z']);
    const now = await fetch(`http://${f.emulator.address}/admin/clock`).then((r) => r.json());
    expect(now).toEqual({ now: '2026-11-02T12:00:00.000Z' });
  });

  test('bad requests get INVALID_ARGUMENT as a JSON error; the clock never moves back', async () => {
    await using f = await startFixture({ start: '2026-01-01T00:00:00Z' });
    const bad = await post(f.emulator.address, { duration: 'soon' });
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({ error: { code: 400, status: 'INVALID_ARGUMENT' } });
    expect((await post(f.emulator.address, {})).status).toBe(400);
    const back = await post(f.emulator.address, { time: '2025-01-01T00:00:00Z' });
    expect(back.json.now).toBe('2026-01-01T00:00:00.000Z');
    const missing = await fetch(`http://${f.emulator.address}/nope`);
    expect(missing.status).toBe(404);
  });
});
