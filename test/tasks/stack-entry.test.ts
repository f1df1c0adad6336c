// Cloud Tasks in the stack: the EMULATORS entry (port 8123, CLOUD_TASKS_EMULATOR_HOST) and
// `devkit start tasks --port N` as a real process, reachable by the official client.
import { expect, test } from 'vitest';
import { freePort, silentLogger } from '../../emulators/common/index.ts';
import { EMULATORS } from '../../src/stack/emulators.ts';
import { startDevkit } from '../helpers/devkit-process.ts';
import { PARENT, tasksClient } from './helpers.ts';

test('the stack entry: default port 8123, CLOUD_TASKS_EMULATOR_HOST=host:port, advanceable clock', async () => {
  const spec = EMULATORS.find((e) => e.name === 'tasks');
  expect(spec).toMatchObject({
    defaultPort: 8123,
    envName: 'CLOUD_TASKS_EMULATOR_HOST',
    servesIdentity: true,
  });
  await using server = await spec!.start({ host: '127.0.0.1', port: 0, project: 'p', logger: silentLogger });
  expect(spec!.envValue(server)).toBe(server.address);
  const client = tasksClient(server.address);
  expect((await client.listQueues({ parent: PARENT }))[0]).toEqual([]);
  const before = Date.now();
  const res = await fetch(`http://${server.address}/admin/clock:advance`, {
    method: 'POST',
    body: '{"duration":"1h"}',
  });
  expect(Date.parse(((await res.json()) as { now: string }).now) - before).toBeGreaterThanOrEqual(3_600_000);
  const certs = await fetch(`http://${server.address}/oauth2/v1/certs`);
  expect(certs.status).toBe(200);
  await client.close();
});

test('devkit start tasks --port N exports CLOUD_TASKS_EMULATOR_HOST and serves the API', async () => {
  const port = await freePort();
  const devkit = await startDevkit(['start', 'tasks', '--port', String(port)], {}, 60_000);
  try {
    expect(devkit.env.CLOUD_TASKS_EMULATOR_HOST).toBe(`127.0.0.1:${port}`);
    const client = tasksClient(devkit.env.CLOUD_TASKS_EMULATOR_HOST as string);
    const [q] = await client.createQueue({ parent: PARENT, queue: { name: `${PARENT}/queues/started` } });
    expect(q.state).toBe('RUNNING');
    await client.close();
  } finally {
    devkit.child.kill('SIGTERM');
    await devkit.exited;
  }
}, 90_000);
