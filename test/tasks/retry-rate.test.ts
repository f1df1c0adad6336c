// Acceptance 2 and 3 on the advanceable clock (no real waiting): retry offsets follow the
// documented doubling-then-linear backoff, and 100 tasks at 20/s with 3 concurrent dispatches
// never exceed either limit.
import { expect, test } from 'vitest';
import { PARENT, queueName, recordingTarget, startFixture, statusOf } from './helpers.ts';

test('a handler failing 4 times: attempts at 0, 1, 3, 7 and 15 s (min 1s, max 10s, 2 doublings)', async () => {
  await using f = await startFixture();
  await using target = await recordingTarget(
    (n) => (n < 4 ? 500 : 200),
    () => f.clock.now(),
  );
  const queue = queueName('retry');
  await f.client.createQueue({
    parent: PARENT,
    queue: {
      name: queue,
      retryConfig: {
        minBackoff: { seconds: 1 },
        maxBackoff: { seconds: 10 },
        maxDoublings: 2,
        maxAttempts: 10,
      },
    },
  });
  const t0 = f.clock.now();
  const [task] = await f.client.createTask({
    parent: queue,
    task: { httpRequest: { url: `${target.url}/flaky` } },
  });
  await f.emulator.advance(60_000);
  expect(target.requests.map((r) => (r.at - t0) / 1000)).toEqual([0, 1, 3, 7, 15]);
  expect(target.requests.map((r) => r.headers['x-cloudtasks-taskretrycount'])).toEqual([
    '0',
    '1',
    '2',
    '3',
    '4',
  ]);
  expect(target.requests.map((r) => r.headers['x-cloudtasks-tasketa'])).toEqual(
    [0, 1, 3, 7, 15].map((s) => ((t0 + s * 1000) / 1000).toFixed(6)),
  );
  expect(await statusOf(f.client.getTask({ name: task.name as string }))).toBe('NOT_FOUND');
});

test('the next retry is visible as scheduleTime, with dispatchCount and lastAttempt', async () => {
  await using f = await startFixture();
  await using target = await recordingTarget(
    () => 500,
    () => f.clock.now(),
  );
  const queue = queueName('visible');
  await f.client.createQueue({
    parent: PARENT,
    queue: {
      name: queue,
      retryConfig: { minBackoff: { seconds: 1 }, maxBackoff: { seconds: 10 }, maxDoublings: 2 },
    },
  });
  const t0 = f.clock.now();
  const [task] = await f.client.createTask({ parent: queue, task: { httpRequest: { url: target.url } } });
  await f.emulator.advance(3_500);
  const [now] = await f.client.getTask({ name: task.name as string });
  expect(now.dispatchCount).toBe(3);
  expect(now.responseCount).toBe(3);
  expect(Number(now.scheduleTime?.seconds) * 1000 - t0).toBe(7_000);
  expect(Number(now.firstAttempt?.dispatchTime?.seconds) * 1000).toBe(t0);
  expect(Number(now.lastAttempt?.dispatchTime?.seconds) * 1000 - t0).toBe(3_000);
  expect(now.lastAttempt?.responseStatus?.code).toBe(13);
});

test('100 tasks at maxDispatchesPerSecond 20 and maxConcurrentDispatches 3 exceed neither', async () => {
  await using f = await startFixture();
  // Each request is held 15 ms of real time, so up to 3 are open together at one clock instant.
  await using target = await recordingTarget(
    () => 200,
    () => f.clock.now(),
    15,
  );
  const queue = queueName('rate');
  const [q] = await f.client.createQueue({
    parent: PARENT,
    queue: { name: queue, rateLimits: { maxDispatchesPerSecond: 20, maxConcurrentDispatches: 3 } },
  });
  const burst = q.rateLimits?.maxBurstSize as number;
  expect(burst).toBe(4);
  await f.client.pauseQueue({ name: queue });
  for (let i = 0; i < 100; i++) {
    await f.client.createTask({
      parent: queue,
      task: { name: `${queue}/tasks/u${i}`, httpRequest: { url: `${target.url}/${i}` } },
    });
  }
  const t0 = f.clock.now();
  await f.client.resumeQueue({ name: queue });
  await f.emulator.advance(10_000);
  const times = target.requests.map((r) => r.at - t0);
  expect(times).toHaveLength(100);
  expect(new Set(target.requests.map((r) => r.url)).size).toBe(100);
  expect(target.maxOpen()).toBeGreaterThan(1);
  expect(target.maxOpen()).toBeLessThanOrEqual(3);
  // Token bucket: any window of w ms holds at most burst + 20·w/1000 dispatches; windows that
  // start after the initial burst hold at most 20 per second.
  for (let i = 0; i < times.length; i++) {
    const inWindow = times.filter(
      (t) => t >= (times[i] as number) && t < (times[i] as number) + 1_000,
    ).length;
    expect(inWindow).toBeLessThanOrEqual(20 + burst);
    if ((times[i] as number) > 0) expect(inWindow).toBeLessThanOrEqual(20);
  }
  expect(times.at(-1)).toBe(((100 - burst) * 1000) / 20);
});
