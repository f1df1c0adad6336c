// The one slow test: on the default wall clock, a `* * * * *` job fires by itself within a minute.
import { expect, test } from 'vitest';
import { jobName, PARENT, recordingTarget, startFixture } from './helpers.ts';

test('a * * * * * job really fires on its own at the next whole minute', { timeout: 80_000 }, async () => {
  await using f = await startFixture({ realTime: true });
  await using target = await recordingTarget();
  const name = jobName('every-minute');
  const [job] = await f.client.createJob({
    parent: PARENT,
    job: { name, schedule: '* * * * *', httpTarget: { uri: target.url } },
  });
  const due = Number(job.scheduleTime?.seconds) * 1000;
  expect(due % 60_000).toBe(0);
  expect(due - Date.now()).toBeLessThanOrEqual(60_000);
  const giveUp = Date.now() + 65_000;
  while (target.requests.length === 0 && Date.now() < giveUp) await new Promise((r) => setTimeout(r, 200));
  expect(target.requests).toHaveLength(1);
  const [req] = target.requests;
  expect(req?.headers['x-cloudscheduler-scheduletime']).toBe(
    new Date(due).toISOString().replace('.000Z', 'Z'),
  );
  expect(req?.at).toBeGreaterThanOrEqual(due);
  expect((req?.at ?? 0) - due).toBeLessThan(2_000);
  await f.emulator.settle();
  const [after] = await f.client.getJob({ name });
  expect(Number(after.lastAttemptTime?.seconds) * 1000).toBe(due);
  expect(after.status?.code).toBe(0);
});
