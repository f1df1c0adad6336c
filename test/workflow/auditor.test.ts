// The auditor process reports a unit that started and never finished (its worker died, the lease
// expired, no complete), and counts it as finished once another worker completes it.
import { afterEach, expect, it } from 'vitest';
import { eventually } from '../helpers/processes.ts';
import { uploadWork, type WorkflowFixture, workflowFixture } from './helpers.ts';

let fx: WorkflowFixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

it('reports a unit whose worker died mid-way as stalled, then sees it completed by another', async () => {
  fx = await workflowFixture();
  const auditor = await fx.auditor(['--stalled-after-ms', '1500', '--summary-every-ms', '200'], {
    DEVKIT_LOG_LEVEL: 'debug',
  });
  const doomed = await fx.worker(['--worker-id', 'doomed', '--lease-ms', '1000', '--delay-ms', '60000']);
  const [unit] = await uploadWork(fx.storage, fx.names.workBucket, 1);
  // Killed once its `processing` announcement is out (the auditor has recorded it).
  const recorded = () => auditor.logs().some((l) => l.msg === 'recorded' && l.event === 'processing');
  expect(await eventually(recorded, 15_000)).toBe(true);
  doomed.child.kill('SIGKILL');
  await doomed.exited;

  // While the lease is alive the unit is in flight, not stalled; after it expires it is stalled.
  expect(auditor.stdout()).not.toContain('"report":"stalled"');
  expect(await eventually(() => auditor.stdout().includes('"report":"stalled"'), 10_000)).toBe(true);
  const report = JSON.parse(/^\{"report":"stalled".*$/m.exec(auditor.stdout())![0]);
  expect(report).toMatchObject({ unitKey: unit, workers: ['doomed'], starts: 1 });
  // The report is also listed in Redis (what the dashboard shows), until the unit completes.
  const listed = fx.keys.report('stalled', unit!);
  expect(await eventually(async () => (await fx!.redis.exists(listed)) === 1, 5_000)).toBe(true);
  expect(JSON.parse((await fx.redis.get(listed))!)).toMatchObject({ report: 'stalled', unitKey: unit });

  const rescuer = await fx.worker(['--worker-id', 'rescuer', '--lease-ms', '1000']);
  expect(await eventually(async () => (await fx!.redis.exists(fx!.keys.done(unit!))) === 1, 30_000)).toBe(
    true,
  );
  rescuer.child.kill('SIGTERM');
  expect((await rescuer.exited).code).toBe(0);
  expect(await eventually(() => auditor.summary()?.completed === 1, 10_000)).toBe(true);
  expect(await eventually(async () => (await fx!.redis.exists(listed)) === 0, 5_000)).toBe(true);
  auditor.child.kill('SIGTERM');
  expect((await auditor.exited).code).toBe(0);
  expect(auditor.summary()).toEqual({
    started: 1,
    completed: 1,
    inFlight: 0,
    stalled: 0,
    deadLettered: 0,
    duplicateCompletes: 0,
  });
}, 60_000);
