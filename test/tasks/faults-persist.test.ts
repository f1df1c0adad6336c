// Fault rules on the Tasks port (`/_devkit/faults`: RPC errors and forced dispatch failures), the
// port's guards, and persistence: queues and tasks survive a restart with the same data dir.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { PARENT, queueName, recordingTarget, startFixture, statusOf } from './helpers.ts';

const arm = (address: string, rule: unknown) =>
  fetch(`http://${address}/_devkit/faults`, { method: 'POST', body: JSON.stringify(rule) });

test('an error rule fails the named RPC; a dispatch rule fails attempts without reaching the worker', async () => {
  await using f = await startFixture();
  await using target = await recordingTarget(
    () => 200,
    () => f.clock.now(),
  );
  const queue = queueName('faults');
  await f.client.createQueue({
    parent: PARENT,
    queue: { name: queue, retryConfig: { minBackoff: { seconds: 1 }, maxBackoff: { seconds: 1 } } },
  });
  expect(
    (
      await arm(f.emulator.address, {
        service: 'tasks',
        kind: 'error',
        method: 'CreateTask',
        count: 1,
        status: 'UNAVAILABLE',
      })
    ).status,
  ).toBe(200);
  const create = () =>
    f.client.createTask(
      { parent: queue, task: { httpRequest: { url: target.url } } },
      { retry: { retryCodes: [] } },
    );
  expect(await statusOf(create())).toBe('UNAVAILABLE');
  await arm(f.emulator.address, {
    id: 'fail-2',
    service: 'tasks',
    kind: 'error',
    method: 'dispatch',
    target: queue.split('/').pop(),
    count: 2,
    status: 503,
  });
  const [task] = await create();
  await f.emulator.advance(5_000);
  expect(target.requests.map((r) => r.headers['x-cloudtasks-taskretrycount'])).toEqual(['2']);
  expect(target.requests[0]?.headers['x-cloudtasks-taskpreviousresponse']).toBe('503');
  expect(await statusOf(f.client.getTask({ name: task.name as string }))).toBe('NOT_FOUND');
  const report = (await (await fetch(`http://${f.emulator.address}/_devkit/faults`)).json()) as {
    rules: Array<{ id: string; hits: number }>;
  };
  expect(report.rules.find((r) => r.id === 'fail-2')?.hits).toBe(2);
});

test('a foreign browser Origin is refused with 403; official clients pass', async () => {
  await using f = await startFixture();
  const res = await fetch(`http://${f.emulator.address}/v2/${PARENT}/queues`, {
    headers: { origin: 'https://evil.example' },
  });
  expect(res.status).toBe(403);
  const ok = await fetch(`http://${f.emulator.address}/v2/${PARENT}/queues`);
  expect(ok.status).toBe(200);
});

test('queues, tasks and their counters survive a restart with the same data dir', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tasks-persist-'));
  try {
    const queue = queueName('persist');
    let taskName = '';
    {
      await using f = await startFixture({ dataDir: dir });
      await using target = await recordingTarget(
        () => 500,
        () => f.clock.now(),
      );
      await f.client.createQueue({
        parent: PARENT,
        queue: {
          name: queue,
          rateLimits: { maxDispatchesPerSecond: 7 },
          retryConfig: { minBackoff: { seconds: 60 }, maxBackoff: { seconds: 60 } },
        },
      });
      const [t] = await f.client.createTask({
        parent: queue,
        task: { httpRequest: { url: `${target.url}/p`, body: Buffer.from('x') } },
      });
      taskName = t.name as string;
      await f.emulator.settle();
      await f.client.createTask({
        parent: queue,
        task: {
          name: `${queue}/tasks/later`,
          scheduleTime: { seconds: f.clock.now() / 1000 + 3600 },
          httpRequest: { url: `${target.url}/later` },
        },
      });
      await f.client.pauseQueue({ name: queue });
    }
    await using f = await startFixture({ dataDir: dir });
    const [q] = await f.client.getQueue({ name: queue });
    expect(q).toMatchObject({ state: 'PAUSED', rateLimits: { maxDispatchesPerSecond: 7 } });
    const [t] = await f.client.getTask({ name: taskName, responseView: 'FULL' });
    expect(t).toMatchObject({ dispatchCount: 1, responseCount: 1 });
    expect(Buffer.from(t.httpRequest?.body as Uint8Array).toString()).toBe('x');
    expect((await f.client.listTasks({ parent: queue }))[0].map((x) => x.name)).toContain(
      `${queue}/tasks/later`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
