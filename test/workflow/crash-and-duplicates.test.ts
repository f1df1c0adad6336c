// Acceptance 1: 99 work files, 3 worker processes, 30 duplicated notifications, one worker
// SIGKILLed while it holds claims — every file processed, each output written exactly once,
// every unit announced complete, no claim left in Redis.
import { afterEach, expect, it } from 'vitest';
import { eventually } from '../helpers/processes.ts';
import { publishDuplicate, uploadWork, versions, type WorkflowFixture, workflowFixture } from './helpers.ts';

let fx: WorkflowFixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

it('processes 99 files exactly once despite duplicates and a SIGKILLed worker', async () => {
  fx = await workflowFixture();
  const complete = await fx.collect(fx.names.complete);
  const auditor = await fx.auditor(['--stalled-after-ms', '60000', '--summary-every-ms', '200']);
  const args = ['--lease-ms', '2000', '--concurrency', '3', '--delay-ms', '250', '--replace', 'done'];
  const workers = await Promise.all([0, 1, 2].map((i) => fx!.worker([...args, '--worker-id', `w${i}`])));

  const units = await uploadWork(fx.storage, fx.names.workBucket, 99);
  // 30 duplicate notifications.
  await Promise.all(units.slice(0, 30).map((key) => publishDuplicate(fx!, key)));

  // Kill w0 mid-run, while it holds leases (so its units must be taken over, not lost).
  const victim = workers[0]!;
  const claimPrefix = fx.keys.claim('');
  const victimUnits = async () => {
    const keys = await fx!.redis.keys(fx!.keys.claimPattern());
    const owners = await Promise.all(keys.map((k) => fx!.redis.get(k)));
    return keys.filter((_, i) => owners[i]?.startsWith('w0:')).map((k) => k.slice(claimPrefix.length));
  };
  const victimBusy = async () => complete.messages.length >= 10 && (await victimUnits()).length > 0;
  // Frozen (SIGSTOP) while its claims are read, so what it holds cannot change before it dies; if
  // it finished everything between the check and the freeze, let it go on and try again.
  let held: string[] = [];
  for (let tries = 0; held.length === 0 && tries < 10; tries++) {
    expect(await eventually(victimBusy, 20_000)).toBe(true);
    victim.child.kill('SIGSTOP');
    held = await victimUnits();
    if (held.length === 0) victim.child.kill('SIGCONT');
  }
  victim.child.kill('SIGKILL');
  expect((await victim.exited).signal).toBe('SIGKILL');
  // What it died holding: claims that now only expiry can free.
  expect(held.length).toBeGreaterThan(0);
  const completedBeforeKill = new Set(complete.units()).size;
  expect(completedBeforeKill).toBeLessThan(99);

  expect(await eventually(() => new Set(complete.units()).size === 99, 60_000)).toBe(true);
  expect(new Set(complete.units())).toEqual(new Set(units));

  const outputs = await versions(fx.storage, fx.names.processedBucket);
  expect(outputs.size).toBe(99);
  expect([...outputs.values()].every((generations) => generations.length === 1)).toBe(true);
  const [sample] = await fx.storage.bucket(fx.names.processedBucket).file('f-042.txt.processed').download();
  expect(sample.toString()).toBe('file 42 rev done end');

  // A unit the victim announced but died before marking done has no done marker until its message
  // comes back (after the ack deadline the victim kept extending) and a survivor finishes it; only
  // then is every claim gone for good.
  const doneMarkers = async () => (await fx!.redis.keys(`${fx!.keys.prefix}:done:*`)).length;
  expect(await eventually(async () => (await doneMarkers()) === 99, 40_000)).toBe(true);
  expect(
    await eventually(async () => (await fx!.redis.keys(fx!.keys.claimPattern())).length === 0, 5000),
  ).toBe(true);

  // Each unit was completed once (one done marker); every extra notification (30, plus the
  // victim's deliveries it died holding) was recognised as a duplicate of a done unit and acked.
  const logs = () => workers.flatMap((w) => w.logs());
  const duplicates = () => logs().filter((l) => l.msg === 'duplicate of a done unit, acked').length;
  expect(await eventually(() => duplicates() >= 30, 20_000)).toBe(true);
  expect(logs().filter((l) => l.msg === 'completed')).toHaveLength(99);

  for (const w of workers.slice(1)) w.child.kill('SIGTERM');
  for (const w of workers.slice(1)) expect(await w.exited).toEqual({ code: 0, signal: null });
  // The units the killed worker held were finished by the survivors.
  const finishedBy = (unit: string) =>
    complete.messages.filter((m) => m.attributes.unitKey === unit).map((m) => m.attributes.workerId);
  expect(held.every((unit) => finishedBy(unit).some((w) => w === 'w1' || w === 'w2'))).toBe(true);

  // The auditor, following its own subscriptions, comes to the same account.
  expect(await eventually(() => auditor.summary()?.completed === 99, 10_000)).toBe(true);
  auditor.child.kill('SIGTERM');
  expect((await auditor.exited).code).toBe(0);
  expect(auditor.summary()).toMatchObject({ started: 99, completed: 99, inFlight: 0, deadLettered: 0 });
}, 150_000);
