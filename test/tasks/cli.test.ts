// `devkit tasks ...` with gcloud's flag names, as real processes against an in-process emulator:
// queue create/update/describe/list/pause, create-http-task, list, describe, run, delete.
import { expect, test } from 'vitest';
import { runDevkit } from '../helpers/run-devkit.ts';
import { recordingTarget, startFixture, waitFor } from './helpers.ts';

test('queues and HTTP tasks through the CLI land in the emulator and dispatch', async () => {
  await using f = await startFixture({ start: new Date().toISOString() });
  await using target = await recordingTarget();
  const env = {
    CLOUD_TASKS_EMULATOR_HOST: f.emulator.address,
    GOOGLE_CLOUD_PROJECT: 'cli-tasks',
    DEVKIT_TARGET: 'local',
  };
  const queue = 'projects/cli-tasks/locations/us-central1/queues/cli-q';
  const ok = async (args: string[]) => {
    const r = await runDevkit(args, env, { timeoutMs: 60_000 });
    expect(r.code, `${args.join(' ')}\n${r.stderr}`).toBe(0);
    return r;
  };
  await ok([
    'tasks',
    'queues',
    'create',
    'cli-q',
    '--max-dispatches-per-second=5',
    '--max-attempts=3',
    '--min-backoff=2s',
  ]);
  await ok(['tasks', 'queues', 'update', 'cli-q', '--max-concurrent-dispatches=2', '--max-doublings=0']);
  await ok(['tasks', 'queues', 'pause', 'cli-q']);
  const described = JSON.parse((await ok(['tasks', 'queues', 'describe', 'cli-q'])).stdout);
  expect(described).toMatchObject({
    name: queue,
    state: 'PAUSED',
    rateLimits: { maxDispatchesPerSecond: 5, maxConcurrentDispatches: 2 },
    retryConfig: { maxAttempts: 3, maxDoublings: 0 },
  });
  await ok([
    'tasks',
    'create-http-task',
    'job-1',
    '--queue=cli-q',
    `--url=${target.url}/hook`,
    '--method=PUT',
    '--header=Content-Type: application/json',
    '--body-content={"n":1}',
  ]);
  const listed = JSON.parse((await ok(['tasks', 'list', '--queue=cli-q', '--json'])).stdout);
  expect(listed.map((t: { name: string }) => t.name)).toEqual([`${queue}/tasks/job-1`]);
  const task = JSON.parse((await ok(['tasks', 'describe', 'job-1', '--queue=cli-q'])).stdout);
  expect(task.httpRequest).toMatchObject({ url: `${target.url}/hook`, httpMethod: 'PUT' });
  const table = await ok(['tasks', 'queues', 'list']);
  expect(table.stdout).toMatch(/cli-q\s+PAUSED\s+5\s+2\s+3\s+1/);
  await ok(['tasks', 'run', 'job-1', '--queue=cli-q']);
  await waitFor(() => target.requests.length === 1, 'the forced dispatch');
  expect(target.requests[0]).toMatchObject({ method: 'PUT', body: '{"n":1}' });
  expect(target.requests[0]?.headers['content-type']).toBe('application/json');
  await ok(['tasks', 'create-http-task', '--queue=cli-q', `--url=${target.url}/x`]);
  const [second] = (await f.client.listTasks({ parent: queue }))[0];
  await ok(['tasks', 'delete', String(second?.name)]);
  expect((await f.client.listTasks({ parent: queue }))[0]).toHaveLength(0);
  const bad = await runDevkit(['tasks', 'queues', 'create', 'bad_name'], env, { timeoutMs: 60_000 });
  expect(bad.code).toBe(1);
  expect(bad.stderr).toMatch(/INVALID_ARGUMENT|invalid/i);
}, 240_000);

test('devkit status --json lists the queues with their limits and waiting tasks', async () => {
  await using f = await startFixture({ start: new Date().toISOString() });
  const parent = 'projects/status-tasks/locations/us-central1';
  await f.client.createQueue({
    parent,
    queue: { name: `${parent}/queues/sq`, rateLimits: { maxDispatchesPerSecond: 3 } },
  });
  await f.client.pauseQueue({ name: `${parent}/queues/sq` });
  await f.client.createTask({
    parent: `${parent}/queues/sq`,
    task: { httpRequest: { url: 'http://127.0.0.1:9/' } },
  });
  const env = {
    CLOUD_TASKS_EMULATOR_HOST: f.emulator.address,
    GOOGLE_CLOUD_PROJECT: 'status-tasks',
    DEVKIT_TARGET: 'local',
  };
  const r = await runDevkit(['status', '--json'], env, { timeoutMs: 60_000 });
  expect(r.code, r.stderr).toBe(0);
  expect(JSON.parse(r.stdout).queues).toEqual([
    {
      name: 'sq',
      state: 'PAUSED',
      maxDispatchesPerSecond: 3,
      maxConcurrentDispatches: 1000,
      maxAttempts: 100,
      tasks: 1,
      tasksCapped: false,
    },
  ]);
}, 120_000);
