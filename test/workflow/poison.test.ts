// Acceptance 2: a unit whose handler throws is released and nacked, retried with growing delivery
// attempts, then lands in the dead-letter topic; the auditor reports it. Other units flow on.
import { afterEach, expect, it } from 'vitest';
import { eventually } from '../helpers/processes.ts';
import { uploadWork, type WorkflowFixture, workflowFixture } from './helpers.ts';

let fx: WorkflowFixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

it('retries a failing unit, dead-letters it after 5 attempts, and the auditor reports it', async () => {
  fx = await workflowFixture({ maxDeliveryAttempts: 5, retryBackoffSeconds: [1, 2] });
  const dead = await fx.collect(fx.names.dead);
  const processing = await fx.collect(fx.names.processing);
  const complete = await fx.collect(fx.names.complete);
  // Poison: the notified generation is gone by the time a worker downloads it (404 on every try).
  const ghost = fx.storage.bucket(fx.names.workBucket).file('ghost.txt');
  await ghost.save('soon gone', { resumable: false });
  const [meta] = await ghost.getMetadata();
  await ghost.delete();
  const poisonKey = `${fx.names.workBucket}/ghost.txt#${meta.generation}`;

  const auditor = await fx.auditor(['--stalled-after-ms', '60000', '--summary-every-ms', '200']);
  const worker = await fx.worker(['--lease-ms', '2000', '--worker-id', 'pw']);
  const [goodKey] = await uploadWork(fx.storage, fx.names.workBucket, 1);

  expect(await eventually(() => dead.units().includes(poisonKey), 60_000)).toBe(true);
  expect(complete.units()).toEqual([goodKey]);
  expect(complete.units()).not.toContain(poisonKey);

  // Retried: announced and failed once per delivery attempt, 1..5, each releasing its claim.
  const failures = worker.logs().filter((l) => l.msg === 'unit failed' && l.unit === poisonKey);
  expect(failures.map((l) => l.attempt)).toEqual([1, 2, 3, 4, 5]);
  expect(processing.units().filter((u) => u === poisonKey)).toHaveLength(5);
  expect(dead.messages[0]!.attributes.objectId).toBe('ghost.txt');
  expect(await fx.redis.keys(fx.keys.claimPattern())).toEqual([]);
  expect(await fx.redis.exists(fx.keys.done(poisonKey))).toBe(0);
  const [outputs] = await fx.storage.bucket(fx.names.processedBucket).getFiles();
  expect(outputs.map((f) => f.name)).toEqual(['f-000.txt.processed']);

  expect(await eventually(() => auditor.stdout().includes('"report":"dead-lettered"'), 10_000)).toBe(true);
  const report = JSON.parse(/^\{"report":"dead-lettered".*$/m.exec(auditor.stdout())![0]);
  expect(report).toMatchObject({ unitKey: poisonKey, workers: ['pw'], starts: 5 });
  expect(await eventually(() => auditor.summary()?.completed === 1, 10_000)).toBe(true);
  auditor.child.kill('SIGTERM');
  expect((await auditor.exited).code).toBe(0);
  expect(auditor.summary()).toMatchObject({ started: 2, completed: 1, deadLettered: 1, inFlight: 0 });
  worker.child.kill('SIGTERM');
  expect(await worker.exited).toEqual({ code: 0, signal: null });
}, 90_000);
