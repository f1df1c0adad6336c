// Tasks over the wire with the official client (gRPC and REST fallback): server-assigned and
// named tasks, dedupe for ~1 h after delete or execution, views, delete, RunTask on a paused
// queue, schedule and deadline bounds, and the attempt output fields.
import { describe, expect, test } from 'vitest';
import { PARENT, queueName, recordingTarget, startFixture, statusOf, type Transport } from './helpers.ts';

const HOUR = 3_600_000;

describe.each<Transport>(['grpc', 'rest'])('tasks over %s', (transport) => {
  test('create assigns an id or keeps the given name; a taken name is ALREADY_EXISTS for ~1 h', async () => {
    await using f = await startFixture({ transport });
    await using target = await recordingTarget(
      () => 200,
      () => f.clock.now(),
    );
    const queue = queueName('create');
    await f.client.createQueue({ parent: PARENT, queue: { name: queue } });
    const [auto] = await f.client.createTask({
      parent: queue,
      task: { httpRequest: { url: `${target.url}/a` } },
    });
    expect(auto.name).toMatch(new RegExp(`^${queue}/tasks/\\d{19}$`));
    const named = `${queue}/tasks/unit-1_a`;
    await f.client.pauseQueue({ name: queue });
    await f.client.createTask({
      parent: queue,
      task: { name: named, httpRequest: { url: `${target.url}/n` } },
    });
    const again = { parent: queue, task: { name: named, httpRequest: { url: `${target.url}/n` } } };
    expect(await statusOf(f.client.createTask(again))).toBe('ALREADY_EXISTS');
    await f.client.deleteTask({ name: named });
    expect(await statusOf(f.client.getTask({ name: named }))).toBe('NOT_FOUND');
    expect(await statusOf(f.client.createTask(again))).toBe('ALREADY_EXISTS');
    await f.emulator.advance(HOUR - 1_000);
    expect(await statusOf(f.client.createTask(again))).toBe('ALREADY_EXISTS');
    await f.emulator.advance(1_000);
    expect(await statusOf(f.client.createTask(again))).toBe('OK');
    // Executed: the name is held as well.
    await f.client.resumeQueue({ name: queue });
    await f.emulator.advance(1_000);
    expect(target.requests.filter((r) => r.url === '/n')).toHaveLength(1);
    expect(await statusOf(f.client.createTask(again))).toBe('ALREADY_EXISTS');
    expect(
      await statusOf(
        f.client.createTask({
          parent: queue,
          task: { name: `${queue}/tasks/bad.id`, httpRequest: { url: target.url } },
        }),
      ),
    ).toBe('INVALID_ARGUMENT');
    expect(
      await statusOf(
        f.client.createTask({ parent: `${PARENT}/queues/nope`, task: { httpRequest: { url: target.url } } }),
      ),
    ).toBe('NOT_FOUND');
  });

  test('get and list honour BASIC and FULL views; delete removes a task', async () => {
    await using f = await startFixture({ transport });
    const queue = queueName('views');
    await f.client.createQueue({ parent: PARENT, queue: { name: queue } });
    await f.client.pauseQueue({ name: queue });
    const body = Buffer.from('{"unit":7}');
    const [t] = await f.client.createTask({
      parent: queue,
      task: {
        httpRequest: { url: 'http://127.0.0.1:9/x', body, headers: { 'Content-Type': 'application/json' } },
      },
      responseView: 'FULL',
    });
    expect(t.view).toBe('FULL');
    expect(Buffer.from(t.httpRequest?.body as Uint8Array).toString()).toBe('{"unit":7}');
    const [basic] = await f.client.getTask({ name: t.name as string });
    expect(basic.view).toBe('BASIC');
    expect(basic.httpRequest?.body?.length ?? 0).toBe(0);
    expect(basic.httpRequest?.headers).toEqual({ 'Content-Type': 'application/json' });
    expect(basic.httpRequest?.httpMethod).toBe('POST');
    const [full] = await f.client.getTask({ name: t.name as string, responseView: 'FULL' });
    expect(Buffer.from(full.httpRequest?.body as Uint8Array).toString()).toBe('{"unit":7}');
    await f.client.createTask({ parent: queue, task: { httpRequest: { url: 'http://127.0.0.1:9/y' } } });
    const [page1, , resp] = await f.client.listTasks(
      { parent: queue, pageSize: 1, responseView: 'FULL' },
      { autoPaginate: false },
    );
    expect(page1).toHaveLength(1);
    expect(resp?.nextPageToken).toBeTruthy();
    const [all] = await f.client.listTasks({ parent: queue });
    expect(all).toHaveLength(2);
    expect(all.every((x) => x.view === 'BASIC')).toBe(true);
    await f.client.deleteTask({ name: t.name as string });
    expect((await f.client.listTasks({ parent: queue }))[0]).toHaveLength(1);
    expect(await statusOf(f.client.deleteTask({ name: t.name as string }))).toBe('NOT_FOUND');
  });

  test('scheduleTime up to 30 days ahead, dispatchDeadline in [15s, 30m] with a 10 min default', async () => {
    await using f = await startFixture({ transport });
    await using target = await recordingTarget(
      () => 200,
      () => f.clock.now(),
    );
    const queue = queueName('sched');
    await f.client.createQueue({ parent: PARENT, queue: { name: queue } });
    const now = f.clock.now() / 1000;
    const at = (s: number) => ({ seconds: Math.floor(now + s) });
    const [later] = await f.client.createTask({
      parent: queue,
      task: { scheduleTime: at(3600), httpRequest: { url: `${target.url}/later` } },
    });
    expect(Number(later.scheduleTime?.seconds)).toBe(Math.floor(now + 3600));
    expect(Number(later.dispatchDeadline?.seconds)).toBe(600);
    const tooFar = {
      parent: queue,
      task: { scheduleTime: at(30 * 86_400 + 60), httpRequest: { url: target.url } },
    };
    expect(await statusOf(f.client.createTask(tooFar))).toBe('INVALID_ARGUMENT');
    const edge = { parent: queue, task: { scheduleTime: at(30 * 86_400), httpRequest: { url: target.url } } };
    expect(await statusOf(f.client.createTask(edge))).toBe('OK');
    for (const [s, want] of [
      [14, 'INVALID_ARGUMENT'],
      [15, 'OK'],
      [1800, 'OK'],
      [1801, 'INVALID_ARGUMENT'],
    ] as const) {
      const req = {
        parent: queue,
        task: {
          dispatchDeadline: { seconds: s },
          scheduleTime: at(86_400),
          httpRequest: { url: target.url },
        },
      };
      expect(await statusOf(f.client.createTask(req)), `${s}s`).toBe(want);
    }
    await f.emulator.advance(3_599_000);
    expect(target.requests.filter((r) => r.url === '/later')).toHaveLength(0);
    await f.emulator.advance(1_000);
    expect(target.requests.filter((r) => r.url === '/later').map((r) => r.at - f.clock.now())).toEqual([0]);
  });

  test('RunTask dispatches on a paused queue and returns the task as dispatched; attempts are recorded', async () => {
    await using f = await startFixture({ transport });
    await using target = await recordingTarget(
      (n) => (n === 0 ? 500 : 200),
      () => f.clock.now(),
    );
    const queue = queueName('run');
    await f.client.createQueue({
      parent: PARENT,
      queue: { name: queue, retryConfig: { minBackoff: { seconds: 30 }, maxBackoff: { seconds: 30 } } },
    });
    await f.client.pauseQueue({ name: queue });
    const [t] = await f.client.createTask({
      parent: queue,
      task: { httpRequest: { url: `${target.url}/r` } },
    });
    expect(t.dispatchCount).toBe(0);
    const start = f.clock.now();
    const [ran] = await f.client.runTask({ name: t.name as string });
    expect(ran.dispatchCount).toBe(1);
    expect(Number(ran.firstAttempt?.dispatchTime?.seconds) * 1000).toBe(start);
    await f.emulator.settle();
    const [failed] = await f.client.getTask({ name: t.name as string });
    expect(failed).toMatchObject({ dispatchCount: 1, responseCount: 1 });
    expect(failed.lastAttempt?.responseStatus?.code).toBe(13);
    expect(Number(failed.lastAttempt?.responseTime?.seconds) * 1000).toBe(start);
    // schedule_time = the RunTask call + the retry delay; the queue is still paused.
    expect(Number(failed.scheduleTime?.seconds) * 1000).toBe(start + 30_000);
    await f.emulator.advance(60_000);
    expect(target.requests).toHaveLength(1);
    await f.client.runTask({ name: t.name as string });
    await f.emulator.settle();
    expect(target.requests).toHaveLength(2);
    expect(await statusOf(f.client.runTask({ name: t.name as string }))).toBe('NOT_FOUND');
  });
});
