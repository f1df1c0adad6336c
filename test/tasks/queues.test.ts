// Queues over the wire with the official client, over gRPC and the REST fallback: create, get,
// list, update with field masks, pause/resume, purge, delete (name held 7 days), name rules.
import { describe, expect, test } from 'vitest';
import {
  statusOf as code,
  PARENT,
  queueName,
  recordingTarget,
  startFixture,
  type Transport,
} from './helpers.ts';

describe.each<Transport>(['grpc', 'rest'])('queues over %s', (transport) => {
  test('create fills Google defaults; get and list return it; bad names are INVALID_ARGUMENT', async () => {
    await using f = await startFixture({ transport });
    const name = queueName('defaults');
    const [created] = await f.client.createQueue({ parent: PARENT, queue: { name } });
    expect(created).toMatchObject({
      name,
      state: 'RUNNING',
      rateLimits: { maxDispatchesPerSecond: 500, maxBurstSize: 100, maxConcurrentDispatches: 1000 },
      retryConfig: { maxAttempts: 100, maxDoublings: 16 },
    });
    expect(Number(created.retryConfig?.maxBackoff?.seconds)).toBe(3600);
    expect(created.retryConfig?.minBackoff?.nanos).toBe(100_000_000);
    const [got] = await f.client.getQueue({ name });
    expect(got.name).toBe(name);
    const [listed] = await f.client.listQueues({ parent: PARENT });
    expect(listed.map((q) => q.name)).toContain(name);
    expect(await code(f.client.createQueue({ parent: PARENT, queue: { name } }))).toBe('ALREADY_EXISTS');
    expect(
      await code(f.client.createQueue({ parent: PARENT, queue: { name: `${PARENT}/queues/bad_name` } })),
    ).toBe('INVALID_ARGUMENT');
    expect(
      await code(
        f.client.createQueue({ parent: PARENT, queue: { name: `${PARENT}/queues/${'a'.repeat(101)}` } }),
      ),
    ).toBe('INVALID_ARGUMENT');
    expect(await code(f.client.getQueue({ name: `${PARENT}/queues/missing` }))).toBe('NOT_FOUND');
  });

  test('rateLimits, retryConfig and stackdriverLoggingConfig are stored; burst derives from the rate', async () => {
    await using f = await startFixture({ transport });
    const name = queueName('limits');
    const [q] = await f.client.createQueue({
      parent: PARENT,
      queue: {
        name,
        rateLimits: { maxDispatchesPerSecond: 20, maxConcurrentDispatches: 3, maxBurstSize: 999 },
        retryConfig: {
          maxAttempts: -1,
          maxRetryDuration: { seconds: 600 },
          minBackoff: { seconds: 1 },
          maxBackoff: { seconds: 10 },
          maxDoublings: 2,
        },
        stackdriverLoggingConfig: { samplingRatio: 0.5 },
      },
    });
    expect(q.rateLimits).toMatchObject({
      maxDispatchesPerSecond: 20,
      maxBurstSize: 4,
      maxConcurrentDispatches: 3,
    });
    expect(q.retryConfig).toMatchObject({ maxAttempts: -1, maxDoublings: 2 });
    expect(Number(q.retryConfig?.maxRetryDuration?.seconds)).toBe(600);
    expect(q.stackdriverLoggingConfig?.samplingRatio).toBe(0.5);
    const bad = { name: queueName('bad'), rateLimits: { maxDispatchesPerSecond: 501 } };
    expect(await code(f.client.createQueue({ parent: PARENT, queue: bad }))).toBe('INVALID_ARGUMENT');
    const badRetry = { name: queueName('bad'), retryConfig: { maxAttempts: -2 } };
    expect(await code(f.client.createQueue({ parent: PARENT, queue: badRetry }))).toBe('INVALID_ARGUMENT');
  });

  test('update with a field mask changes only the named fields; without a queue it creates one', async () => {
    await using f = await startFixture({ transport });
    const name = queueName('upd');
    await f.client.createQueue({
      parent: PARENT,
      queue: { name, rateLimits: { maxDispatchesPerSecond: 10 }, retryConfig: { maxAttempts: 5 } },
    });
    const [u] = await f.client.updateQueue({
      queue: {
        name,
        rateLimits: { maxDispatchesPerSecond: 50, maxConcurrentDispatches: 7 },
        retryConfig: { maxAttempts: 9 },
      },
      updateMask: { paths: ['rate_limits.max_dispatches_per_second'] },
    });
    expect(u.rateLimits).toMatchObject({
      maxDispatchesPerSecond: 50,
      maxBurstSize: 10,
      maxConcurrentDispatches: 1000,
    });
    expect(u.retryConfig?.maxAttempts).toBe(5);
    const [whole] = await f.client.updateQueue({
      queue: { name, retryConfig: { maxAttempts: 9 } },
      updateMask: { paths: ['retryConfig'] },
    });
    expect(whole.retryConfig).toMatchObject({ maxAttempts: 9, maxDoublings: 16 });
    expect(await code(f.client.updateQueue({ queue: { name }, updateMask: { paths: ['state'] } }))).toBe(
      'INVALID_ARGUMENT',
    );
    const fresh = queueName('upsert');
    const [made] = await f.client.updateQueue({
      queue: { name: fresh, rateLimits: { maxDispatchesPerSecond: 2 } },
    });
    expect(made).toMatchObject({ name: fresh, state: 'RUNNING', rateLimits: { maxDispatchesPerSecond: 2 } });
  });

  test('pause stops dispatch, resume restarts it; list filters by state', async () => {
    await using f = await startFixture({ transport });
    await using target = await recordingTarget();
    const name = queueName('pause');
    await f.client.createQueue({ parent: PARENT, queue: { name } });
    const [paused] = await f.client.pauseQueue({ name });
    expect(paused.state).toBe('PAUSED');
    await f.client.createTask({ parent: name, task: { httpRequest: { url: `${target.url}/p` } } });
    await f.emulator.advance(60_000);
    expect(target.requests).toHaveLength(0);
    const [onlyPaused] = await f.client.listQueues({ parent: PARENT, filter: 'state: PAUSED' });
    expect(onlyPaused.map((q) => q.name)).toEqual([name]);
    const [resumed] = await f.client.resumeQueue({ name });
    expect(resumed.state).toBe('RUNNING');
    await f.emulator.advance(1_000);
    expect(target.requests).toHaveLength(1);
  });

  test('purge removes every task and sets purgeTime', async () => {
    await using f = await startFixture({ transport });
    const name = queueName('purge');
    await f.client.createQueue({ parent: PARENT, queue: { name } });
    await f.client.pauseQueue({ name });
    for (let i = 0; i < 3; i++)
      await f.client.createTask({ parent: name, task: { httpRequest: { url: 'http://127.0.0.1:9/x' } } });
    expect((await f.client.listTasks({ parent: name }))[0]).toHaveLength(3);
    const [purged] = await f.client.purgeQueue({ name });
    expect(Number(purged.purgeTime?.seconds) * 1000).toBe(f.clock.now());
    expect((await f.client.listTasks({ parent: name }))[0]).toHaveLength(0);
  });

  test('delete removes the queue and its tasks; the name cannot be reused for 7 days', async () => {
    await using f = await startFixture({ transport });
    const name = queueName('del');
    await f.client.createQueue({ parent: PARENT, queue: { name } });
    await f.client.deleteQueue({ name });
    expect(await code(f.client.getQueue({ name }))).toBe('NOT_FOUND');
    expect(await code(f.client.createQueue({ parent: PARENT, queue: { name } }))).toBe('FAILED_PRECONDITION');
    await f.emulator.advance(6 * 86_400_000);
    expect(await code(f.client.createQueue({ parent: PARENT, queue: { name } }))).toBe('FAILED_PRECONDITION');
    await f.emulator.advance(86_400_000);
    expect(await code(f.client.createQueue({ parent: PARENT, queue: { name } }))).toBe('OK');
  });
});
