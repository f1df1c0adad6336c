// Hostile input against the Cloud Tasks emulator over gRPC (official client) and REST: garbage
// names, huge bodies and headers, absurd schedule times, rate limits and retry configs.
// Every call answers a client error in time; the queue created first is still there at the end.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PARENT, queueName, startFixture, type TasksFixture } from '../../tasks/helpers.ts';
import { big, call, expectGrpcCode, expectRefused, GRPC, within } from './setup.ts';

let fx: TasksFixture;
const kept = queueName('kept');
const url = (path: string) => `http://${fx.emulator.address}${path}`;
const httpRequest = { url: 'http://127.0.0.1:9/never', httpMethod: 'POST' as const };

beforeAll(async () => {
  fx = await startFixture();
  await fx.client.createQueue({ parent: PARENT, queue: { name: kept } });
  await fx.client.createTask({
    parent: kept,
    task: { httpRequest, scheduleTime: { seconds: 1_767_312_000 } },
  });
});

afterAll(async () => {
  const [queue] = await within(fx.client.getQueue({ name: kept }), 'getQueue after the attacks');
  expect(queue.name).toBe(kept);
  const [tasks] = await within(fx.client.listTasks({ parent: kept }), 'listTasks');
  expect(tasks.length).toBeGreaterThanOrEqual(1);
  await fx[Symbol.asyncDispose]();
}, 30_000);

describe('Tasks names', () => {
  it('garbage queue and task names are INVALID_ARGUMENT', async () => {
    for (const name of [`${PARENT}/queues/${big(200)}`, `${PARENT}/queues/a b`, 'garbage']) {
      await expectGrpcCode(
        fx.client.createQueue({ parent: PARENT, queue: { name } }),
        GRPC.INVALID_ARGUMENT,
        `queue ${name.slice(0, 60)}`,
      );
    }
    for (const name of [`${kept}/tasks/${big(600)}`, `${kept}/tasks/a/b`]) {
      await expectGrpcCode(
        fx.client.createTask({ parent: kept, task: { name, httpRequest } }),
        GRPC.INVALID_ARGUMENT,
        `task ${name.slice(-40)}`,
      );
    }
  });
});

describe('Tasks oversized names echoed into grpc-message', () => {
  it('100,000-character queue names fail fast (HTTP/2 cuts the routing header) and the channel keeps working', async () => {
    for (const attempt of [
      () =>
        fx.client.createQueue({ parent: PARENT, queue: { name: `${PARENT}/queues/${big(100_000, 'x')}` } }),
      () => fx.client.getQueue({ name: big(100_000, 'x') }),
    ]) {
      await expectGrpcCode(
        attempt(),
        [GRPC.INVALID_ARGUMENT, GRPC.INTERNAL, GRPC.RESOURCE_EXHAUSTED],
        'huge queue name',
      );
      const [queue] = await within(fx.client.getQueue({ name: kept }), 'getQueue after a huge name');
      expect(queue.name).toBe(kept);
    }
  });
});

describe('Tasks bodies, headers and times', () => {
  it('a task of 1 MiB + 1 byte of body is INVALID_ARGUMENT (the quotas page: maximum task size 1 MB)', async () => {
    const err = await expectGrpcCode(
      fx.client.createTask({
        parent: kept,
        task: { httpRequest: { ...httpRequest, body: Buffer.alloc(1024 * 1024 + 1) } },
      }),
      GRPC.INVALID_ARGUMENT,
      '1 MiB + 1 task',
    );
    expect(err?.details).toMatch(/maximum task size of 1 MB/);
  });

  it('a body or headers over the 1 MB task limit are INVALID_ARGUMENT', async () => {
    const headers = Object.fromEntries(Array.from({ length: 2_000 }, (_, i) => [`x-h${i}`, big(600)]));
    await expectGrpcCode(
      fx.client.createTask({ parent: kept, task: { httpRequest: { ...httpRequest, headers } } }),
      GRPC.INVALID_ARGUMENT,
      'headers > 1 MB',
    );
  });

  it('schedule times far in the future are INVALID_ARGUMENT; far past is accepted or refused', async () => {
    // Google: schedule_time may be at most 30 days in the future.
    for (const seconds of [253402300800, Number.MAX_SAFE_INTEGER]) {
      await expectGrpcCode(
        fx.client.createTask({ parent: kept, task: { httpRequest, scheduleTime: { seconds } } }),
        GRPC.INVALID_ARGUMENT,
        `scheduleTime ${seconds}`,
      );
    }
    const past = await within(
      fx.client
        .createTask({ parent: kept, task: { httpRequest, scheduleTime: { seconds: -62135596800 } } })
        .then(
          () => 0,
          (e: { code: number }) => e.code,
        ),
      'far past',
    );
    expect([0, GRPC.INVALID_ARGUMENT]).toContain(past);
  });
});

describe('Tasks rate limits and retry configs', () => {
  it('0, negative, NaN and huge rates and absurd retries are INVALID_ARGUMENT', async () => {
    const bad = [
      { rateLimits: { maxDispatchesPerSecond: -1 } },
      { rateLimits: { maxDispatchesPerSecond: Number.NaN } },
      { rateLimits: { maxDispatchesPerSecond: 1e12 } },
      { rateLimits: { maxConcurrentDispatches: -5 } },
      { rateLimits: { maxConcurrentDispatches: 1e9 } },
      { retryConfig: { maxAttempts: -2 } },
      { retryConfig: { maxDoublings: -1 } },
      { retryConfig: { minBackoff: { seconds: -10 } } },
      { retryConfig: { minBackoff: { seconds: 100 }, maxBackoff: { seconds: 1 } } },
    ];
    for (const extra of bad) {
      await expectGrpcCode(
        fx.client.createQueue({ parent: PARENT, queue: { name: queueName('r'), ...extra } }),
        GRPC.INVALID_ARGUMENT,
        JSON.stringify(extra),
      );
    }
  });
});

describe('Tasks REST', () => {
  it('a malformed percent escape in the path (%ZZ) is 400, a body nested 100,000 deep is 400', async () => {
    expectRefused(await call(url(`/v2/${PARENT}/queues/%ZZ`)), 400);
    const body = `{"task":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    expectRefused(await call(url(`/v2/${kept}/tasks`), { body }), 400);
  });

  it('wrong types, malformed and nested bodies are refused, never 500', async () => {
    const queues = url(`/v2/${PARENT}/queues`);
    for (const value of [null, 42, 'str', [], true, { deep: [1] }]) {
      for (const field of ['name', 'rateLimits', 'retryConfig', 'state']) {
        const a = await call(queues, { body: { name: queueName('w'), [field]: value } });
        expect(a.status, `${field}=${JSON.stringify(value)}: ${a.text.slice(0, 200)}`).toBeLessThan(500);
      }
    }
    expectRefused(await call(queues, { body: '{"name":' }), 400);
    expectRefused(
      await call(url(`/v2/${kept}/tasks`), { body: { task: { httpRequest: { url: 'x', body: '!!!' } } } }),
      400,
    );
  });
});
