// The scheduler's entry in the stack's EMULATORS table: what `devkit start scheduler` runs.
import { expect, test } from 'vitest';
import { silentLogger } from '../../emulators/common/index.ts';
import { EMULATORS } from '../../src/stack/emulators.ts';
import { PARENT, schedulerClient } from './helpers.ts';

test('starts on the default wall clock, exports CLOUD_SCHEDULER_EMULATOR_HOST, and can be advanced', async () => {
  const spec = EMULATORS.find((e) => e.name === 'scheduler');
  expect(spec).toMatchObject({ defaultPort: 8089, envName: 'CLOUD_SCHEDULER_EMULATOR_HOST' });
  await using server = await spec!.start({ host: '127.0.0.1', port: 0, project: 'p', logger: silentLogger });
  expect(spec!.envValue(server)).toBe(server.address);
  const client = schedulerClient(spec!.envValue(server));
  const [jobs] = await client.listJobs({ parent: PARENT });
  expect(jobs).toEqual([]);
  const before = Date.now();
  const res = await fetch(`http://${server.address}/admin/clock:advance`, {
    method: 'POST',
    body: JSON.stringify({ duration: '1h' }),
  });
  const { now } = (await res.json()) as { now: string };
  expect(Date.parse(now) - before).toBeGreaterThanOrEqual(3_600_000);
  await client.close();
});
